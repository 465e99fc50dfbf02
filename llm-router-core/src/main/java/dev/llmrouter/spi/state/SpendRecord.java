package dev.llmrouter.spi.state;

import dev.llmrouter.api.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One call, as the spend ledger keeps it: who, which model, what it used and cost, how it ended. Never a key, never
 * prompt or completion text.
 *
 * @param callId         the router's call id; a ledger keeps one record per id
 * @param time           when the call started
 * @param tenantId       the tenant, or null for a trusted caller
 * @param keyId          the key's id (never the key), or null
 * @param alias          the model name the caller asked for
 * @param deploymentId   the deployment that served (or last tried), or null when none was tried
 * @param providerModel  that deployment's model, or null
 * @param usage          tokens used (a cut stream: what it produced; a failure before content: zero)
 * @param cost           USD charged, or null when the deployment has no known price
 * @param status         {@code success} or {@code failure}
 * @param errorType      for a failure, its kind (the exception's simple name), else null
 * @param latency        from the call's start to its end
 * @param timeToFirstToken for a stream that produced content, until its first content; else null
 * @param endUser        the end user the caller named, or null
 * @param session        the client's session tag (Claude Code's session id), or null
 * @param ingress        where the call came in ({@link dev.llmrouter.api.Origin#ingress})
 * @param client         the client's {@code User-Agent}, or null
 * @param attempts       provider calls made (over retries and fallbacks); 0 for a cache hit or a refusal
 * @param upstreamLatency the time spent in those provider calls
 */
public record SpendRecord(String callId, Instant time, String tenantId, String keyId, String alias,
                          String deploymentId, String providerModel, Usage usage, BigDecimal cost, String status,
                          String errorType, Duration latency, Duration timeToFirstToken, boolean stream,
                          boolean cacheHit, String endUser, String session, String ingress, String client,
                          int attempts, Duration upstreamLatency) {
  public SpendRecord {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(status, "status");
    usage = usage == null ? Usage.ZERO : usage;
    ingress = ingress == null ? dev.llmrouter.api.Origin.LIBRARY.ingress() : ingress;
    upstreamLatency = upstreamLatency == null ? Duration.ZERO : upstreamLatency;
  }

  /** Whether the call was served. */
  public boolean succeeded() {
    return status.equals("success");
  }
}
