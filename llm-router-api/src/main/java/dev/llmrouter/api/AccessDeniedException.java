package dev.llmrouter.api;

/**
 * This gateway refuses the caller (403): its key or tenant may not use the model, or may not use it as configured
 * (a budgeted tenant and a model with no known price). No provider was called. Not a
 * {@link PermissionDeniedException}, which is a provider refusing the gateway.
 */
public class AccessDeniedException extends LlmException {
  public AccessDeniedException(String message) {
    super(message, 403, "permission_error", null);
  }

  @Override
  public boolean retryable() {
    return false;
  }
}
