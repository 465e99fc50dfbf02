package dev.llmrouter.server;

import dev.llmrouter.server.openai.ErrorEncoder;
import dev.llmrouter.server.openai.HttpError;
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
  private final ChatCompletionsEndpoint chat;
  private final ModelsEndpoint models;
  private final HealthEndpoint health;

  ProxyHandler(Auth auth, ChatCompletionsEndpoint chat, ModelsEndpoint models, HealthEndpoint health) {
    this.auth = auth;
    this.chat = chat;
    this.models = models;
    this.health = health;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long start = request.getHeadersNanoTime();
    Exchange ex = new Exchange(request, response, normalize(Request.getPathInContext(request)), start);
    // A call may take minutes before its first byte; the router's timeout bounds it, not the connection's.
    request.addIdleTimeoutListener(timeout -> false);
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
        ex.sendError(ErrorEncoder.encode(cause));
        callback.succeeded();
      } catch (IOException | RuntimeException e) {
        failure = e;
        callback.failed(e);
      }
    } else {
      callback.failed(failure);
    }
    ACCESS.info("{} {} {} {}ms{}{}", ex.method(), request.getHttpURI().getPath(), failure == null ? ex.status() : "aborted",
        (System.nanoTime() - start) / 1_000_000, ex.callId() == null ? "" : " ", ex.callId() == null ? "" : ex.callId());
    return true;
  }

  private void dispatch(Exchange ex) throws IOException {
    String method = ex.method();
    switch (ex.path) {
      case "/chat/completions" -> {
        if (allowed(ex, "POST") && authorized(ex)) {
          chat.handle(ex);
        }
      }
      case "/models" -> {
        if (allowed(ex, "GET") && authorized(ex)) {
          models.handle(ex);
        }
      }
      case "/health" -> {
        if (allowed(ex, "GET") && authorized(ex)) {
          health.handle(ex);
        }
      }
      case "/health/liveliness", "/health/liveness" -> {
        if (allowed(ex, "GET")) {
          health.liveliness(ex);
        }
      }
      case "/health/readiness" -> {
        if (allowed(ex, "GET")) {
          health.readiness(ex);
        }
      }
      default -> ex.sendError(ErrorEncoder.notFound(method, ex.path));
    }
  }

  private static boolean allowed(Exchange ex, String method) throws IOException {
    if (ex.method().equals(method) || (method.equals("GET") && ex.method().equals("HEAD"))) {
      return true;
    }
    ex.response.getHeaders().put(HttpHeader.ALLOW, method);
    ex.sendError(ErrorEncoder.methodNotAllowed(ex.method(), ex.path));
    return false;
  }

  private boolean authorized(Exchange ex) throws IOException {
    HttpError error = switch (auth.check(ex.request.getHeaders())) {
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

  /** The path without a {@code /v1} prefix and without a trailing slash. */
  static String normalize(String path) {
    String p = path == null || path.isEmpty() ? "/" : path;
    if (p.equals("/v1") || p.startsWith("/v1/")) {
      p = p.substring(3);
    }
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.isEmpty() ? "/" : p;
  }
}
