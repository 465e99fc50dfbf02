package dev.llmrouter.api;

/** The request itself is wrong; the same request fails everywhere (400, 422). */
public class InvalidRequestException extends LlmException {
  public InvalidRequestException(String message, int status, String providerError, Throwable cause) {
    super(message, status, providerError, cause);
  }

  public InvalidRequestException(String message) {
    this(message, 400, null, null);
  }

  @Override
  public boolean retryable() {
    return false;
  }
}
