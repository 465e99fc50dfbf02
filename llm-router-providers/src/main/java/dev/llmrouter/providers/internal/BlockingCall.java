package dev.llmrouter.providers.internal;

import dev.llmrouter.wire.HttpErrors;
import dev.llmrouter.api.spi.CancelSignal;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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

  /** Runs {@code call} and reads its whole body. */
  public static BlockingCall execute(Call call, Duration timeout, CancelSignal signal, String provider) {
    Response response;
    try {
      response = start(call, timeout, signal);
    } catch (IOException e) {
      throw HttpErrors.fromIo(provider, e);
    }
    try (response) {
      return new BlockingCall(response, response.body().string());
    } catch (IOException e) {
      throw HttpErrors.midResponse(provider, e);
    }
  }

  /**
   * Executes {@code call} on this thread until its response headers, limited to {@code timeout} (none when null; the
   * limit goes on through the body) and cancelled when {@code signal} is raised. Every provider call starts here.
   */
  static Response start(Call call, Duration timeout, CancelSignal signal) throws IOException {
    if (timeout != null) {
      call.timeout().timeout(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
    }
    signal.onCancel(call::cancel);
    return call.execute();
  }
}
