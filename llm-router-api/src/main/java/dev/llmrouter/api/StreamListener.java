package dev.llmrouter.api;

/**
 * Receives a streamed answer. Exactly one of {@link #onComplete} or {@link #onError} ends a stream
 * (neither, if the caller cancelled it). Calls arrive on a single thread at a time, in order.
 */
public interface StreamListener {
  void onEvent(StreamEvent event);

  /** The stream ended normally; {@code response} is the whole answer assembled from the events. */
  default void onComplete(ChatResponse response) {}

  void onError(LlmException error);
}
