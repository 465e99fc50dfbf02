package dev.llmrouter.server;

import dev.llmrouter.server.openai.HttpError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;

/**
 * One request and its response, with blocking writes: the handler runs on a pooled thread, and a write that fails
 * (the client went away) throws at once. Remembers the status and the router's call id for the access log.
 */
final class Exchange {
  static final String JSON = "application/json";

  final Request request;
  final Response response;
  /** The path without {@code /v1} and a trailing slash, to route on. */
  final String path;
  /** The path as the client sent it, for messages. */
  final String rawPath;
  private final long startNanos;
  private String callId;
  private volatile boolean readingBody;

  Exchange(Request request, Response response, String path, String rawPath, long startNanos) {
    this.request = request;
    this.response = response;
    this.path = path;
    this.rawPath = rawPath;
    this.startNanos = startNanos;
  }

  /** Whether the request's body is being read: then, and only then, a silent client times out. */
  boolean readingBody() {
    return readingBody;
  }

  void readingBody(boolean reading) {
    this.readingBody = reading;
  }

  /** When the request's headers arrived, on the {@link System#nanoTime()} scale. */
  long startNanos() {
    return startNanos;
  }

  String method() {
    return request.getMethod();
  }

  String callId() {
    return callId;
  }

  void callId(String id) {
    this.callId = id;
  }

  int status() {
    return response.getStatus();
  }

  void header(String name, String value) {
    if (value != null) {
      response.getHeaders().put(name, value);
    }
  }

  /** Sends a whole JSON response. */
  void sendJson(int status, String json) throws IOException {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
    write(true, json);
  }

  void sendError(HttpError error) throws IOException {
    header("Retry-After", error.retryAfterHeader());
    sendJson(error.status(), error.json());
  }

  /** Writes and flushes {@code text}, waiting until it is written; throws if the client is gone. */
  void write(boolean last, String text) throws IOException {
    try (Blocker.Callback callback = Blocker.callback()) {
      response.write(last, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
      callback.block();
    }
  }
}
