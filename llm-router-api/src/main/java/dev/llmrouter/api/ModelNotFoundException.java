package dev.llmrouter.api;

/** No such model, at the provider or among the router's aliases (404). */
public class ModelNotFoundException extends LlmException {
  public ModelNotFoundException(String message, int status, String providerError, Throwable cause) {
    super(message, status, providerError, cause);
  }

  public ModelNotFoundException(String message) {
    this(message, 404, null, null);
  }

  @Override
  public boolean retryable() {
    return false;
  }
}
