package dev.llmrouter.server;

import dev.llmrouter.wire.HttpError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;

/**
 * One request and its response, with blocking writes: the handler runs on a pooled thread, and a write that fails
 * (the client went away) throws at once. Remembers the status and the router's call id for the access log.
 */
final class Exchange {
  static final String JSON = "application/json";
  /** The most of an unwanted request body read and dropped before an answer; past it the connection closes. */
  static final long DRAIN_LIMIT = 16L * 1024 * 1024;

  final Request request;
  final Response response;
  /** The path without {@code /v1} and a trailing slash, to route on. */
  final String path;
  /** The path as the client sent it, for messages. */
  final String rawPath;
  private final long startNanos;
  private String callId;
  private dev.llmrouter.api.Principal principal;
  private Ingress ingress = Ingress.OPENAI;
  private volatile boolean readingBody;
  private boolean bodyDone;
  private final AtomicReference<Runnable> release = new AtomicReference<>();

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

  /** Whose call this is, once the key was checked; null for the master key or with authentication off. */
  dev.llmrouter.api.Principal principal() {
    return principal;
  }

  void principal(dev.llmrouter.api.Principal p) {
    this.principal = p;
  }

  Ingress ingress() {
    return ingress;
  }

  void ingress(Ingress api) {
    this.ingress = api;
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

  /**
   * Sends an error. A request body nobody read is read and dropped first (up to {@link #DRAIN_LIMIT}): a server
   * that closes a connection with unread bytes in it makes the client's TCP stack reset the connection, and the
   * client may never see the answer. Beyond that bound the connection is closed anyway.
   */
  void sendError(HttpError error) throws IOException {
    send(ingress.shape(error));
  }

  /** Sends the answer to a failed call, in the shape of the request's API. */
  void sendFailure(Throwable failure) throws IOException {
    send(ingress.failure(failure));
  }

  private void send(HttpError error) throws IOException {
    if (!bodyDone) {
      drainBody();
    }
    header("Retry-After", error.retryAfterHeader());
    error.headers().forEach(this::header);
    sendJson(error.status(), error.json());
  }

  /** The body has been read, or must not be (it stalled): {@link #sendError} leaves it alone. */
  void bodyDone() {
    bodyDone = true;
  }

  /** Reads and drops what is left of the request body, up to {@link #DRAIN_LIMIT}. */
  void drainBody() throws IOException {
    bodyDone = true;
    if (request.getLength() == 0) {
      return;
    }
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] sink = new byte[8192];
      long dropped = 0;
      readingBody = true;
      for (int n; dropped <= DRAIN_LIMIT && (n = in.read(sink)) != -1; ) {
        dropped += n;
      }
      if (dropped > DRAIN_LIMIT) {
        header("Connection", "close");
      }
    } catch (IOException e) {
      header("Connection", "close"); // a stalled or broken body: answer, then close
    } finally {
      readingBody = false;
    }
  }

  /**
   * Gives {@code action} to be run once, just before the response's last bytes are written, or by {@link #release()}
   * if they never are: a model call's place in the in-flight bound, which a client that has its whole answer and
   * sends its next call at once must find free.
   */
  void releaseBeforeLastWrite(Runnable action) {
    release.set(action);
  }

  /** Runs the action of {@link #releaseBeforeLastWrite}, if it has not run. */
  void release() {
    Runnable action = release.getAndSet(null);
    if (action != null) {
      action.run();
    }
  }

  /** Writes and flushes {@code text}, waiting until it is written; throws if the client is gone. */
  void write(boolean last, String text) throws IOException {
    if (last) {
      release();
    }
    try (Blocker.Callback callback = Blocker.callback()) {
      response.write(last, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
      callback.block();
    }
  }
}
