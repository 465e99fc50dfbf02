package dev.llmrouter.providers.internal;

import dev.llmrouter.api.spi.CancelSignal;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.ProviderContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * The HTTP client of the built-in providers: one per router, shared by all its deployments ({@link #of}), so a
 * gateway of fifty deployments has one connection pool, one dispatcher and one deadline thread, not fifty. Each
 * deployment's client comes from {@link #forCalls} and {@link #forStreams} with its own timeouts, on the shared parts
 * ({@link OkHttpClient#newBuilder()}). A provider made outside a router has a transport of its own.
 *
 * <ul>
 *   <li>The dispatcher never queues (OkHttp's default holds back all but 5 requests per host, and a sixth stream
 *       waits for one of them to end): the router bounds what a deployment gets ({@code max_parallel_requests}) and
 *       what the gateway takes ({@code global_max_parallel_requests}), and refuses the rest at once.
 *   <li>The pool keeps up to {@value #IDLE_CONNECTIONS} idle connections for {@value #KEEP_ALIVE_MINUTES} minutes
 *       (OkHttp's default keeps 5): with more calls at once than that, each call past the fifth opened a new
 *       connection.
 *   <li>A plain call is limited by {@link CallDeadlines}, not OkHttp's call timeout, and has no read and write timeouts
 *       besides: each is an entry in Okio's JVM-wide timeout queue, per call or per socket read.
 * </ul>
 */
public final class HttpTransport implements AutoCloseable {
  static final int IDLE_CONNECTIONS = 256;
  static final int KEEP_ALIVE_MINUTES = 5;

  private final OkHttpClient base;
  private final CallDeadlines deadlines;
  /** False for the view a provider gets of its router's transport: the router closes that one. */
  private final boolean owner;

  /** A transport of its own, for one provider made outside a router; the provider closes it. */
  public HttpTransport() {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(Integer.MAX_VALUE);
    dispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);
    this.base = new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(IDLE_CONNECTIONS, KEEP_ALIVE_MINUTES, TimeUnit.MINUTES))
        .callTimeout(Duration.ZERO)
        .readTimeout(Duration.ZERO)
        .writeTimeout(Duration.ZERO)
        .retryOnConnectionFailure(false) // the router decides about retries
        .build();
    this.deadlines = new CallDeadlines();
    this.owner = true;
  }

  private HttpTransport(HttpTransport shared) {
    this.base = shared.base;
    this.deadlines = shared.deadlines;
    this.owner = false;
  }

  /** The router's transport, as a view whose {@link #close()} leaves it open for the router's other deployments. */
  public static HttpTransport of(ProviderContext context) {
    return new HttpTransport(context.shared(HttpTransport.class, HttpTransport::new));
  }

  /** One deployment's plain calls, each limited to the attempt's time, or the deployment's timeout without one. */
  public Calls forCalls(DeploymentSettings settings) {
    return new Calls(base.newBuilder().connectTimeout(min(settings.timeout(), Duration.ofSeconds(30))).build(),
        deadlines, settings.timeout());
  }

  /**
   * A deployment's plain calls.
   *
   * @param client   the deployment's client on the shared pool
   * @param deadlines the router's deadline keeper
   * @param timeout  the limit of a call that comes without one: the deployment's {@code timeout}
   */
  public record Calls(OkHttpClient client, CallDeadlines deadlines, Duration timeout) {
    /** Runs {@code request} and reads the whole answer, within {@code limit} (null: the deployment's timeout). */
    public BlockingCall execute(Request request, Duration limit, CancelSignal signal, String provider) {
      return BlockingCall.execute(deadlines, client.newCall(request), limit != null ? limit : timeout, signal,
          provider);
    }
  }

  /**
   * For streams: each chunk must come within the stream timeout; the stream's whole time is the call's timeout
   * ({@link BlockingCall#start}).
   */
  public OkHttpClient forStreams(DeploymentSettings settings) {
    return base.newBuilder()
        .connectTimeout(min(settings.timeout(), Duration.ofSeconds(30)))
        .readTimeout(settings.streamTimeout())
        .writeTimeout(settings.timeout())
        .build();
  }

  public CallDeadlines deadlines() {
    return deadlines;
  }

  /** Releases the threads and connections, when this transport is its own; a router's view closes nothing. */
  @Override
  public void close() {
    if (owner) {
      base.dispatcher().executorService().shutdown();
      base.connectionPool().evictAll();
      deadlines.close();
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }
}
