package dev.llmrouter.providers.internal;

import dev.llmrouter.wire.HttpErrors;
import dev.llmrouter.api.spi.CancelSignal;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import okhttp3.Call;
import okhttp3.Response;

/**
 * One blocking HTTP call of a provider, the same for all of them: limited to the attempt's time, stopped by the
 * router's cancel signal, and its failures mapped: no answer at all is {@link HttpErrors#fromIo}, a connection lost
 * while the body arrives is {@link HttpErrors#midResponse}.
 *
 * @param response the response, its body already read (headers and status stay readable)
 * @param body     the whole body as text
 */
public record BlockingCall(Response response, String body) {

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
        return new BlockingCall(response, response.body().string());
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
