package dev.llmrouter.server;

import dev.llmrouter.wire.openai.ErrorEncoder;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;

/**
 * Reads a request body within the proxy's limits: at most {@code maxBytes}, with no silence longer than the body
 * timeout. When it can't, it answers the request itself (413, 408) and returns null.
 */
final class BodyReader {
  private final long maxBytes;
  private final Duration timeout;

  BodyReader(long maxBytes, Duration timeout) {
    this.maxBytes = maxBytes;
    this.timeout = timeout;
  }

  /** The body, or null when an error has been sent instead. */
  byte[] read(Exchange ex) throws IOException {
    ex.readingBody(true);
    try {
      byte[] body = readWithin(ex);
      if (body == null) {
        ex.sendError(ErrorEncoder.payloadTooLarge(maxBytes));
      }
      return body;
    } catch (IOException e) {
      if (!isTimeout(e)) {
        throw e; // the client went away mid-body: there is no one to answer
      }
      ex.header("Connection", "close");
      ex.bodyDone();
      ex.sendError(ErrorEncoder.requestTimeout(timeout.toSeconds()));
      return null;
    } finally {
      ex.readingBody(false);
    }
  }

  /**
   * The body, or null when it is over the limit (then it has been read and dropped, see {@link Exchange#sendError}).
   * A body of known length is read into an array of that length; {@link InputStream#readNBytes(int)} reads in 16 kB
   * arrays and copies the result, 32 kB of garbage for a chat request of a few hundred bytes.
   */
  private byte[] readWithin(Exchange ex) throws IOException {
    long length = ex.request.getLength();
    if (length <= maxBytes) {
      InputStream in = Content.Source.asInputStream(ex.request);
      byte[] body = length >= 0 ? readExactly(in, (int) length)
          : in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1)); // chunked: length unknown
      if (body.length <= maxBytes) {
        ex.bodyDone();
        return body;
      }
    }
    ex.drainBody();
    return null;
  }

  private static byte[] readExactly(InputStream in, int length) throws IOException {
    byte[] body = new byte[length];
    int read = in.readNBytes(body, 0, length);
    if (read < length) {
      throw new EOFException("the request body ended after " + read + " of its " + length + " bytes");
    }
    return body;
  }

  private static boolean isTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }
}
