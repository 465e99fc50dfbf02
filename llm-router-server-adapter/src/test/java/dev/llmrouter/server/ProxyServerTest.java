package dev.llmrouter.server;

import static dev.llmrouter.server.OpenAiSdkTest.completion;
import static dev.llmrouter.server.OpenAiSdkTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.providers.ProviderContractTest.DisconnectDetectingBody;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The proxy over real HTTP: errors, auth, headers, disconnects, parameters, health, draining. */
class ProxyServerTest {
  private static final String HELLO = "{\"model\":\"mock-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

  @StartStop
  private final MockWebServer upstream = new MockWebServer();

  private ProxyFixture proxy;

  private ProxyFixture start(String extraYaml) throws Exception {
    proxy = ProxyFixture.start(ProxyFixture.config(upstream.url("/v1").toString(), extraYaml));
    return proxy;
  }

  @AfterEach
  void stop() throws Exception {
    if (proxy != null) {
      proxy.assertNoKeyLeaked();
      proxy.close();
    }
  }

  @Test
  void badInputIsAnsweredInOpenAiShapeAndTheServerKeepsServing() throws Exception {
    start(null);
    assertError(proxy.authorizedPost("/v1/chat/completions", "{\"model\":"), 400, null, "invalid JSON");
    assertError(proxy.authorizedPost("/v1/chat/completions", "{\"model\":\"mock-model\"}"), 400, "messages",
        "'messages' is required");
    assertError(proxy.authorizedPost("/v1/chat/completions",
        "{\"model\":\"mock-model\",\"temperature\":\"hot\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"),
        400, "temperature", "'temperature' must be a number");
    assertError(proxy.authorizedPost("/v1/chat/completions",
        "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), 404, "model", "/v1/models");
    String big = "{\"model\":\"mock-model\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(20_000)
        + "\"}]}";
    assertError(proxy.authorizedPost("/v1/chat/completions", big), 413, null, "larger than the limit");
    assertError(proxy.post("/v1/chat/completions", HELLO), 401, null, "No API key");
    assertError(proxy.post("/v1/chat/completions", HELLO, "Authorization", "Bearer sk-wrong"), 401, null,
        "Invalid API key");
    assertError(proxy.get("/v1/nothing-here", "Authorization", "Bearer " + ProxyFixture.MASTER_KEY), 404, null,
        "Unknown request URL");
    assertError(proxy.get("/v1/chat/completions"), 405, null, "not allowed");

    HttpResponse<String> ok = proxy.authorizedPost("/v1/chat/completions", HELLO);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("Hello from the mock.");
  }

  @Test
  void everyKeyHeaderIsAcceptedWithAndWithoutTheV1Prefix() throws Exception {
    start(null);
    String key = ProxyFixture.MASTER_KEY;
    assertThat(proxy.post("/v1/chat/completions", HELLO, "Authorization", "Bearer " + key).statusCode()).isEqualTo(200);
    assertThat(proxy.post("/chat/completions", HELLO, "x-api-key", key).statusCode()).isEqualTo(200);
    assertThat(proxy.post("/chat/completions", HELLO, "x-litellm-api-key", key).statusCode()).isEqualTo(200);
    assertThat(proxy.post("/chat/completions", HELLO, "x-litellm-api-key", "Bearer " + key).statusCode())
        .isEqualTo(200);
    assertThat(proxy.get("/models", "x-api-key", key).body()).contains("\"id\":\"gpt-4o-mini\"")
        .contains("\"id\":\"mock-model\"").contains("\"object\":\"list\"");
    assertThat(proxy.get("/v1/models").statusCode()).isEqualTo(401);
  }

  @Test
  void responseHeadersDescribeHowTheCallWasServed() throws Exception {
    start(null);
    upstream.enqueue(json(200, completion("Hi there.")));
    HttpResponse<String> r = proxy.authorizedPost("/v1/chat/completions",
        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("x-llm-router-call-id")).hasValueSatisfying(v -> assertThat(v).startsWith("call-"));
    assertThat(r.headers().firstValue("x-llm-router-model-id")).isPresent();
    assertThat(r.headers().firstValue("x-llm-router-model-group")).contains("gpt-4o-mini");
    assertThat(r.headers().firstValue("x-llm-router-attempts")).contains("1");
    assertThat(r.headers().firstValue("x-llm-router-cache-hit")).contains("false");
    assertThat(r.headers().firstValue("x-llm-router-response-cost")).isPresent(); // gpt-4o-mini has a known price
    assertThat(r.headers().firstValue("x-llm-router-overhead-ms")).hasValueSatisfying(
        v -> assertThat(Double.parseDouble(v)).isGreaterThanOrEqualTo(0));
    assertThat(r.headers().firstValue("server")).isEmpty();
  }

  @Test
  void rateLimitedUpstreamIs429WithRetryAfter() throws Exception {
    start(null);
    upstream.enqueue(new MockResponse.Builder().code(429).setHeader("Content-Type", "application/json")
        .setHeader("Retry-After", "7").body("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}")
        .build());
    HttpResponse<String> r = proxy.authorizedPost("/v1/chat/completions",
        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    assertError(r, 429, null, "Rate limit");
    assertThat(r.headers().firstValue("retry-after")).isPresent();
  }

  @Test
  void anOversizedBodyIsAnswered413AndTheConnectionStaysUsable() throws Exception {
    start(null);
    byte[] big = ("{\"model\":\"mock-model\",\"messages\":[{\"role\":\"user\",\"content\":\""
        + "x".repeat(1_000_000) + "\"}]}").getBytes(StandardCharsets.UTF_8);
    byte[] hello = HELLO.getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", proxy.server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      // The body goes out from another thread: a server that stopped reading would otherwise block this one.
      CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
        try {
          out.write(requestHead(big.length).getBytes(StandardCharsets.UTF_8));
          out.write(big);
          out.flush();
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
      });
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      assertThat(in.readLine()).isEqualTo("HTTP/1.1 413 Payload Too Large");
      assertThat(readBody(in)).contains("\"type\":\"invalid_request_error\"").contains("larger than the limit");
      sent.get(10, TimeUnit.SECONDS);

      out.write(requestHead(hello.length).getBytes(StandardCharsets.UTF_8));
      out.write(hello);
      out.flush();
      assertThat(in.readLine()).as("the same connection serves the next request").isEqualTo("HTTP/1.1 200 OK");
      assertThat(readBody(in)).contains("Hello from the mock.");
    }
  }

  private static String requestHead(int contentLength) {
    return "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + "Authorization: Bearer " + ProxyFixture.MASTER_KEY + "\r\nContent-Length: " + contentLength + "\r\n\r\n";
  }

  /** Reads the headers after the status line, then a body of the length they give (ASCII JSON). */
  private static String readBody(BufferedReader in) throws IOException {
    int length = -1;
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    assertThat(length).as("a Content-Length header").isPositive();
    char[] body = new char[length];
    for (int read = 0; read < length; ) {
      int n = in.read(body, read, length - read);
      assertThat(n).as("body bytes").isPositive();
      read += n;
    }
    return new String(body);
  }

  @Test
  void clientDisconnectMidStreamCancelsTheUpstreamWithinASecond() throws Exception {
    start(null);
    DisconnectDetectingBody body = new DisconnectDetectingBody(
        OpenAiSdkTest.SlowSseBody.event("{\"content\":\"tick \"}", null));
    upstream.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
        .body(body).build());
    String request = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", proxy.server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Authorization: Bearer " + ProxyFixture.MASTER_KEY + "\r\nContent-Length: " + bytes.length + "\r\n\r\n")
          .getBytes(StandardCharsets.UTF_8));
      out.write(bytes);
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
      String line;
      do {
        line = in.readLine();
      } while (line != null && !line.contains("data: {"));
      assertThat(line).contains("chat.completion.chunk");
      assertThat(body.disconnected.getCount()).isEqualTo(1);
    }
    assertThat(body.disconnected.await(1, TimeUnit.SECONDS)).as("upstream connection closed within 1 s").isTrue();
    assertThat(proxy.authorizedPost("/v1/chat/completions", HELLO).statusCode()).isEqualTo(200);
  }

  @Test
  void streamingFailureBeforeTheFirstByteIsAPlainJsonError() throws Exception {
    start(null);
    upstream.enqueue(json(500, "{\"error\":{\"message\":\"upstream exploded\",\"type\":\"server_error\"}}"));
    HttpResponse<String> r = proxy.authorizedPost("/v1/chat/completions",
        "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    assertError(r, 502, null, "upstream exploded");
  }

  @Test
  void failureAfterTheFirstChunkEndsTheStreamWithAnErrorEvent() throws Exception {
    start(null);
    String body = OpenAiSdkTest.SlowSseBody.event("{\"role\":\"assistant\",\"content\":\"Partial \"}", null)
        + "data: {\"error\":{\"message\":\"overloaded mid-stream\",\"type\":\"server_error\"}}\n\n";
    upstream.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
        .body(body).build());
    HttpResponse<String> r = proxy.authorizedPost("/v1/chat/completions",
        "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"content\":\"Partial \"").contains("data: {\"error\":{\"message\":")
        .contains("overloaded mid-stream").doesNotContain("[DONE]");
    assertThat(upstream.getRequestCount()).isEqualTo(1);
  }

  @Test
  void streamsNameTheDeploymentInHeadersAndTheOutcomeInTrailers() throws Exception {
    start(null);
    String request = "{\"model\":\"mock-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", proxy.server.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nTE: trailers\r\nConnection: close\r\n"
          + "Authorization: Bearer " + ProxyFixture.MASTER_KEY + "\r\nContent-Length: " + bytes.length + "\r\n\r\n")
          .getBytes(StandardCharsets.UTF_8));
      out.write(bytes);
      out.flush();
      String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int done = all.indexOf("data: [DONE]");
      assertThat(done).isPositive();
      String headers = all.substring(0, all.indexOf("\r\n\r\n"));
      assertThat(headers).contains("x-llm-router-call-id: call-").contains("x-llm-router-model-id: ")
          .contains("x-llm-router-model-group: mock-model");
      assertThat(all.substring(done)).contains("x-llm-router-call-id: call-").contains("x-llm-router-attempts: 1");
    }
  }

  @Test
  void streamedMockAnswerEndsWithUsageAndDone() throws Exception {
    start(null);
    HttpResponse<String> r = proxy.authorizedPost("/v1/chat/completions", "{\"model\":\"mock-model\",\"stream\":true,"
        + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    assertThat(r.body()).startsWith("data: {").contains("\"object\":\"chat.completion.chunk\"")
        .contains("\"choices\":[],\"usage\":{").endsWith("data: [DONE]\n\n");
  }

  @Test
  void unmodelledParametersPassToOpenAiCompatibleProviders() throws Exception {
    start(null);
    upstream.enqueue(json(200, completion("ok")));
    HttpResponse<String> r = proxy.authorizedPost("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\","
        + "\"frequency_penalty\":0.5,\"logit_bias\":{\"50256\":-100},\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(upstream.takeRequest().getBody().utf8()).contains("\"frequency_penalty\":0.5")
        .contains("\"logit_bias\":{\"50256\":-100}");
  }

  @Test
  void unmodelledParametersForOtherProvidersAre400NamingTheParameter() throws Exception {
    start(null);
    assertError(proxy.authorizedPost("/v1/chat/completions", "{\"model\":\"mock-model\",\"frequency_penalty\":0.5,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), 400, "frequency_penalty", "drop_params");
  }

  @Test
  void unmodelledParametersAre400WhenAFallbackCannotTakeThem() throws Exception {
    // gpt-4o-mini is OpenAI, but if it fails the call goes on to the mock, which does not take OpenAI parameters.
    proxy = ProxyFixture.start(ProxyFixture.config(upstream.url("/v1").toString(), null)
        .replace("  num_retries: 0", "  num_retries: 0\n  fallbacks: [{gpt-4o-mini: [mock-model]}]"));
    assertError(proxy.authorizedPost("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"frequency_penalty\":0.5,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), 400, "frequency_penalty", "fallbacks");
    assertThat(upstream.getRequestCount()).isZero();
  }

  @Test
  void unmodelledParametersAreDroppedWithAWarningUnderDropParams() throws Exception {
    start("litellm_settings:\n  drop_params: true\n");
    HttpResponse<String> r = proxy.authorizedPost("/v1/chat/completions", "{\"model\":\"mock-model\","
        + "\"frequency_penalty\":0.5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(proxy.logLines()).anySatisfy(l -> assertThat(l).startsWith("WARN").contains("frequency_penalty"));
  }

  @Test
  void healthProbesEveryDeploymentAndNeverShowsKeys() throws Exception {
    start(null);
    upstream.enqueue(json(401, "{\"error\":{\"message\":\"Incorrect API key provided: sk-pro****d4c2\","
        + "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));
    HttpResponse<String> bare = proxy.get("/health");
    assertThat(bare.statusCode()).as("without a key: the bare status, no provider called").isEqualTo(200);
    assertThat(bare.body()).isEqualTo("{\"status\":\"healthy\"}");
    assertThat(upstream.getRequestCount()).isZero();
    assertThat(proxy.get("/health", "Authorization", "Bearer sk-wrong").statusCode()).isEqualTo(401);

    HttpResponse<String> r = proxy.get("/health", "Authorization", "Bearer " + ProxyFixture.MASTER_KEY);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"healthy_count\":1").contains("\"unhealthy_count\":1")
        .contains("\"model\":\"mock/mock-model\"").contains("\"model\":\"openai/gpt-4o-mini\"")
        .contains("\"api_base\":\"" + upstream.url("/v1").toString().replaceAll("/$", ""))
        .contains("\"error\":");
    assertThat(proxy.get("/health/liveliness").statusCode()).isEqualTo(200);
    assertThat(proxy.get("/health/readiness").body()).contains("\"status\":\"healthy\"");
  }

  @Test
  void stopDrainsInFlightRequests() throws Exception {
    proxy = ProxyFixture.start(ProxyFixture.config(upstream.url("/v1").toString(), null)
        .replace("mock_response: \"Hello from the mock.\"", "mock_response: \"slow\"\n      mock_latency_ms: 700"));
    CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> {
      try {
        return proxy.authorizedPost("/v1/chat/completions", HELLO);
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    Thread.sleep(250);
    proxy.server.stop();
    HttpResponse<String> r = inFlight.get(5, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("slow");
  }

  private static void assertError(HttpResponse<String> r, int status, String param, String messagePart) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(r.body()).startsWith("{\"error\":{\"message\":\"").contains(messagePart).contains("\"type\":")
        .contains("\"param\":" + (param == null ? "null" : "\"" + param + "\"")).contains("\"code\":")
        .doesNotContain("<html").doesNotContain("\tat ");
  }
}
