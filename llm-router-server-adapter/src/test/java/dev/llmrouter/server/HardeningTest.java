package dev.llmrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.server.FaultyUpstream.Fault;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the black-box fault and fuzz run found (issue 6), one test per finding, over real HTTP. */
class HardeningTest {
  private static final String HI = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

  private final MockWebServer upstream = new MockWebServer();
  private ProxyFixture proxy;

  @AfterEach
  void stop() throws Exception {
    if (proxy != null) {
      proxy.assertNoKeyLeaked();
      proxy.close();
    }
    upstream.close();
  }

  private ProxyFixture start(String yaml) throws Exception {
    proxy = ProxyFixture.start(yaml);
    return proxy;
  }

  private static String body(String model, boolean stream) {
    return "{\"model\":\"" + model + "\",\"stream\":" + stream + "," + HI + "}";
  }

  private HttpResponse<String> post(String json) throws Exception {
    return proxy.authorizedPost("/v1/chat/completions", json);
  }

  // 1. concurrency per deployment is limited by configuration only

  /** Holds every request until {@code expected} are in at once (bounded), counting the most at once. */
  private static final class GatheringDispatcher extends Dispatcher {
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger most = new AtomicInteger();
    final CountDownLatch gathered;
    final CountDownLatch release = new CountDownLatch(1);

    GatheringDispatcher(int expected) {
      gathered = new CountDownLatch(expected);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
      most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      gathered.countDown();
      gathered.await(20, TimeUnit.SECONDS);
      release.await(20, TimeUnit.SECONDS);
      inFlight.decrementAndGet();
      return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
          .body(FaultyUpstream.chunk("{\"role\":\"assistant\",\"content\":\"Hello\"}", null)
              + FaultyUpstream.chunk("{}", "stop") + "data: [DONE]\n\n").build();
    }
  }

  private String oneDeployment(String extraParams) {
    return """
        model_list:
          - model_name: gpt-4o-mini
            litellm_params: {model: openai/gpt-4o-mini, api_base: "%s", api_key: %s, timeout: 30%s}
        router_settings: {num_retries: 0, timeout: 30}
        general_settings: {master_key: %s}
        """.formatted(upstream.url("/v1"), ProxyFixture.PROVIDER_KEY, extraParams, ProxyFixture.MASTER_KEY);
  }

  @Test
  void aHundredConcurrentStreamsToOneDeploymentAllReachTheUpstreamAtOnce() throws Exception {
    GatheringDispatcher gathering = new GatheringDispatcher(100);
    upstream.setDispatcher(gathering);
    upstream.start();
    start(oneDeployment(""));
    List<CompletableFuture<HttpResponse<String>>> streams = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      streams.add(proxy.http.sendAsync(chat(body("gpt-4o-mini", true)), HttpResponse.BodyHandlers.ofString()));
    }
    assertThat(gathering.gathered.await(20, TimeUnit.SECONDS)).as("100 upstream requests at once").isTrue();
    gathering.release.countDown();
    for (CompletableFuture<HttpResponse<String>> s : streams) {
      HttpResponse<String> r = s.get(20, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("Hello").endsWith("data: [DONE]\n\n");
    }
    assertThat(gathering.most.get()).isEqualTo(100);
  }

  @Test
  void pastMaxParallelRequestsACallIsRefusedAtOnceAndTheDeploymentStaysHealthy() throws Exception {
    GatheringDispatcher gathering = new GatheringDispatcher(2);
    upstream.setDispatcher(gathering);
    upstream.start();
    start(oneDeployment(", max_parallel_requests: 2"));
    List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      held.add(proxy.http.sendAsync(chat(body("gpt-4o-mini", true)), HttpResponse.BodyHandlers.ofString()));
    }
    assertThat(gathering.gathered.await(20, TimeUnit.SECONDS)).isTrue();

    HttpResponse<String> third = post(body("gpt-4o-mini", true));
    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(third.body()).contains("\"code\":\"max_parallel_requests\"").contains("max_parallel_requests");
    assertThat(third.headers().firstValue("retry-after")).contains("1");

    gathering.release.countDown();
    for (CompletableFuture<HttpResponse<String>> s : held) {
      HttpResponse<String> r = s.get(20, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
    }
    assertThat(proxy.router.isCoolingDown(proxy.router.deployments().get(0).id())).isFalse();
    assertThat(post(body("gpt-4o-mini", true)).statusCode()).isEqualTo(200);
  }

