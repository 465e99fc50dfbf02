package dev.llmrouter.providers.internal;

import dev.llmrouter.api.spi.CancelSignal;
import java.io.IOException;
import java.time.Duration;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * One streamed request whose body is a sequence of items that is not server-sent events: newline-delimited JSON
 * (Ollama's native API) or AWS's binary event-stream (Bedrock). Read on the calling thread ({@link #execute}) or on
 * one of OkHttp's ({@link #enqueue}), an item at a time, in order; the listener's callbacks come on that one thread,
 * and {@link #stop()} closes the connection, after a failure or a cancel.
 */
public final class BodyStreamCall {
  /** What a provider does with the stream. */
  public interface Listener {
    /** A response that is not 2xx, with its whole body (null when unreadable). */
    void onHttpError(Response response, String body);

    /**
     * One item: its type (an event-stream frame's {@code :event-type}, or {@code exception:<type>} for an exception
     * frame; null for a line) and its text. Return false when the answer is whole: reading stops.
     */
    boolean onItem(String type, String data);

    /** The body ended before {@link #onItem} returned false. */
    void onEnd();

    /** No answer at all ({@code midResponse} false), or the connection broke while the body came (true). */
    void onFailure(IOException e, boolean midResponse);
  }

  /** How a body splits into items. */
  interface Framing {
    /** Hands the body's items to {@code listener}; true when the body ended, false when the listener stopped it. */
    boolean read(BufferedSource body, Listener listener) throws IOException;
  }

  private final Call call;
  private final HttpTransport.Streams streams;
  private final Framing framing;

  private BodyStreamCall(Call call, HttpTransport.Streams streams, Framing framing) {
    this.call = call;
    this.streams = streams;
    this.framing = framing;
  }

  /** A body of JSON lines; blank lines are skipped. */
  static BodyStreamCall ndjson(Call call, HttpTransport.Streams streams) {
    return new BodyStreamCall(call, streams, (body, listener) -> {
      for (String line; (line = body.readUtf8Line()) != null; ) {
        if (!line.isBlank() && !listener.onItem(null, line)) {
          return false;
        }
      }
      return true;
    });
  }

  /** A body of AWS event-stream frames (needs the AWS SDK's {@code eventstream} module). */
  static BodyStreamCall awsEventStream(Call call, HttpTransport.Streams streams) {
    return new BodyStreamCall(call, streams, AwsEventStream::read);
  }

  /** Reads the whole stream on this thread, at most for {@code timeout} (none when null); {@code signal} stops it. */
  public void execute(Duration timeout, CancelSignal signal, Listener listener) {
    try (TimedStream timer = TimedStream.start(streams, call, timeout)) {
      Response response;
      try {
        response = BlockingCall.start(call, timer, signal);
      } catch (IOException e) {
        listener.onFailure(e, false);
        return;
      }
      read(response, listener);
    }
  }

  /** Reads the stream on an OkHttp thread and returns at once; it has the idle limit only. */
  public void enqueue(Listener listener) {
    TimedStream timer = TimedStream.start(streams, call, null);
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call c, IOException e) {
        timer.close();
        listener.onFailure(timer.failure(e), false);
      }

      @Override
      public void onResponse(Call c, Response response) {
        try (timer) {
          read(timer.watch(response), listener);
        }
      }
    });
  }

  /** Stops reading: the connection is closed. */
  public void stop() {
    call.cancel();
  }

  private void read(Response response, Listener listener) {
    try (response) {
      if (!response.isSuccessful()) {
        String body;
        try {
          body = response.body().string();
        } catch (IOException unreadable) {
          body = null;
        }
        listener.onHttpError(response, body);
        return;
      }
      if (framing.read(response.body().source(), listener)) {
        listener.onEnd();
      }
    } catch (IOException e) {
      listener.onFailure(e, true);
    }
  }
}
