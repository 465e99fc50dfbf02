package dev.llmrouter.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.DoubleSupplier;

/**
 * Picks a deployment: among the usable ones (not cooling down, not excluded for this call, not at their
 * {@code max_parallel_requests}) with the lowest
 * {@code order}, the one the routing strategy chooses; the next {@code order} when it chooses none.
 */
final class DeploymentSelector {
  private final Cooldowns cooldowns;
  private final ParallelLimits limits;
  private final RoutingStrategy strategy;
  private final DoubleSupplier random;

  DeploymentSelector(Cooldowns cooldowns, ParallelLimits limits, RoutingStrategy strategy, DoubleSupplier random) {
    this.cooldowns = cooldowns;
    this.limits = limits;
    this.strategy = strategy;
    this.random = random;
  }

  /** The chosen deployment, or null when none is usable. */
  Deployment pick(List<Deployment> group, Set<String> excluded) {
    SortedMap<Integer, List<Deployment>> byOrder = new TreeMap<>();
    for (Deployment d : group) {
      if (!excluded.contains(d.id()) && !cooldowns.isCoolingDown(d.id()) && !limits.full(d)) {
        byOrder.computeIfAbsent(d.config().order(), o -> new ArrayList<>()).add(d);
      }
    }
    for (List<Deployment> tier : byOrder.values()) { // a strategy may refuse a whole tier (all at their limits)
      Deployment chosen = strategy.choose(tier, random);
      if (chosen != null) {
        return chosen;
      }
    }
    return null;
  }

  /** Whether some deployment of {@code group} would be usable but for its parallel-request limit. */
  boolean anyOnlyFull(List<Deployment> group, Set<String> excluded) {
    for (Deployment d : group) {
      if (!excluded.contains(d.id()) && !cooldowns.isCoolingDown(d.id()) && limits.full(d)) {
        return true;
      }
    }
    return false;
  }
}
