package dev.llmrouter.providers.internal;

import dev.llmrouter.api.spi.DeploymentSettings;
import java.time.Duration;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/** OkHttp clients configured from a deployment's timeouts. */
public final class HttpClients {
  private HttpClients() {}

  /**
   * For plain calls: the whole call must finish within the deployment's timeout. The dispatcher never queues
   * (OkHttp's default holds back all but 5 requests per host): the router bounds how many requests a deployment
   * gets ({@code max_parallel_requests}) and refuses the rest, where a hidden queue would turn them into timeouts.
   * The call timeout bounds every read and write of the call, so there are no read and write timeouts besides it:
   * each one is an entry in Okio's timeout queue on every socket read, and a wake-up of its watchdog thread.
   */
  public static OkHttpClient forCalls(DeploymentSettings settings) {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(Integer.MAX_VALUE);
    dispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .callTimeout(settings.timeout())
        .connectTimeout(min(settings.timeout(), Duration.ofSeconds(30)))
        .readTimeout(Duration.ZERO)
        .writeTimeout(Duration.ZERO)
        .retryOnConnectionFailure(false) // the router decides about retries
        .build();
  }

  /** For streams: no overall limit, but each chunk must come within the stream timeout. Shares the pool. */
  public static OkHttpClient forStreams(OkHttpClient calls, DeploymentSettings settings) {
    return calls.newBuilder()
        .callTimeout(Duration.ZERO)
        .readTimeout(settings.streamTimeout())
        .writeTimeout(settings.timeout())
        .build();
  }

  /** Releases the threads and connections of a client made here. */
  public static void close(OkHttpClient client) {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }
}
