package dev.llmrouter.api;

import java.time.Duration;
import java.util.Optional;

/** Too many requests (429); carries the provider's {@code Retry-After} when it sent one. */
public class RateLimitedException extends LlmException {
  private final Duration retryAfter;

  public RateLimitedException(String message, int status, String providerError, Duration retryAfter,
                              Throwable cause) {
    super(message, status, providerError, cause);
    this.retryAfter = retryAfter;
  }

  public RateLimitedException(String message, Duration retryAfter) {
    this(message, 429, null, retryAfter, null);
  }

  @Override
  public boolean retryable() {
    return true;
  }

  @Override
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
