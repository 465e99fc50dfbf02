package dev.llmrouter.api;

/**
 * The caller's key (or the tenant its principal names) is unknown, revoked or expired (401). No provider was
 * called. Not an {@link AuthenticationException}, which is a provider refusing the gateway's credentials.
 */
public class InvalidKeyException extends LlmException {
  public InvalidKeyException(String message) {
    super(message, 401, "authentication_error", null);
  }

  @Override
  public boolean retryable() {
    return false;
  }
}
