package dev.llmrouter.api;

/** The prompt does not fit the model's context window; a model with a larger one may take it. */
public class ContextWindowExceededException extends InvalidRequestException {
  public ContextWindowExceededException(String message, int status, String providerError, Throwable cause) {
    super(message, status, providerError, cause);
  }

  public ContextWindowExceededException(String message) {
    this(message, 400, null, null);
  }

  @Override
  public boolean retryable() {
    return false;
  }
}
