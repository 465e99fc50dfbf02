package dev.llmrouter.providers.internal;

import dev.llmrouter.wire.HttpErrors;
import dev.llmrouter.api.spi.CancelSignal;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.Response;

/**
 * One blocking HTTP call of a provider, the same for all of them: limited to the attempt's time, stopped by the
 * router's cancel signal, and its failures mapped: no answer at all is {@link HttpErrors#fromIo}, a connection lost
 * while the body arrives is {@link HttpErrors#midResponse}.
 *
 * <p>The body is kept as the bytes read, UTF-8 (JSON's encoding, RFC 8259), so that a provider parses them as they
 * are ({@code OpenAiJson.readCompletion(byte[])}) rather than decoding them to text and the parser encoding that text
 * again; and without OkHttp's {@code ResponseBody.string()}, which parses the {@code Content-Type} with a regular
 * expression on every call to find a charset that JSON answers do not declare. One that does, other than UTF-8, is
 * transcoded once, and a UTF-8 byte-order mark dropped, as {@code string()} does.
 *
 * @param response the response, its body already read (headers and status stay readable)
 * @param utf8     the whole body, UTF-8 encoded; not to be written to
 */
public record BlockingCall(Response response, byte[] utf8) {
  private static final byte[] UTF_8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  /** The whole body as text. */
  public String body() {
    return new String(utf8, StandardCharsets.UTF_8);
  }

  /** {@code response}'s whole body, read here. */
  static BlockingCall read(Response response) throws IOException {
    byte[] bytes = response.body().bytes();
    String type = response.header("Content-Type");
    if (type != null && type.indexOf('=') >= 0) { // parameters: perhaps a charset
      MediaType media = MediaType.parse(type);
      Charset charset = media == null ? null : media.charset(null);
      if (charset != null && !charset.equals(StandardCharsets.UTF_8)) {
        bytes = new String(bytes, charset).getBytes(StandardCharsets.UTF_8);
      }
    }
    if (bytes.length >= 3 && Arrays.equals(bytes, 0, 3, UTF_8_BOM, 0, 3)) {
      bytes = Arrays.copyOfRange(bytes, 3, bytes.length);
    }
    return new BlockingCall(response, bytes);
  }

  /**
   * Runs {@code call} and reads its whole body, within {@code timeout} (none when null) kept by {@code deadlines}; a
   * call past it fails as a timeout.
   */
  public static BlockingCall execute(CallDeadlines deadlines, Call call, Duration timeout, CancelSignal signal,
                                     String provider) {
    signal.onCancel(call::cancel);
    CallDeadlines.Deadline deadline = timeout == null ? null : deadlines.start(call::cancel, timeout);
    try {
      Response response;
      try {
        response = call.execute();
      } catch (IOException e) {
        throw HttpErrors.fromIo(provider, timedOut(deadline, e));
      }
      try (response) {
        return read(response);
      } catch (IOException e) {
        throw HttpErrors.midResponse(provider, timedOut(deadline, e));
      }
    } finally {
      if (deadline != null) {
        deadline.close();
      }
    }
  }

  /** A failure of a call its deadline cancelled is a timeout, as OkHttp's own call timeout reports it. */
  static IOException timedOut(CallDeadlines.Deadline deadline, IOException e) {
    if (deadline == null || !deadline.passed()) {
      return e;
    }
    InterruptedIOException timeout = new InterruptedIOException("timeout");
    timeout.initCause(e);
    return timeout;
  }

  /**
   * Executes a stream's {@code call} on this thread until its response headers, within its limits ({@code timer})
   * and cancelled when {@code signal} is raised; the response's body goes on being timed. Every stream read on the
   * calling thread starts here.
   */
  static Response start(Call call, TimedStream timer, CancelSignal signal) throws IOException {
    signal.onCancel(call::cancel);
    try {
      return timer.watch(call.execute());
    } catch (IOException e) {
      throw timer.failure(e);
    }
  }
}
