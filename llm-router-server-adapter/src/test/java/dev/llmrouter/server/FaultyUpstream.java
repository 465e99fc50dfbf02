package dev.llmrouter.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.BufferedSink;

/**
 * An OpenAI-format upstream that fails on purpose: each {@link Fault} is served under its own base path
 * ({@code /<fault>/v1}), plain or streamed as the request asks, with bodies in OpenAI's wire format where the fault
 * has a body at all. {@link #release()} ends every stall at once, so the test never waits them out.
 */
final class FaultyUpstream extends Dispatcher {
  /** What an upstream does wrong. */
  enum Fault {
    HTTP_500, HTTP_502, HTTP_503, HTTP_529, RATE_LIMITED, HTML_ERROR_PAGE, CONNECT_REFUSED, NO_ANSWER,
    STALL_MID_RESPONSE, RESET_MID_RESPONSE, MALFORMED_BODY, TRUNCATED_BODY, NO_CHOICES, EMPTY_STREAM, HUGE_BODY;

    String path() {
      return "/" + name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether the fault strikes after a streamed answer has begun with content (no fallback can take over). */
    boolean midStream() {
      return this == STALL_MID_RESPONSE || this == RESET_MID_RESPONSE;
    }

    /**
     * Whether a stream with this fault has begun when it fails (the upstream sent a chunk, so the client has its
     * 200 and the message's start), though without content: a fallback may still serve the rest.
     */
    boolean startsStream() {
      return midStream() || this == NO_CHOICES;
    }
  }

  static final String HUGE_TEXT = "lorem ipsum ".repeat(250_000); // 3 MB of content

  private final CountDownLatch released = new CountDownLatch(1);
  private final int closedPort;

  FaultyUpstream() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort(); // nothing listens here once the socket is closed
    }
  }

  /** The {@code api_base} of {@code fault} on {@code server}. */
  String apiBase(MockWebServer server, Fault fault) {
    if (fault == Fault.CONNECT_REFUSED) {
      return "http://127.0.0.1:" + closedPort + "/v1";
    }
    return server.url(fault.path() + "/v1").toString();
  }

  void release() {
    released.countDown();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    boolean stream = request.getBody() != null && request.getBody().utf8().contains("\"stream\":true");
    for (Fault f : Fault.values()) {
      if (path.startsWith(f.path() + "/")) {
        return respond(f, stream);
      }
    }
    return new MockResponse.Builder().code(404).body("no such fault").build();
  }

  private MockResponse respond(Fault fault, boolean stream) {
    return switch (fault) {
      case HTTP_500 -> error(500, "server_error", "The server had an error while processing your request.");
      case HTTP_502 -> error(502, "server_error", "Bad gateway.");
      case HTTP_503 -> error(503, "server_error", "The engine is currently overloaded, please try again later.");
      case HTTP_529 -> error(529, "overloaded_error", "Overloaded");
      case RATE_LIMITED -> new MockResponse.Builder(error(429, "rate_limit_exceeded",
          "Rate limit reached for requests")).setHeader("Retry-After", "1").build();
      case HTML_ERROR_PAGE -> new MockResponse.Builder().code(503).setHeader("Content-Type", "text/html")
          .body("<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 "
              + "Service Temporarily Unavailable</h1></center><hr><center>nginx</center></body></html>").build();
      case CONNECT_REFUSED -> throw new IllegalStateException("never reached");
      case NO_ANSWER -> new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
      case STALL_MID_RESPONSE -> ok(stream, new PartThenStall(stream ? firstChunk() : half(completion("hi"))));
      case RESET_MID_RESPONSE -> cutOff(stream, stream ? firstChunk() : half(completion("hi")), true);
      case MALFORMED_BODY -> ok(stream, stream ? "data: {\"id\":\"chatcmpl-1\",\"choices\":[{oops\n\n"
          : "{\"id\":\"chatcmpl-1\",\"choices\":[{oops");
      case TRUNCATED_BODY -> cutOff(stream, stream
          ? "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"con"
          : half(completion("hi")), false);
      case NO_CHOICES -> ok(stream, stream
          ? "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
              + "\"choices\":[]}\n\ndata: [DONE]\n\n"
          : "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-mini\","
              + "\"choices\":[]}");
      case EMPTY_STREAM -> ok(stream, stream ? "data: [DONE]\n\n" : "");
      case HUGE_BODY -> ok(stream, stream ? hugeStream() : completion(HUGE_TEXT));
    };
  }

  private void awaitRelease() {
    try {
      released.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static MockResponse error(int status, String type, String message) {
    return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json")
        .body("{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,\"code\":null}}")
        .build();
  }

  /**
   * Headers, part of the body, then the connection closes: chunked ({@code reset}: the chunk stream stops between
   * frames) or with a Content-Length the body never reaches (truncated).
   */
  private static MockResponse cutOff(boolean stream, String part, boolean chunked) {
    MockResponse.Builder b = new MockResponse.Builder().code(200).setHeader("Content-Type", contentType(stream));
    b = chunked ? b.setHeader("Transfer-Encoding", "chunked") : b.setHeader("Content-Length", part.length() * 4);
    return b.socketHandler(socket -> {
      try {
        okio.BufferedSink sink = okio.Okio.buffer(socket.getSink());
        byte[] bytes = part.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (chunked) {
          sink.writeUtf8(Integer.toHexString(bytes.length)).writeUtf8("\r\n").write(bytes).writeUtf8("\r\n");
        } else {
          sink.write(bytes);
        }
        sink.flush();
      } catch (IOException ignored) {
        // the client left first
      } finally {
        socket.cancel();
      }
    }).build();
  }

  private static MockResponse ok(boolean stream, String body) {
    return new MockResponse.Builder().code(200).setHeader("Content-Type", contentType(stream)).body(body).build();
  }

  private static MockResponse ok(boolean stream, MockResponseBody body) {
    return new MockResponse.Builder().code(200).setHeader("Content-Type", contentType(stream)).body(body).build();
  }

  private static String contentType(boolean stream) {
    return stream ? "text/event-stream" : "application/json";
  }

  static String completion(String text) {
    return "{\"id\":\"chatcmpl-up1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-mini\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},"
        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}}";
  }

  static String chunk(String delta, String finish) {
    return OpenAiSdkTest.SlowSseBody.event(delta, finish);
  }

  private static String firstChunk() {
    return chunk("{\"role\":\"assistant\",\"content\":\"Hel\"}", null);
  }

  private static String half(String s) {
    return s.substring(0, s.length() / 2);
  }

  private static String hugeStream() {
    StringBuilder sb = new StringBuilder(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
    for (int i = 0; i < 3000; i++) {
      sb.append(chunk("{\"content\":\"" + HUGE_TEXT.substring(0, 1000) + "\"}", null));
    }
    return sb.append(chunk("{}", "stop")).append("data: [DONE]\n\n").toString();
  }

  /** Writes a part of a body, flushes it, then goes silent until {@link #release()}. */
  private final class PartThenStall implements MockResponseBody {
    private final String part;

    PartThenStall(String part) {
      this.part = part;
    }

    @Override
    public long getContentLength() {
      return -1;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      sink.writeUtf8(part);
      sink.flush();
      awaitRelease();
    }
  }
}
