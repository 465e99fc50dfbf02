package dev.llmrouter.api.spi;

/**
 * Lets a blocking provider call be stopped from another thread: the provider registers what stops its upstream
 * request (OkHttp's {@code Call::cancel}, say), and the router runs it when the caller goes away.
 */
public interface CancelSignal {
  /** A signal that is never raised. */
  CancelSignal NONE = action -> { };

  /**
   * Registers what stops the running call; it runs at once if the call is already cancelled. Registering again
   * replaces the previous action.
   */
  void onCancel(Cancellable action);
}
