package dev.llmrouter.server;

import dev.llmrouter.wire.openai.ErrorEncoder;
import dev.llmrouter.wire.HttpError;
import java.io.IOException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a request by method and path (each path with or without {@code /v1}) to its endpoint, after checking the
 * key where one is needed, and writes one access log line per request: never headers, never bodies. Runs on a
 * pooled thread and may block.
 */
final class ProxyHandler extends Handler.Abstract {
  private static final Logger ACCESS = LoggerFactory.getLogger("dev.llmrouter.server.access");
  private static final Logger LOG = LoggerFactory.getLogger(ProxyHandler.class);

  private final Auth auth;
  private final RequestGuard guard;
  private final ChatCompletionsEndpoint chat;
  private final MessagesEndpoint messages;
  private final ModelsEndpoint models;
  private final HealthEndpoint health;
  private final AdminApi admin;
  private final MetricsEndpoint metrics;
  private final SpendReportsApi reports;
  private final UiEndpoint ui = new UiEndpoint();
  private final java.util.function.Predicate<Request> metricsPort;
  private final InFlight inFlight;

  /**
   * @param admin       the admin API, or null when the proxy has no tenant store
   * @param metricsPort whether a request came in on the metrics-only port, which answers {@code /metrics} without
   *                    a key and nothing else
   */
  ProxyHandler(Auth auth, RequestGuard guard, ChatCompletionsEndpoint chat, MessagesEndpoint messages,
               ModelsEndpoint models, HealthEndpoint health, AdminApi admin, MetricsEndpoint metrics,
               java.util.function.Predicate<Request> metricsPort, SpendReportsApi reports, InFlight inFlight) {
    this.inFlight = inFlight;
    this.admin = admin;
    this.reports = reports;
    this.metrics = metrics;
    this.metricsPort = metricsPort;
    this.auth = auth;
    this.guard = guard;
    this.chat = chat;
    this.messages = messages;
    this.models = models;
    this.health = health;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long start = request.getHeadersNanoTime();
    String rawPath = Request.getPathInContext(request);
    Exchange ex = new Exchange(request, response, normalize(rawPath), rawPath, start);
    ex.ingress(Ingress.of(ex.path, request.getHeaders().get("anthropic-version")));
    if (ex.ingress() == Ingress.ANTHROPIC) {
      ex.header("request-id", "req_" + java.util.UUID.randomUUID().toString().replace("-", ""));
    }
    // The connection's idle timeout is the request body timeout: a client that stops sending its body is timed
    // out, but a call may take minutes before its first byte, which the router's timeout bounds instead.
    request.addIdleTimeoutListener(timeout -> ex.readingBody());
    Throwable failure = null;
    try {
      dispatch(ex);
    } catch (Throwable t) {
      failure = t;
    }
    if (failure == null) {
      callback.succeeded();
    } else if (!response.isCommitted() && !(failure instanceof IOException)) {
      LOG.error("{} {} failed", ex.method(), ex.path, failure);
      Throwable cause = failure;
      failure = null;
      try {
        ex.sendFailure(cause);
        callback.succeeded();
      } catch (IOException | RuntimeException e) {
        failure = e;
        callback.failed(e);
      }
    } else {
      callback.failed(failure);
    }
    if (ACCESS.isDebugEnabled()) { // off unless asked for: the audit log has a line per call
      ACCESS.debug("{} {} {} {}ms{}{}", ex.method(), request.getHttpURI().getPath(),
          failure == null ? ex.status() : "aborted", (System.nanoTime() - start) / 1_000_000,
          ex.callId() == null ? "" : " ", ex.callId() == null ? "" : ex.callId());
    }
    return true;
  }

  private void dispatch(Exchange ex) throws IOException {
    if (metricsPort.test(ex.request)) {
      if (!ex.path.equals("/metrics")) {
        ex.sendError(ErrorEncoder.notFound(ex.method(), ex.rawPath));
      } else if (allowed(ex, "GET")) {
        metrics.handle(ex);
      }
      return;
    }
    HttpError refused = guard.check(ex.request.getHeaders());
    if (refused != null) {
      ex.sendError(refused);
      return;
    }
    boolean preflight = RequestGuard.isPreflight(ex.method(), ex.request.getHeaders());
    guard.corsHeaders(ex.request.getHeaders(), ex.response.getHeaders(), preflight);
    if (preflight) {
      ex.response.setStatus(204);
      ex.write(true, "");
      return;
    }
    switch (ex.path) {
      case "/chat/completions" -> {
        if (allowed(ex, "POST") && authorized(ex) && isJson(ex)) {
          modelCall(ex, chat::handle);
        }
      }
      case "/embeddings" -> {
        if (allowed(ex, "POST") && authorized(ex) && isJson(ex)) {
          modelCall(ex, chat::embeddings);
        }
      }
      case "/messages" -> {
        if (allowed(ex, "POST") && authorized(ex) && isJson(ex)) {
          modelCall(ex, messages::messages);
        }
      }
      case "/messages/count_tokens" -> {
        if (allowed(ex, "POST") && authorized(ex) && isJson(ex)) {
          messages.countTokens(ex);
        }
      }
      case "/models" -> {
        if (allowed(ex, "GET") && authorized(ex)) {
          models.handle(ex);
        }
      }
      case "/health" -> {
        if (allowed(ex, "GET")) {
          health(ex);
        }
      }
      case "/health/liveliness", "/health/liveness" -> {
        if (allowed(ex, "GET")) {
          health.liveliness(ex);
        }
      }
      case "/metrics" -> {
        if (allowed(ex, "GET") && (!metrics.requiresAuth() || adminAllowedOrOpen(ex))) {
          metrics.handle(ex);
        }
      }
      case "/health/readiness" -> {
        if (allowed(ex, "GET")) {
          health.readiness(ex);
        }
      }
      case "/model/info" -> {
        if (allowed(ex, "GET") && adminAllowedOrOpen(ex)) {
          models.info(ex);
        }
      }
      case "/spend/logs", "/global/spend/report" -> {
        if (reports == null) {
          ex.sendError(ErrorEncoder.notFound(ex.method(), ex.rawPath));
        } else if (allowed(ex, "GET") && authorized(ex)) {
          reports.handle(ex, ex.principal() == null ? null : ex.principal().tenantId());
        }
      }
      default -> {
        if (UiEndpoint.serves(ex.path)) {
          if (allowed(ex, "GET")) {
            ui.handle(ex);
          }
        } else if (admin != null && AdminApi.PATHS.contains(ex.path)) {
          if (adminAllowed(ex)) {
            admin.handle(ex);
          }
        } else {
          ex.sendError(ErrorEncoder.notFound(ex.method(), ex.rawPath));
        }
      }
    }
  }

