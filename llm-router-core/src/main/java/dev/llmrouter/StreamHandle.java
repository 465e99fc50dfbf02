package dev.llmrouter;

import dev.llmrouter.api.ChatResponse;
import java.util.concurrent.CompletableFuture;

/** A running streamed call. */
public interface StreamHandle {
  /** The router's id for this call, as in the response's {@code CallInfo} and on listener events. */
  String callId();

  /** Stops the call and closes the upstream connection; the listener hears nothing more. Idempotent. */
  void cancel();

  /** Completes with the whole answer (cost included), or exceptionally with the call's error. */
  CompletableFuture<ChatResponse> completion();
}
