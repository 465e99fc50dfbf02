package dev.llmrouter.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * Picks a deployment: among the usable ones (not cooling down, not excluded for this call) with the lowest
 * {@code order}, at random in proportion to their weights ("simple-shuffle").
 */
final class DeploymentSelector {
  private final Cooldowns cooldowns;
  private final DoubleSupplier random;

  DeploymentSelector(Cooldowns cooldowns, DoubleSupplier random) {
    this.cooldowns = cooldowns;
    this.random = random;
  }

  /** The chosen deployment, or null when none is usable. */
  Deployment pick(List<Deployment> group, Set<String> excluded) {
    List<Deployment> usable = new ArrayList<>();
    int bestOrder = Integer.MAX_VALUE;
    for (Deployment d : group) {
      if (excluded.contains(d.id()) || cooldowns.isCoolingDown(d.id())) {
        continue;
      }
      int order = d.config().order();
      if (order < bestOrder) {
        usable.clear();
        bestOrder = order;
      }
      if (order == bestOrder) {
        usable.add(d);
      }
    }
    if (usable.size() <= 1) {
      return usable.isEmpty() ? null : usable.get(0);
    }
    double total = 0;
    for (Deployment d : usable) {
      total += d.config().weight();
    }
    double r = random.getAsDouble() * total;
    for (Deployment d : usable) {
      r -= d.config().weight();
      if (r < 0) {
        return d;
      }
    }
    return usable.get(usable.size() - 1);
  }
}