  private HttpRequest chat(String json) {
    return HttpRequest.newBuilder(URI.create(proxy.baseUrl() + "/v1/chat/completions"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + ProxyFixture.MASTER_KEY)
        .POST(HttpRequest.BodyPublishers.ofString(json)).build();
  }

  // 2. a 200 that is not a completion is a provider error, and falls back

  @Test
  void a200WithoutChoicesFallsBackPlainAndStreamed() throws Exception {
    FaultyUpstream faults = new FaultyUpstream();
    upstream.setDispatcher(faults);
    upstream.start();
    start("""
        model_list:
          - model_name: empty
            litellm_params: {model: openai/gpt-4o-mini, api_base: "%s", api_key: %s}
          - model_name: good
            litellm_params: {model: mock/good, mock_response: "A real answer."}
        router_settings: {num_retries: 0, fallbacks: [{empty: [good]}]}
        general_settings: {master_key: %s}
        """.formatted(faults.apiBase(upstream, Fault.NO_CHOICES), ProxyFixture.PROVIDER_KEY, ProxyFixture.MASTER_KEY));
    HttpResponse<String> plain = post(body("empty", false));
    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(plain.body()).contains("A real answer.");
    HttpResponse<String> streamed = post(body("empty", true));
    assertThat(streamed.statusCode()).isEqualTo(200);
    assertThat(streamed.body()).contains("real").endsWith("data: [DONE]\n\n").doesNotContain("\"error\"");
    assertThat(streamed.body().split("\"role\":\"assistant\"", -1)).as("one message start, not one per attempt")
        .hasSize(2);
    String callId = streamed.headers().firstValue("x-llm-router-call-id").orElseThrow();
    assertThat(proxy.calls.endOf(callId, Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(dev.llmrouter.api.ChatResponse.class, r -> assertThat(r.deployment()).startsWith("good#"));
  }

  // 3. a timed-out deployment is not retried at the cost of its fallback

  @Test
  void aTimeoutMovesOnToTheFallbackInsteadOfRetryingAwayItsTime() throws Exception {
    try (HangingUpstream hanging = new HangingUpstream()) {
      start("""
          model_list:
            - model_name: slow
              litellm_params: {model: openai/gpt-4o-mini, api_base: "%s", api_key: %s, timeout: 1}
            - model_name: good
              litellm_params: {model: mock/good, mock_response: "From the fallback."}
          router_settings: {num_retries: 1, timeout: 2, fallbacks: [{slow: [good]}]}
          general_settings: {master_key: %s}
          """.formatted(hanging.apiBase(), ProxyFixture.PROVIDER_KEY, ProxyFixture.MASTER_KEY));
      HttpResponse<String> r = post(body("slow", false));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.body()).contains("From the fallback.");
      assertThat(hanging.requests.get()).as("the timed-out deployment was not retried").isEqualTo(1);
    }
  }

  @Test
  void theErrorListsOnlyTheModelsThatWereActuallyTried() throws Exception {
    start("""
        model_list:
          - model_name: broken
            litellm_params: {model: mock/broken, mock_error_status: 503}
          - model_name: limited
            litellm_params: {model: mock/limited, mock_error_status: 429, mock_retry_after_s: 60}
        router_settings: {num_retries: 1, retry_after: 0.01, max_retry_delay: 0.05, fallbacks: [{broken: [limited]}]}
        general_settings: {master_key: %s}
        """.formatted(ProxyFixture.MASTER_KEY));
    assertThat(post(body("limited", false)).statusCode()).isEqualTo(429); // 'limited' now cools down for 60 s

    HttpResponse<String> r = post(body("broken", false));
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).contains("models tried: broken)").doesNotContain("broken, limited");
  }

  // 4. a web page cannot use the proxy

  @Test
  void aCrossOriginPageIsRefusedEvenWithASimpleRequest() throws Exception {
    start(ProxyFixture.config("http://127.0.0.1:9/v1", null));
    HttpResponse<String> r = proxy.post("/v1/chat/completions", body("mock-model", false),
        "Content-Type", "text/plain", "Origin", "https://evil.example", "Authorization",
        "Bearer " + ProxyFixture.MASTER_KEY);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("\"code\":\"origin_not_allowed\"").contains("allowed_origins");
    assertThat(r.headers().firstValue("access-control-allow-origin")).isEmpty();

    HttpResponse<String> textPlain = proxy.post("/v1/chat/completions", body("mock-model", false),
        "Content-Type", "text/plain", "Authorization", "Bearer " + ProxyFixture.MASTER_KEY);
    assertThat(textPlain.statusCode()).isEqualTo(415);
    assertThat(textPlain.body()).contains("application/json");
    HttpResponse<String> form = proxy.post("/v1/chat/completions", body("mock-model", false),
        "Content-Type", "application/x-www-form-urlencoded", "Authorization", "Bearer " + ProxyFixture.MASTER_KEY);
    assertThat(form.statusCode()).isEqualTo(415);
  }

  @Test
  void aConfiguredOriginGetsCorsHeadersAndItsPreflight() throws Exception {
    start(ProxyFixture.config("http://127.0.0.1:9/v1",
        "  allowed_origins: [\"https://app.example\"]\n"));
    HttpRequest preflight = HttpRequest.newBuilder(URI.create(proxy.baseUrl() + "/v1/chat/completions"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://app.example")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization, content-type").build();
    HttpResponse<String> p = proxy.http.send(preflight, HttpResponse.BodyHandlers.ofString());
    assertThat(p.statusCode()).isEqualTo(204);
    assertThat(p.headers().firstValue("access-control-allow-origin")).contains("https://app.example");
    assertThat(p.headers().firstValue("access-control-allow-headers")).contains("authorization, content-type");

    HttpResponse<String> r = proxy.post("/v1/chat/completions", body("mock-model", false), "Origin",
        "https://app.example", "Authorization", "Bearer " + ProxyFixture.MASTER_KEY);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("access-control-allow-origin")).contains("https://app.example");
    assertThat(proxy.post("/v1/chat/completions", body("mock-model", false), "Origin", "https://other.example",
        "Authorization", "Bearer " + ProxyFixture.MASTER_KEY).statusCode()).isEqualTo(403);
  }

  @Test
  void aForeignHostHeaderIsRefusedOnALoopbackListener() throws Exception {
    start(ProxyFixture.config("http://127.0.0.1:9/v1", null));
    try (RawHttp raw = new RawHttp(proxy.server.port())) {
      raw.send("POST /v1/chat/completions HTTP/1.1", "Host: rebind.evil.example:4000", body("mock-model", false));
      assertThat(raw.statusLine()).isEqualTo("HTTP/1.1 403 Forbidden");
      assertThat(raw.body()).contains("host_not_allowed").contains("rebind.evil.example");
    }
    for (String host : List.of("localhost:4000", "127.0.0.1", "[::1]:4000")) {
      try (RawHttp raw = new RawHttp(proxy.server.port())) {
        raw.send("POST /v1/chat/completions HTTP/1.1", "Host: " + host, body("mock-model", false));
        assertThat(raw.statusLine()).as(host).isEqualTo("HTTP/1.1 200 OK");
      }
    }
  }

  // 5. a client that leaves cancels its call

  @Test
  void aPlainCallAbandonedByItsClientClosesTheUpstreamRequestWithinASecond() throws Exception {
    abandon(false);
  }

  @Test
  void aStreamAbandonedBeforeItsFirstByteClosesTheUpstreamRequestWithinASecond() throws Exception {
    abandon(true);
  }

  private void abandon(boolean stream) throws Exception {
    try (HangingUpstream hanging = new HangingUpstream()) {
      start("""
          model_list:
            - model_name: hang
              litellm_params: {model: openai/gpt-4o-mini, api_base: "%s", api_key: %s, timeout: 30}
          router_settings: {num_retries: 3, timeout: 60}
          general_settings: {master_key: %s}
          """.formatted(hanging.apiBase(), ProxyFixture.PROVIDER_KEY, ProxyFixture.MASTER_KEY));
      try (RawHttp raw = new RawHttp(proxy.server.port())) {
        raw.post(body("hang", stream));
        assertThat(hanging.arrived.await(10, TimeUnit.SECONDS)).isTrue();
      } // the client leaves
      assertThat(hanging.closedByGateway.await(1500, TimeUnit.MILLISECONDS))
          .as("the upstream request was closed soon after the client left").isTrue();
      assertThat(proxy.calls.starts).hasSize(1);
      String callId = proxy.calls.starts.keySet().iterator().next();
      assertThat(proxy.calls.endOf(callId, Duration.ofSeconds(5))).isInstanceOf(CancellationException.class);
      assertThat(hanging.requests.get()).as("no retry after the client left").isEqualTo(1);
    }
  }

  @Test
  void aClientThatLeavesDuringARetryWaitEndsTheCallAtOnce() throws Exception {
    start("""
        model_list:
          - model_name: limited
            litellm_params: {model: mock/limited, mock_error_status: 429, mock_retry_after_s: 20}
        router_settings: {num_retries: 2, timeout: 60}
        general_settings: {master_key: %s}
        """.formatted(ProxyFixture.MASTER_KEY));
    try (RawHttp raw = new RawHttp(proxy.server.port())) {
      raw.post(body("limited", false));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (proxy.calls.starts.isEmpty() && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(10);
      }
    }
    String callId = proxy.calls.starts.keySet().iterator().next();
    long left = System.nanoTime();
    assertThat(proxy.calls.endOf(callId, Duration.ofSeconds(5))).isInstanceOf(CancellationException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - left)).isLessThan(Duration.ofSeconds(2));
  }

  // 7. the smaller ones

  @Test
  void aRequestBodyThatStallsGets408AfterTheBodyTimeout() throws Exception {
    start(ProxyFixture.config("http://127.0.0.1:9/v1", "  request_body_timeout: 1\n"));
    try (RawHttp raw = new RawHttp(proxy.server.port())) {
      raw.out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Authorization: Bearer " + ProxyFixture.MASTER_KEY + "\r\nContent-Length: 100\r\n\r\n{\"model\":")
          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      raw.out.flush();
      assertThat(raw.statusLine()).isEqualTo("HTTP/1.1 408 Request Timeout");
      assertThat(raw.body()).contains("\"code\":\"request_timeout\"");
    }
    assertThat(post(body("mock-model", false)).statusCode()).isEqualTo(200);
  }

  @Test
  void errorAnswersCarryTheCallIdAndAttempts() throws Exception {
    start(ProxyFixture.config("http://127.0.0.1:9/v1", null));
    HttpResponse<String> r = post(body("gpt-4o-mini", false)); // nothing listens on port 9
    assertThat(r.statusCode()).isIn(502, 503);
    assertThat(r.headers().firstValue("x-llm-router-call-id")).hasValueSatisfying(v -> assertThat(v).startsWith("call-"));
    assertThat(r.headers().firstValue("x-llm-router-attempts")).contains("1");
    assertThat(r.headers().firstValue("x-llm-router-model-group")).contains("gpt-4o-mini");
    HttpResponse<String> unknown = post(body("no-such-model", false));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("x-llm-router-call-id")).isPresent();
  }

