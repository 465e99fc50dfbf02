package dev.llmrouter.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A limit of this gateway was reached (a tenant's, a key's, or the gateway's own): no provider was called. Never
 * retried by the router and never held against a deployment; the caller may try again after {@link #retryAfter()}.
 * Not a {@link RateLimitedException}, which is a provider's 429.
 */
public class RateLimitExceededException extends LlmException {
  private final String limitName;
  private final long limit;
  private final Duration retryAfter;
  private final List<RateLimitStatus> standing;

  /**
   * @param limitName  which limit, as configured (e.g. {@code "tenant engineering requests_per_minute"})
   * @param limit      its value
   * @param retryAfter until the window that refused the call starts over
   * @param standing   the caller's standing against each kind of limit, for the response headers
   */
  public RateLimitExceededException(String message, String limitName, long limit, Duration retryAfter,
                                    List<RateLimitStatus> standing) {
    super(message, 429, "rate_limit_exceeded", null);
    this.limitName = limitName;
    this.limit = limit;
    this.retryAfter = retryAfter;
    this.standing = List.copyOf(standing);
  }

  public String limitName() {
    return limitName;
  }

  public long limit() {
    return limit;
  }

  public List<RateLimitStatus> standing() {
    return standing;
  }

  @Override
  public boolean retryable() {
    return false;
  }

  @Override
  public Optional<Duration> retryAfter() {
    return Optional.of(retryAfter);
  }
}
