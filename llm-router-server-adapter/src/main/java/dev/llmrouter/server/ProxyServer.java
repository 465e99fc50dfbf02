package dev.llmrouter.server;

import dev.llmrouter.Router;
import dev.llmrouter.store.TenantStore;
import dev.llmrouter.wire.openai.ErrorEncoder;
import dev.llmrouter.wire.HttpError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * The OpenAI-compatible HTTP front of a {@link Router}, on Jetty 12 core handlers: HTTP/1.1 keep-alive,
 * TCP_NODELAY, no server version header, JSON errors even for requests Jetty itself refuses. {@link #stop()} drains
 * in-flight requests for up to {@link ProxySettings#drainTimeout()}. The router stays the caller's to close.
 */
public final class ProxyServer {
  private final Server server;
  private final ServerConnector connector;
  /** The metrics-only port ({@code general_settings.metrics_port}), or null. */
  private final ServerConnector metricsConnector;
  private final ExecutorService probes;
  private final DisconnectWatcher disconnects;
  private final java.util.concurrent.ScheduledExecutorService keepAlives;

  public ProxyServer(Router router, ProxySettings settings) {
    this(router, settings, Clock.systemUTC());
  }

  /** Connections waiting to be accepted. */
  static final int ACCEPT_QUEUE = 4096;

  /** The longest silence in a stream that has begun before a keep-alive event is sent. */
  public static final Duration KEEP_ALIVE_INTERVAL = Duration.ofSeconds(15);

  public ProxyServer(Router router, ProxySettings settings, Clock clock) {
    this(router, settings, clock, KEEP_ALIVE_INTERVAL);
  }

  /** @param keepAliveInterval the longest silence in a stream that has begun before a keep-alive is sent */
  public ProxyServer(Router router, ProxySettings settings, Clock clock, Duration keepAliveInterval) {
    this(router, settings, clock, keepAliveInterval, null);
  }

  /**
   * @param store where the admin API keeps tenants and keys (the router reads them through its tenant directory), or
   *              null for no admin API
   */
  public ProxyServer(Router router, ProxySettings settings, Clock clock, Duration keepAliveInterval,
                     TenantStore store) {
    this(router, settings, clock, keepAliveInterval, store, new Readiness(null, store),
        new Observability(router.config().monitoring()));
  }

  /**
   * @param readiness     the shared stores {@code /health/readiness} reports
   * @param observability what {@code /metrics} serves: the router's meters when it was built with its listener
   */
  ProxyServer(Router router, ProxySettings settings, Clock clock, Duration keepAliveInterval, TenantStore store,
              Readiness readiness, Observability observability) {
    server = new Server(settings.threading().pool());
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    // No per-connection header cache: Jetty's default (1,024) builds a trie of about 110 kB on a connection's first
    // request and keeps it while the connection lives, a gateway's heap spent on its open connections (a hundred
    // editors' keep-alives: 11 MB); it saved no measurable allocation a request (1.2-1.4 kB in the parser either way).
    http.setHeaderCacheSize(0);
    // Ambiguous paths (/v1//x, /v1/%2e%2e/x) reach the handler, which matches exact paths only and answers 404 in
    // JSON after reading the body; Jetty's own 400 for them closed the connection under a large unread body.
    http.setUriCompliance(UriCompliance.DEFAULT.with("llm-router",
        UriCompliance.AMBIGUOUS_VIOLATIONS.toArray(new UriCompliance.Violation[0])));
    connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(settings.host());
    connector.setPort(settings.port());
    connector.setAcceptedTcpNoDelay(true);
    // A burst of new connections (a thousand clients at once) waits in the kernel's queue instead of being refused:
    // the JVM's default backlog is 50. The kernel caps it at net.core.somaxconn.
    connector.setAcceptQueueSize(ACCEPT_QUEUE);
    connector.setIdleTimeout(settings.requestBodyTimeout().toMillis()); // see ProxyHandler: only bodies time out
    server.addConnector(connector);
    Integer metricsPortNumber = observability.settings().metricsPort();
    if (metricsPortNumber != null) {
      metricsConnector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
      metricsConnector.setHost(settings.host());
      metricsConnector.setPort(metricsPortNumber);
      server.addConnector(metricsConnector);
    } else {
      metricsConnector = null;
    }

    AtomicInteger n = new AtomicInteger();
    probes = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "health-probe-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      disconnects = new DisconnectWatcher(Duration.ofMillis(100));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector", e);
    }
    RequestGuard guard = new RequestGuard(ServerMain.isLoopback(settings.host()), settings.host(),
        settings.allowedHosts(), settings.allowedOrigins());
    keepAlives = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sse-keepalive");
      t.setDaemon(true);
      return t;
    });
    InFlight inFlight = new InFlight(settings.maxInFlight());
    observability.inFlight(inFlight);
    BodyReader bodies = new BodyReader(settings.maxRequestBodyBytes(), settings.requestBodyTimeout());
    CallRunner calls = new CallRunner(router, disconnects, keepAlives, keepAliveInterval);
    ProxyHandler handler = new ProxyHandler(new Auth(settings.masterKey(), router::authenticate, router.hasTenants()), guard,
        new ChatCompletionsEndpoint(bodies, calls, clock),
        new MessagesEndpoint(bodies, calls, router),
        new ModelsEndpoint(router, clock),
        new HealthEndpoint(router, probes, settings.healthTimeout(), readiness),
        store == null ? null : new AdminApi(store, id -> router.config().tenancy().tenants().stream()
            .anyMatch(t -> t.id().equals(id)), bodies, clock),
        new MetricsEndpoint(observability),
        request -> metricsConnector != null && request.getConnectionMetaData().getConnector() == metricsConnector,
        store == null ? null : new SpendReportsApi(store.reports()), inFlight);
    server.setHandler(new GracefulHandler(handler));
    server.setErrorHandler(ProxyServer::jsonError);
    server.setStopTimeout(settings.drainTimeout().toMillis());
    server.setStopAtShutdown(false);
  }

  /**
   * Starts listening; on port 0 a free port is picked, see {@link #port()}.
   *
   * @throws PortInUseException when another process has the port
   */
  public ProxyServer start() throws Exception {
    try {
      server.start();
    } catch (IOException e) {
      disconnects.close();
      probes.shutdownNow();
      keepAlives.shutdownNow();
      if (e.getCause() instanceof java.net.BindException || e instanceof java.net.BindException) {
        throw new PortInUseException(connector.getHost(), connector.getPort(),
            metricsConnector == null ? -1 : metricsConnector.getPort(), e);
      }
      throw e;
    }
    return this;
  }

  /** The port is taken. */
  public static final class PortInUseException extends IOException {
    PortInUseException(String host, int port, int metricsPort, IOException cause) {
      super("port " + port + (metricsPort >= 0 ? " or the metrics port " + metricsPort : "") + " on " + host
          + " is already in use (is another proxy running?); pick another with --port"
          + (metricsPort >= 0 ? " or general_settings.metrics_port (LLM_ROUTER_METRICS_PORT)" : ""), cause);
    }
  }

  /** The port it listens on. */
  public int port() {
    return connector.getLocalPort();
  }

  /** The metrics-only port, or -1 when there is none. */
  public int metricsPort() {
    return metricsConnector == null ? -1 : metricsConnector.getLocalPort();
  }

  public String host() {
    return connector.getHost();
  }

  /** Waits until the server has stopped. */
  public void join() throws InterruptedException {
    server.join();
  }

  /** Stops accepting, waits for in-flight requests (bounded), then closes every connection. */
  public void stop() throws Exception {
    try {
      server.stop();
    } finally {
      probes.shutdownNow();
      keepAlives.shutdownNow();
      disconnects.close();
    }
  }

  /** Jetty's own error responses (an unparsable request, a bad header...) in OpenAI's error shape, never HTML. */
  private static boolean jsonError(Request request, org.eclipse.jetty.server.Response response,
                                   org.eclipse.jetty.util.Callback callback) {
    Object status = request.getAttribute(ErrorHandler.ERROR_STATUS);
    int code = status instanceof Integer i ? i : response.getStatus() >= 400 ? response.getStatus() : 500;
    Object message = request.getAttribute(ErrorHandler.ERROR_MESSAGE);
    HttpError error = switch (code) {
      case 500 -> ErrorEncoder.httpStatus(code, "The gateway failed to process the request.");
      case 505 -> ErrorEncoder.httpStatus(code, "HTTP version not supported: this gateway speaks HTTP/1.1.");
      default -> ErrorEncoder.httpStatus(code, message instanceof String s ? s : null);
    };
    response.setStatus(code);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Exchange.JSON);
    response.write(true, ByteBuffer.wrap(error.json().getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }
}
