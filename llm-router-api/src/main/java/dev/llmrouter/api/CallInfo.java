package dev.llmrouter.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the router served a call.
 *
 * @param callId          the router's id for this call (also on every listener event)
 * @param attempts        provider calls made, over retries and fallbacks (0 for a cache hit)
 * @param cacheHit        served from the response cache
 * @param latency         from the router's start of the call to the response
 * @param upstreamLatency time spent waiting on providers, summed over attempts
 * @param rateLimits      the caller's standing against its limits after this call, one per kind
 *                        ({@code requests}, {@code tokens}) it has limits of; empty when none apply
 */
public record CallInfo(String callId, int attempts, boolean cacheHit, Duration latency, Duration upstreamLatency,
                       List<RateLimitStatus> rateLimits) {
  public CallInfo {
    Objects.requireNonNull(callId, "callId");
    latency = latency == null ? Duration.ZERO : latency;
    upstreamLatency = upstreamLatency == null ? Duration.ZERO : upstreamLatency;
    rateLimits = rateLimits == null ? List.of() : List.copyOf(rateLimits);
  }

  public CallInfo(String callId, int attempts, boolean cacheHit, Duration latency, Duration upstreamLatency) {
    this(callId, attempts, cacheHit, latency, upstreamLatency, List.of());
  }

  /** Time spent in the router itself rather than waiting on a provider. */
  public Duration overhead() {
    Duration d = latency.minus(upstreamLatency);
    return d.isNegative() ? Duration.ZERO : d;
  }
}
