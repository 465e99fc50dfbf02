package dev.llmrouter.internal;

import dev.llmrouter.api.Usage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * "usage-based-routing": the deployment that has used the fewest tokens in the current minute on this router,
 * leaving out those that reached their {@code rpm} or {@code tpm} for the minute; ties by weight. When every one
 * is at its limit, none is chosen and the call goes on to the alias's fallbacks. Requests count when they start,
 * tokens when they end.
 */
final class LowestUsage implements RoutingStrategy {
  private final Clock clock;
  private final Map<String, Minute> minutes = new ConcurrentHashMap<>();

  /** One deployment's counts within one clock minute. */
  private record Minute(long minute, long requests, long tokens) {
    /** {@code m} when it counts minute {@code now}, else that minute's zero counts. */
    static Minute at(Minute m, long now) {
      return m == null || m.minute() != now ? new Minute(now, 0, 0) : m;
    }

    Minute plus(long moreRequests, long moreTokens) {
      return new Minute(minute, requests + moreRequests, tokens + moreTokens);
    }
  }

  LowestUsage(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Deployment choose(List<Deployment> candidates, DoubleSupplier random) {
    long now = currentMinute();
    List<Deployment> withinLimits = candidates.stream()
        .filter(d -> withinLimits(d, Minute.at(minutes.get(d.id()), now))).toList();
    List<Deployment> least = RoutingStrategy.lowest(withinLimits, d -> Minute.at(minutes.get(d.id()), now).tokens());
    return least.isEmpty() ? null : WeightedShuffle.pick(least, random);
  }

  private static boolean withinLimits(Deployment d, Minute m) {
    Integer rpm = d.config().rpm();
    Integer tpm = d.config().tpm();
    return (rpm == null || m.requests() < rpm) && (tpm == null || m.tokens() < tpm);
  }

  @Override
  public void attemptStarted(Deployment d) {
    long now = currentMinute();
    minutes.compute(d.id(), (id, m) -> Minute.at(m, now).plus(1, 0));
  }

  @Override
  public void attemptEnded(Deployment d, Duration took, Usage usage) {
    if (usage == null) {
      return;
    }
    long now = currentMinute();
    long tokens = usage.inputTokens() + usage.outputTokens();
    minutes.compute(d.id(), (id, m) -> Minute.at(m, now).plus(0, tokens));
  }

  private long currentMinute() {
    return clock.millis() / 60_000;
  }
}
