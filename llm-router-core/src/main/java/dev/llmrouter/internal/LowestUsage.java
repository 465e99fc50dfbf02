package dev.llmrouter.internal;

import dev.llmrouter.api.Usage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
    Minute plus(long now, long moreRequests, long moreTokens) {
      return now == minute ? new Minute(minute, requests + moreRequests, tokens + moreTokens)
          : new Minute(now, moreRequests, moreTokens);
    }
  }

  LowestUsage(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Deployment choose(List<Deployment> candidates, DoubleSupplier random) {
    long now = currentMinute();
    List<Deployment> least = new ArrayList<>();
    long fewest = Long.MAX_VALUE;
    for (Deployment d : candidates) {
      Minute m = minutes.getOrDefault(d.id(), new Minute(now, 0, 0)).plus(now, 0, 0);
      Integer rpm = d.config().rpm();
      Integer tpm = d.config().tpm();
      if (rpm != null && m.requests() >= rpm || tpm != null && m.tokens() >= tpm) {
        continue;
      }
      if (m.tokens() < fewest) {
        least.clear();
        fewest = m.tokens();
      }
      if (m.tokens() == fewest) {
        least.add(d);
      }
    }
    return least.isEmpty() ? null : WeightedShuffle.pick(least, random);
  }

  @Override
  public void attemptStarted(Deployment d) {
    long now = currentMinute();
    minutes.compute(d.id(), (id, m) -> (m == null ? new Minute(now, 0, 0) : m).plus(now, 1, 0));
  }

  @Override
  public void attemptEnded(Deployment d, Duration took, Usage usage) {
    if (usage == null) {
      return;
    }
    long now = currentMinute();
    long tokens = usage.inputTokens() + usage.outputTokens();
    minutes.compute(d.id(), (id, m) -> (m == null ? new Minute(now, 0, 0) : m).plus(now, 0, tokens));
  }

  private long currentMinute() {
    return clock.millis() / 60_000;
  }
}
