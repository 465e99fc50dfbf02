package dev.llmrouter.internal;

import dev.llmrouter.api.Usage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * "latency-based-routing": the deployment with the lowest recent latency per output token (a moving average over
 * its successful attempts, so long answers don't count against it). A deployment with no measurement, or none
 * within {@code ttl}, is tried first, so new and long-unused deployments get measured again.
 */
final class LowestLatency implements RoutingStrategy {
  private static final double WEIGHT_OF_NEWEST = 0.3;

  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Measurement> latest = new ConcurrentHashMap<>();

  private record Measurement(double millisPerToken, Instant at) {}

  LowestLatency(Clock clock, Duration ttl) {
    this.clock = clock;
    this.ttl = ttl;
  }

  @Override
  public Deployment choose(List<Deployment> candidates, DoubleSupplier random) {
    Instant now = clock.instant();
    List<Deployment> unmeasured = new ArrayList<>();
    Deployment fastest = null;
    double best = Double.MAX_VALUE;
    for (Deployment d : candidates) {
      Measurement m = latest.get(d.id());
      if (m == null || m.at().plus(ttl).isBefore(now)) {
        unmeasured.add(d);
      } else if (m.millisPerToken() < best) {
        best = m.millisPerToken();
        fastest = d;
      }
    }
    return unmeasured.isEmpty() ? fastest : WeightedShuffle.pick(unmeasured, random);
  }

  @Override
  public void attemptEnded(Deployment d, Duration took, Usage usage) {
    if (usage == null) {
      return; // failures are the cooldowns' business
    }
    double sample = (double) took.toNanos() / 1_000_000 / Math.max(1, usage.outputTokens());
    Instant now = clock.instant();
    latest.compute(d.id(), (id, old) -> old == null || old.at().plus(ttl).isBefore(now)
        ? new Measurement(sample, now)
        : new Measurement(WEIGHT_OF_NEWEST * sample + (1 - WEIGHT_OF_NEWEST) * old.millisPerToken(), now));
  }
}
