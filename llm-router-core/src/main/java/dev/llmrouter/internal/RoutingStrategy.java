package dev.llmrouter.internal;

import dev.llmrouter.api.Usage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.ToDoubleFunction;

/**
 * How a deployment is chosen among an alias's usable ones ({@code router_settings.routing_strategy}, with
 * LiteLLM's names, listed in {@link dev.llmrouter.config.RouterSettings#ROUTING_STRATEGIES}).
 * {@link DeploymentSelector} has already left out deployments that are cooling down or excluded for the call, and
 * kept only the lowest {@code order}. Strategies keep per-router state only and are thread-safe.
 */
interface RoutingStrategy {
  /** One of {@code candidates} (never empty), or null when none may take a call now. */
  Deployment choose(List<Deployment> candidates, DoubleSupplier random);

  /** An attempt on {@code d} begins. */
  default void attemptStarted(Deployment d) {}

  /** The attempt on {@code d} ended after {@code took}; {@code usage} is null when it failed. */
  default void attemptEnded(Deployment d, Duration took, Usage usage) {}

  /** The candidates with the lowest score, ties kept in their order; empty for no candidates. */
  static List<Deployment> lowest(List<Deployment> candidates, ToDoubleFunction<Deployment> score) {
    List<Deployment> lowest = new ArrayList<>();
    double least = Double.POSITIVE_INFINITY;
    for (Deployment d : candidates) {
      double s = score.applyAsDouble(d);
      if (s < least || lowest.isEmpty()) {
        lowest.clear();
        least = s;
      }
      if (s == least) {
        lowest.add(d);
      }
    }
    return lowest;
  }

  static RoutingStrategy named(String name, Clock clock, PriceBook prices) {
    return switch (name) {
      case "simple-shuffle", "shuffle" -> WeightedShuffle.INSTANCE;
      case "least-busy" -> new LeastBusy();
      case "latency-based-routing" -> new LowestLatency(clock, Duration.ofHours(1));
      case "cost-based-routing" -> new LowestCost(prices);
      case "usage-based-routing", "usage-based-routing-v2" -> new LowestUsage(clock);
      default -> throw new IllegalArgumentException("unknown routing strategy " + name);
    };
  }

  /** At random in proportion to the deployments' weights ({@code weight}, else {@code rpm}, else {@code tpm}). */
  final class WeightedShuffle implements RoutingStrategy {
    static final WeightedShuffle INSTANCE = new WeightedShuffle();

    private WeightedShuffle() {}

    @Override
    public Deployment choose(List<Deployment> candidates, DoubleSupplier random) {
      return pick(candidates, random);
    }

    static Deployment pick(List<Deployment> candidates, DoubleSupplier random) {
      if (candidates.size() == 1) {
        return candidates.get(0);
      }
      double total = 0;
      for (Deployment d : candidates) {
        total += d.config().weight();
      }
      double r = random.getAsDouble() * total;
      for (Deployment d : candidates) {
        r -= d.config().weight();
        if (r < 0) {
          return d;
        }
      }
      return candidates.get(candidates.size() - 1);
    }
  }
}
