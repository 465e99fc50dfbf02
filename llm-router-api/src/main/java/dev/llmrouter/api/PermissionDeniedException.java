package dev.llmrouter.api;

/** The key may not use this model or resource (403). */
public class PermissionDeniedException extends LlmException {
  public PermissionDeniedException(String message, int status, String providerError, Throwable cause) {
    super(message, status, providerError, cause);
  }

  public PermissionDeniedException(String message) {
    this(message, 403, null, null);
  }

  @Override
  public boolean retryable() {
    return false;
  }
}
