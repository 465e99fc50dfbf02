package dev.llmrouter.api;

import java.time.Duration;
import java.util.Optional;

/**
 * The root of the error taxonomy routing acts on. Each subclass says whether trying again (on the
 * same or another deployment) can help. Messages never contain API keys.
 */
public abstract class LlmException extends RuntimeException {
  private final int status;
  private final String providerError;
  private volatile CallInfo callInfo;

  /**
   * @param status        the provider's HTTP status, or 0 when there was no response
   * @param providerError the provider's own error type or code (e.g. "rate_limit_error"), or null
   */
  protected LlmException(String message, int status, String providerError, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.providerError = providerError;
  }

  /** Whether another attempt may succeed. */
  public abstract boolean retryable();

  /** The provider's HTTP status, or 0 when there was none (a connection failure, a local decision). */
  public int status() {
    return status;
  }

  /** The provider's error type or code, if it sent one. */
  public Optional<String> providerError() {
    return Optional.ofNullable(providerError);
  }

  /** How the router served the call that failed (its id, attempts, time), once the call has ended. */
  public Optional<CallInfo> callInfo() {
    return Optional.ofNullable(callInfo);
  }

  /**
   * Set by the router when the call ends with this error; the first value stays (a failure seen by several calls,
   * such as a cached one, keeps the first call's).
   */
  public void attachCallInfo(CallInfo info) {
    if (callInfo == null) {
      callInfo = info;
    }
  }

  /** How long the provider asked us to wait before trying again, if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.empty();
  }
}
