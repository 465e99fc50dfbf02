package dev.llmrouter.api;

/** The API key was missing or wrong (401). */
public class AuthenticationException extends LlmException {
  public AuthenticationException(String message, int status, String providerError, Throwable cause) {
    super(message, status, providerError, cause);
  }

  public AuthenticationException(String message) {
    this(message, 401, null, null);
  }

  @Override
  public boolean retryable() {
    return false;
  }
}
