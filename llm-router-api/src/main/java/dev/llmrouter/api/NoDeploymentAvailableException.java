package dev.llmrouter.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every deployment the router could try, over retries and fallbacks, failed or was cooling down. The
 * failed attempts are attached as {@linkplain #getSuppressed() suppressed} exceptions, in order; the
 * status is that of the last failure, or 503 when nothing was tried.
 */
public class NoDeploymentAvailableException extends LlmException {
  private final Duration retryAfter;

  public NoDeploymentAvailableException(String message, List<? extends LlmException> failures, Duration retryAfter) {
    super(message, failures.isEmpty() ? 503 : failures.get(failures.size() - 1).status(), null,
        failures.isEmpty() ? null : failures.get(failures.size() - 1));
    failures.forEach(this::addSuppressed);
    this.retryAfter = retryAfter;
  }

  /** The last failure, whose kind decides how a caller should see this error. */
  public Optional<LlmException> lastFailure() {
    return Optional.ofNullable((LlmException) getCause());
  }

  @Override
  public boolean retryable() {
    return true;
  }

  /** When the earliest cooling-down deployment will be tried again, if any is cooling down. */
  @Override
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
