package dev.llmrouter.providers.internal;

import dev.llmrouter.api.spi.CancelSignal;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.ProviderContext;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
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
 *   <li>A call is limited by {@link CallDeadlines}, not OkHttp's call timeout, and has no read and write timeouts
 *       besides: each is an entry in Okio's JVM-wide timeout queue, per call or per socket read. A stream's time
 *       between bytes is kept there too ({@link Streams}).
 *   <li>TLS is set up when the first deployment that may need it is made: one whose {@code api_base} is
 *       {@code http://} gets a plain-text client, and a gateway of such deployments never loads the JDK's trust
 *       store (a tenth of the start-up's wall time on one core). Any other, the provider's default address
 *       included, gets the client that speaks both, on the same pool and dispatcher.
 * </ul>
 */
public final class HttpTransport implements AutoCloseable {
  static final int IDLE_CONNECTIONS = 256;
  static final int KEEP_ALIVE_MINUTES = 5;

  /** Plain text only: building it does not touch TLS. */
  private final OkHttpClient base;
  /**
   * {@link #base} with TLS as well (OkHttp's default connection specs), made at its first use. Only the root's is
   * set, under the root's lock; a view's stays null.
   */
  private OkHttpClient tls;
  /** The transport that owns the clients: this one, or the router's for a view of it. */
  private final HttpTransport root;
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
        .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
        .build();
    this.deadlines = new CallDeadlines();
    this.root = this;
    this.owner = true;
  }

  private HttpTransport(HttpTransport shared) {
    this.base = shared.base;
    this.root = shared; // so the TLS client is made once per router, at the first deployment that needs it
    this.deadlines = shared.deadlines;
    this.owner = false;
  }

  /** The router's transport, as a view whose {@link #close()} leaves it open for the router's other deployments. */
  public static HttpTransport of(ProviderContext context) {
    return new HttpTransport(context.shared(HttpTransport.class, HttpTransport::new));
  }

  /** One deployment's plain calls, each limited to the attempt's time, or the deployment's timeout without one. */
  public Calls forCalls(DeploymentSettings settings) {
    OkHttpClient client = clientFor(settings).newBuilder()
        .connectTimeout(min(settings.timeout(), Duration.ofSeconds(30)))
        .build();
    return new Calls(client, deadlines, settings.timeout());
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
   * One deployment's streams: each byte within the deployment's {@code stream_timeout} of the one before, the
   * whole stream within the attempt's time when read on the caller's thread; both kept by {@link CallDeadlines}.
   */
  public Streams forStreams(DeploymentSettings settings) {
    OkHttpClient client = clientFor(settings).newBuilder()
        .connectTimeout(min(settings.timeout(), Duration.ofSeconds(30)))
        .build();
    return new Streams(client, deadlines, settings.streamTimeout());
  }

  /**
   * A deployment's streams.
   *
   * @param client    the deployment's client on the shared pool
   * @param deadlines the router's deadline keeper
   * @param idle      the longest time without a byte: the deployment's {@code stream_timeout}
   */
  public record Streams(OkHttpClient client, CallDeadlines deadlines, Duration idle) {
    /** A stream of server-sent events; {@code request} should say {@code Accept: text/event-stream}. */
    public SseCall sse(Request request) {
      return new SseCall(client.newCall(request), this);
    }

    /** A stream of JSON lines. */
    public BodyStreamCall ndjson(Request request) {
      return BodyStreamCall.ndjson(client.newCall(request), this);
    }

    /** A stream of AWS event-stream frames. */
    public BodyStreamCall awsEventStream(Request request) {
      return BodyStreamCall.awsEventStream(client.newCall(request), this);
    }
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

  /** The plain-text client for an {@code http://} api_base, else the one with TLS. */
  private OkHttpClient clientFor(DeploymentSettings settings) {
    String apiBase = settings.apiBase();
    return apiBase != null && apiBase.strip().toLowerCase(Locale.ROOT).startsWith("http://") ? base : tls();
  }

  private OkHttpClient tls() {
    synchronized (root) {
      if (root.tls == null) {
        root.tls = base.newBuilder().connectionSpecs(List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT))
            .build();
      }
      return root.tls;
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }
}