  @Test
  void anUnsupportedHttpVersionIsToldSo() throws Exception {
    start(ProxyFixture.config("http://127.0.0.1:9/v1", null));
    try (RawHttp raw = new RawHttp(proxy.server.port())) {
      raw.send("POST /v1/chat/completions HTTP/9.9", "Host: localhost", body("mock-model", false));
      String status = raw.statusLine();
      assertThat(status).startsWith("HTTP/1.1 505");
      assertThat(raw.body()).contains("HTTP version not supported").doesNotContain("gateway failed");
    }
  }

  @Test
  void aResetMidResponseIsReportedAsSuch() throws Exception {
    FaultyUpstream faults = new FaultyUpstream();
    upstream.setDispatcher(faults);
    upstream.start();
    start("""
        model_list:
          - model_name: reset
            litellm_params: {model: openai/gpt-4o-mini, api_base: "%s", api_key: %s}
        router_settings: {num_retries: 0}
        general_settings: {master_key: %s}
        """.formatted(faults.apiBase(upstream, Fault.RESET_MID_RESPONSE), ProxyFixture.PROVIDER_KEY,
        ProxyFixture.MASTER_KEY));
    HttpResponse<String> plain = post(body("reset", false));
    assertThat(plain.statusCode()).isEqualTo(502);
    assertThat(plain.body()).contains("reset the connection mid-response").doesNotContain("could not be reached");
    HttpResponse<String> streamed = post(body("reset", true));
    assertThat(streamed.body()).contains("reset the connection mid-response");
  }

