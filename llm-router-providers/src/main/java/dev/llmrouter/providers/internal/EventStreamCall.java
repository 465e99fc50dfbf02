package dev.llmrouter.providers.internal;

import dev.llmrouter.api.spi.CancelSignal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Response;
import okio.BufferedSource;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;

/**
 * One streamed request whose body is AWS's binary event-stream ({@code application/vnd.amazon.eventstream}, Bedrock's
 * {@code ConverseStream} and {@code InvokeModelWithResponseStream}): frames decoded, their CRCs checked, by the AWS
 * SDK's {@link MessageDecoder}, each handed on with its {@code :event-type} (or {@code exception:<type>} for an
 * {@code :message-type: exception} frame) and its payload as text. Read on the calling thread or on one of OkHttp's;
 * {@link #stop()} closes the connection.
 */
public final class EventStreamCall {
  private final Call call;

  public EventStreamCall(Call call) {
    this.call = call;
  }

  public void execute(Duration timeout, CancelSignal signal, Frames listener) {
    Response response;
    try {
      response = BlockingCall.start(call, timeout, signal);
    } catch (IOException e) {
      listener.onFailure(e, false);
      return;
    }
    read(response, listener);
  }

  public void enqueue(Frames listener) {
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

  public void stop() {
    call.cancel();
  }

  /** What a provider does with the frames. */
  public interface Frames {
    void onHttpError(Response response, String body);

    /** One frame: its type and its payload. Return false when the answer is whole: reading stops. */
    boolean onFrame(String type, String payload);

    void onEnd();

    void onFailure(IOException e, boolean midResponse);
  }

  private static void read(Response response, Frames listener) {
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
      Deque<Message> frames = new ArrayDeque<>();
      MessageDecoder decoder = new MessageDecoder(frames::add);
      BufferedSource source = response.body().source();
      byte[] buffer = new byte[8192];
      for (int n; (n = source.read(buffer)) != -1; ) {
        try {
          decoder.feed(buffer, 0, n);
        } catch (IllegalArgumentException | IllegalStateException corrupt) { // a bad prelude or CRC
          throw new IOException("a corrupt event-stream frame: " + corrupt.getMessage(), corrupt);
        }
        for (Message m; (m = frames.poll()) != null; ) {
          if (!listener.onFrame(type(m), new String(m.getPayload(), StandardCharsets.UTF_8))) {
            return;
          }
        }
      }
      listener.onEnd();
    } catch (IOException e) {
      listener.onFailure(e, true);
    }
  }

  private static String type(Message m) {
    HeaderValue messageType = m.getHeaders().get(":message-type");
    if (messageType != null && !"event".equals(messageType.getString())) {
      HeaderValue exception = m.getHeaders().get(":exception-type");
      return "exception:" + (exception == null ? messageType.getString() : exception.getString());
    }
    HeaderValue event = m.getHeaders().get(":event-type");
    return event == null ? null : event.getString();
  }
}
