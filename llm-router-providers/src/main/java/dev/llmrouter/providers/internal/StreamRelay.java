package dev.llmrouter.providers.internal;

import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.StreamAccumulator;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.api.StreamListener;
import java.util.List;

/**
 * The end of one streamed call that every provider's stream reader has: events on to the caller and into the
 * answer, then exactly one end, the whole answer or an error, and nothing after the end or after a cancel.
 * Callbacks come on the reading thread; {@link #cancel} may come from any thread.
 */
public final class StreamRelay {
  private final StreamListener listener;
  private final Runnable stopReading;
  private final StreamAccumulator accumulator = new StreamAccumulator();
  private volatile boolean cancelled;
  private boolean ended;

  /** @param stopReading closes the connection (the transport's {@code stop()}) */
  public StreamRelay(StreamListener listener, Runnable stopReading) {
    this.listener = listener;
    this.stopReading = stopReading;
  }

  /** Whether the call still takes events: neither ended nor cancelled. */
  public boolean open() {
    return !cancelled && !ended;
  }

  public void emit(List<StreamEvent> events) {
    for (StreamEvent event : events) {
      if (!open()) {
        return;
      }
      accumulator.accept(event);
      listener.onEvent(event);
    }
  }

  /** The answer is whole: the caller gets it, once. */
  public void complete() {
    if (open()) {
      ended = true;
      listener.onComplete(accumulator.toResponse());
    }
  }

  /** The call failed: reading stops and the caller gets the error, once. */
  public void fail(LlmException error) {
    if (open()) {
      ended = true;
      stopReading.run();
      listener.onError(error);
    }
  }

  /** The caller went away: reading stops, and it gets nothing more. */
  public void cancel() {
    cancelled = true;
    stopReading.run();
  }
}