  @Test
  void unknownPathsAreQuotedAsTheClientSentThem() throws Exception {
    start(ProxyFixture.config("http://127.0.0.1:9/v1", null));
    HttpResponse<String> r = proxy.get("/v1/nothing-here", "Authorization", "Bearer " + ProxyFixture.MASTER_KEY);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("GET /v1/nothing-here");
  }

  @Test
  void healthWithoutAKeyIsTheBareStatusAnd503WhenNothingCanServe() throws Exception {
    start("""
        model_list:
          - model_name: limited
            litellm_params: {model: mock/limited, mock_error_status: 429, mock_retry_after_s: 60}
        router_settings: {num_retries: 0}
        general_settings: {master_key: %s}
        """.formatted(ProxyFixture.MASTER_KEY));
    HttpResponse<String> before = proxy.get("/health");
    assertThat(before.statusCode()).isEqualTo(200);
    assertThat(before.body()).isEqualTo("{\"status\":\"healthy\"}");
    assertThat(post(body("limited", false)).statusCode()).isEqualTo(429); // now cooling down for 60 s
    HttpResponse<String> after = proxy.get("/health");
    assertThat(after.statusCode()).isEqualTo(503);
    assertThat(after.body()).isEqualTo("{\"status\":\"unhealthy\"}").doesNotContain("limited");
  }
}