  /** An endpoint that makes a model call. */
  private interface ModelCall {
    void handle(Exchange ex) throws IOException;
  }

  /**
   * Runs a model call within the in-flight bound: past it the call is answered 503 with {@code Retry-After: 1} in
   * the request's API's shape, at once and before its body is decoded.
   */
  private void modelCall(Exchange ex, ModelCall call) throws IOException {
    if (inFlight.tryEnter()) {
      ex.releaseBeforeLastWrite(inFlight::exit); // a client with its whole answer finds the place free
      try {
        call.handle(ex);
      } finally {
        ex.release();
      }
      return;
    }
    ex.sendError(ErrorEncoder.error(503, "The gateway is at its limit of " + inFlight.max()
            + " calls at once (global_max_parallel_requests); retry shortly.", "service_unavailable", null,
        "gateway_busy", java.time.Duration.ofSeconds(1)));
  }

  /**
   * Operators' pages ({@code /metrics}): the master key, not a tenant's (403); with no master key configured (a
   * loopback proxy without auth), open like everything else.
   */
  private boolean adminAllowedOrOpen(Exchange ex) throws IOException {
    return !auth.hasMasterKey() || adminAllowed(ex);
  }

  /** The admin API takes the master key only: a tenant's key gets a 403, and without a master key it is off. */
  private boolean adminAllowed(Exchange ex) throws IOException {
    if (!auth.hasMasterKey()) {
      ex.sendError(ErrorEncoder.forbidden("The admin API is off: set general_settings.master_key to use it.",
          "admin_disabled"));
      return false;
    }
    Auth.Caller caller = auth.caller(ex.request.getHeaders());
    if (caller.result() == Auth.Result.OK && !caller.trusted()) {
      ex.sendError(ErrorEncoder.forbidden("The admin API takes the master key, not a tenant's key.",
          "admin_only"));
      return false;
    }
    return authorized(ex);
  }

  /**
   * With the key (or with auth off), every deployment's health; without a key, only whether the gateway can serve,
   * from what it already knows: an unauthenticated caller must not make the gateway call every provider.
   */
  private void health(Exchange ex) throws IOException {
    Auth.Caller caller = auth.caller(ex.request.getHeaders());
    if (caller.result() == Auth.Result.MISSING || (caller.result() == Auth.Result.OK && !caller.trusted())) {
      health.status(ex); // a tenant's key sees what an anonymous caller sees: the report is the operators'
    } else if (authorized(ex)) {
      health.handle(ex);
    }
  }

  private boolean isJson(Exchange ex) throws IOException {
    HttpError error = guard.checkJsonBody(ex.request.getHeaders());
    if (error == null) {
      return true;
    }
    ex.sendError(error);
    return false;
  }

  private static boolean allowed(Exchange ex, String method) throws IOException {
    if (ex.method().equals(method) || (method.equals("GET") && ex.method().equals("HEAD"))) {
      return true;
    }
    ex.response.getHeaders().put(HttpHeader.ALLOW, method);
    ex.sendError(ErrorEncoder.methodNotAllowed(ex.method(), ex.rawPath));
    return false;
  }

  private boolean authorized(Exchange ex) throws IOException {
    Auth.Caller caller = auth.caller(ex.request.getHeaders());
    if (caller.principal() != null) {
      String session = ex.request.getHeaders().get("x-claude-code-session-id");
      ex.principal(session == null || session.isBlank() ? caller.principal()
          : caller.principal().withTag("session", session.length() > 128 ? session.substring(0, 128) : session));
    }
    HttpError error = switch (caller.result()) {
      case OK -> null;
      case MISSING -> ErrorEncoder.unauthorized("No API key. Send it as 'Authorization: Bearer <key>' "
          + "(or in an 'x-api-key' header).");
      case WRONG -> ErrorEncoder.unauthorized("Invalid API key.");
    };
    if (error == null) {
      return true;
    }
    ex.sendError(error);
    return false;
  }

  /**
   * The path to route on: without a trailing slash, and without its {@code /v1} segment and whatever precedes it, so
   * that the proxy answers under any base path ({@code ANTHROPIC_BASE_URL=http://host:4000/some/prefix} makes Claude
   * Code call {@code /some/prefix/v1/messages}).
   */
  static String normalize(String path) {
    String p = path == null || path.isEmpty() ? "/" : path;
    int v1 = p.indexOf("/v1/");
    if (v1 >= 0) {
      p = p.substring(v1 + 3);
    } else if (p.endsWith("/v1")) {
      p = "/";
    }
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.isEmpty() ? "/" : p;
  }
}
