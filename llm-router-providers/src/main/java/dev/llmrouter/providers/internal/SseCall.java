package dev.llmrouter.providers.internal;

import dev.llmrouter.api.spi.CancelSignal;
import java.io.IOException;
import java.time.Duration;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Response;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

/**
 * One server-sent-events request of a provider, the same for all of them: read on the calling thread
 * ({@link #execute}) or on one of OkHttp's ({@link #enqueue}), its events parsed by OkHttp's SSE reader and handed
 * to the provider's listener in order. Two ways for the listener to stop reading: the {@code EventSource} it is
 * given (none, {@code null}, when the request failed before a response) ends the reading loop once the answer is
 * whole, and the rest of the body is read when the response closes, so the connection can serve the next request;
 * {@link #stop()} closes the connection, after a failure or a cancel.
 */
public final class SseCall {
  private final Call call;
  private final HttpTransport.Streams streams;

  /** {@code call}'s request should say {@code Accept: text/event-stream}; made by {@link HttpTransport.Streams}. */
  SseCall(Call call, HttpTransport.Streams streams) {
    this.call = call;
    this.streams = streams;
  }

  /**
   * Reads the whole stream on this thread, at most for {@code timeout} (none when null); {@code signal} stops it.
   * Returns when the listener has had its last callback ({@code onClosed} or {@code onFailure}).
   */
  public void execute(Duration timeout, CancelSignal signal, EventSourceListener listener) {
    try (TimedStream timer = TimedStream.start(streams, call, timeout)) {
      Response response;
      try {
        response = BlockingCall.start(call, timer, signal);
      } catch (IOException e) {
        listener.onFailure(null, e, null);
        return;
      }
      EventSources.processResponse(response, listener);
    }
  }

  /** Reads the stream on an OkHttp thread and returns at once; it has the idle limit only. */
  public void enqueue(EventSourceListener listener) {
    TimedStream timer = TimedStream.start(streams, call, null);
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call c, IOException e) {
        timer.close();
        listener.onFailure(null, timer.failure(e), null);
      }

      @Override
      public void onResponse(Call c, Response response) {
        try (timer) {
          EventSources.processResponse(timer.watch(response), listener);
        }
      }
    });
  }

  /** Stops reading: the connection is closed and the listener's next callback is a failure (or none). */
  public void stop() {
    call.cancel();
  }
}
