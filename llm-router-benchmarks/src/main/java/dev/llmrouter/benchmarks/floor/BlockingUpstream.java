package dev.llmrouter.benchmarks.floor;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;

/**
 * The upstream call of the floors that call the way the proxy does: one blocking OkHttp call on a client set up as
 * the proxy's (no limit on calls at once, no read, write or call timeout, no retries, plain text).
 */
final class BlockingUpstream {
  private static final MediaType JSON = MediaType.get("application/json");

  /** The upstream's status and body. */
  record Answer(int status, byte[] body) {}

  private final OkHttpClient client;
  private final HttpUrl url;

  BlockingUpstream(URI upstream) {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(Integer.MAX_VALUE);
    dispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);
    this.client = new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(256, 5, TimeUnit.MINUTES))
        .callTimeout(Duration.ZERO).readTimeout(Duration.ZERO).writeTimeout(Duration.ZERO)
        .retryOnConnectionFailure(false)
        .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
        .build();
    this.url = HttpUrl.get(upstream.toString());
  }

  /** POSTs {@code body} as JSON and waits for the whole answer. */
  Answer post(byte[] body) throws IOException {
    okhttp3.Request call = new okhttp3.Request.Builder().url(url).post(RequestBody.create(body, JSON)).build();
    try (okhttp3.Response answer = client.newCall(call).execute()) {
      return new Answer(answer.code(), answer.body().bytes());
    }
  }
}
