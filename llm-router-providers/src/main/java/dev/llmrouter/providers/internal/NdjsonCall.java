package dev.llmrouter.providers.internal;

import dev.llmrouter.api.spi.CancelSignal;
import java.io.IOException;
import java.time.Duration;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * One streamed request whose body is newline-delimited JSON (Ollama's native API), read on the calling thread
 * ({@link #execute}) or on one of OkHttp's ({@link #enqueue}), a line at a time, in order. The listener's callbacks
 * come on that one thread; {@link #stop()} closes the connection, after a failure or a cancel.
 */
public final class NdjsonCall {
  /** What a provider does with the stream. */
  public interface Listener {
    /** A response that is not 2xx, with its whole body. */
    void onHttpError(Response response, String body);

    /** One line of the body (blank lines are skipped). Return false when the answer is whole: reading stops. */
    boolean onLine(String line);

    /** The body ended before {@link #onLine} returned false. */
    void onEnd();

    /** No answer at all ({@code midResponse} false), or the connection broke while the body came (true). */
    void onFailure(IOException e, boolean midResponse);
  }

  private final Call call;

  public NdjsonCall(Call call) {
    this.call = call;
  }

  /** Reads the whole stream on this thread, at most for {@code timeout} (none when null); {@code signal} stops it. */
  public void execute(Duration timeout, CancelSignal signal, Listener listener) {
    Response response;
    try {
      response = BlockingCall.start(call, timeout, signal);
    } catch (IOException e) {
      listener.onFailure(e, false);
      return;
    }
    read(response, listener);
  }

  /** Reads the stream on an OkHttp thread and returns at once. */
  public void enqueue(Listener listener) {
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call c, IOException e) {
        listener.onFailure(e, false);
      }

      @Override
      public void onResponse(Call c, Response response) {
        read(response, listener);
      }
    });
  }

  /** Stops reading: the connection is closed. */
  public void stop() {
    call.cancel();
  }

  private static void read(Response response, Listener listener) {
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
      BufferedSource source = response.body().source();
      for (String line; (line = source.readUtf8Line()) != null; ) {
        if (!line.isBlank() && !listener.onLine(line)) {
          return;
        }
      }
      listener.onEnd();
    } catch (IOException e) {
      listener.onFailure(e, true);
    }
  }
}
