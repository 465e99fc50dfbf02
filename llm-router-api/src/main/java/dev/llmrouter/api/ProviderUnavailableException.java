package dev.llmrouter.api;

/** The provider failed (5xx, overloaded) or could not be reached. */
public class ProviderUnavailableException extends LlmException {
  public ProviderUnavailableException(String message, int status, String providerError, Throwable cause) {
    super(message, status, providerError, cause);
  }

  public ProviderUnavailableException(String message) {
    this(message, 0, null, null);
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
