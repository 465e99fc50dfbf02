package dev.llmrouter.providers.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import okio.BufferedSource;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;

/**
 * AWS's binary event-stream ({@code application/vnd.amazon.eventstream}: Bedrock's {@code ConverseStream} and
 * {@code InvokeModelWithResponseStream}) as items: frames decoded, their CRCs checked, by the AWS SDK's
 * {@link MessageDecoder}, each handed on with its {@code :event-type} (or {@code exception:<type>}) and its payload as
 * text. A class of its own so that only a stream of this kind loads the SDK's classes.
 */
final class AwsEventStream {
  private AwsEventStream() {}

  static boolean read(BufferedSource body, BodyStreamCall.Listener listener) throws IOException {
    Deque<Message> frames = new ArrayDeque<>();
    MessageDecoder decoder = new MessageDecoder(frames::add);
    byte[] buffer = new byte[8192];
    for (int n; (n = body.read(buffer)) != -1; ) {
      try {
        decoder.feed(buffer, 0, n);
      } catch (IllegalArgumentException | IllegalStateException corrupt) { // a bad prelude or CRC
        throw new IOException("a corrupt event-stream frame: " + corrupt.getMessage(), corrupt);
      }
      for (Message m; (m = frames.poll()) != null; ) {
        if (!listener.onItem(type(m), new String(m.getPayload(), StandardCharsets.UTF_8))) {
          return false;
        }
      }
    }
    return true;
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
