package dev.llmrouter.api;

/** The provider did not answer in time. */
public class LlmTimeoutException extends LlmException {
  public LlmTimeoutException(String message, int status, String providerError, Throwable cause) {
    super(message, status, providerError, cause);
  }

  public LlmTimeoutException(String message) {
    this(message, 0, null, null);
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
