package dev.llmrouter.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How the router served a call.
 *
 * @param callId          the router's id for this call (also on every listener event)
 * @param attempts        provider calls made, over retries and fallbacks (0 for a cache hit)
 * @param cacheHit        served from the response cache
 * @param latency         from the router's start of the call to the response
 * @param upstreamLatency time spent waiting on providers, summed over attempts
 */
public record CallInfo(String callId, int attempts, boolean cacheHit, Duration latency, Duration upstreamLatency) {
  public CallInfo {
    Objects.requireNonNull(callId, "callId");
    latency = latency == null ? Duration.ZERO : latency;
    upstreamLatency = upstreamLatency == null ? Duration.ZERO : upstreamLatency;
  }

  /** Time spent in the router itself rather than waiting on a provider. */
  public Duration overhead() {
    Duration d = latency.minus(upstreamLatency);
    return d.isNegative() ? Duration.ZERO : d;
  }
}
