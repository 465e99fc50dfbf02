package dev.llmrouter.api;

/** A content filter refused the request; another provider may not. */
public class ContentPolicyException extends InvalidRequestException {
  public ContentPolicyException(String message, int status, String providerError, Throwable cause) {
    super(message, status, providerError, cause);
  }

  public ContentPolicyException(String message) {
    this(message, 400, null, null);
  }

  @Override
  public boolean retryable() {
    return false;
  }
}
