package dev.llmrouter.api;

import java.time.Duration;
import java.util.Optional;

/**
 * Every deployment the call could use already has as many requests in flight as it takes
 * ({@code max_parallel_requests}). The router refuses at once rather than queueing; this says nothing about the
 * deployments' health, so it never cools one down. Trying again shortly may succeed.
 */
public class CapacityExceededException extends LlmException {
  private final Duration retryAfter;

  public CapacityExceededException(String message, Duration retryAfter) {
    super(message, 429, null, null);
    this.retryAfter = retryAfter;
  }

  /** Not retried inside the call: a retry would be a queue by another name. */
  @Override
  public boolean retryable() {
    return false;
  }

  @Override
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
