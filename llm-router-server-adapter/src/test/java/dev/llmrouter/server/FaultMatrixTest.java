package dev.llmrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.server.FaultyUpstream.Fault;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every fault of {@link FaultyUpstream} × plain / streamed × with / without a fallback, through the proxy over real
 * HTTP. Each cell is its own alias (so one cell's cooldown never changes another's answer) and checks: the status,
 * the error's shape, that the answer came within the call's timeout, that the fallback served where there is one
 * and the client has not seen output yet, and that the router accounted for the call exactly once.
 */
class FaultMatrixTest {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(6);
  private static final String FALLBACK_TEXT = "Served by the fallback.";

  private final FaultyUpstream faults = new FaultyUpstream();
  private final MockWebServer upstream = new MockWebServer();
  private ProxyFixture proxy;

  FaultMatrixTest() throws Exception {}

  record Cell(Fault fault, boolean stream, boolean fallback) {
    String alias() {
      return fault.name().toLowerCase(java.util.Locale.ROOT) + (stream ? "-stream" : "-plain")
          + (fallback ? "-fb" : "");
    }
  }

  @AfterEach
  void stop() throws Exception {
    faults.release();
    if (proxy != null) {
      proxy.assertNoKeyLeaked();
      proxy.close();
    }
    upstream.close();
  }

  @Test
  void everyFaultIsAnsweredInTimeInOpenAiShapeFallsBackWhereItCanAndIsAccountedOnce() throws Exception {
    upstream.setDispatcher(faults);
    upstream.start();
    List<Cell> cells = new ArrayList<>();
    StringBuilder models = new StringBuilder();
    StringBuilder fallbacks = new StringBuilder();
    for (Fault f : Fault.values()) {
      for (boolean stream : new boolean[] {false, true}) {
        for (boolean fallback : new boolean[] {false, true}) {
          Cell c = new Cell(f, stream, fallback);
          cells.add(c);
          models.append("""
                - model_name: %s
                  litellm_params: {model: openai/gpt-4o-mini, api_base: "%s", api_key: %s, timeout: 1, stream_timeout: 1}
              """.formatted(c.alias(), faults.apiBase(upstream, f), ProxyFixture.PROVIDER_KEY));
          if (fallback) {
            fallbacks.append("    - {").append(c.alias()).append(": [good]}\n");
          }
        }
      }
    }
    proxy = ProxyFixture.start("""
        model_list:
        %s  - model_name: good
            litellm_params: {model: mock/good, mock_response: "%s"}
        router_settings:
          num_retries: 1
          retry_after: 0.05
          timeout: %d
          fallbacks:
        %s
        general_settings:
          master_key: %s
        """.formatted(models, FALLBACK_TEXT, CALL_TIMEOUT.toSeconds(), fallbacks, ProxyFixture.MASTER_KEY));

    ExecutorService pool = Executors.newFixedThreadPool(12);
    try {
      List<Future<?>> results = new ArrayList<>();
      for (Cell c : cells) {
        results.add(pool.submit(() -> {
          check(c);
          return null;
        }));
      }
      for (int i = 0; i < results.size(); i++) {
        try {
          results.get(i).get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          throw new AssertionError("cell " + cells.get(i) + ": " + e.getCause().getMessage(), e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(proxy.calls.starts).hasSize(cells.size());
    proxy.calls.assertBalanced();
  }

  private void check(Cell c) throws Exception {
    String body = "{\"model\":\"" + c.alias() + "\",\"stream\":" + c.stream()
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    long started = System.nanoTime();
    HttpResponse<String> r = proxy.http.send(HttpRequest.newBuilder(URI.create(proxy.baseUrl() + "/v1/chat/completions"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + ProxyFixture.MASTER_KEY)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(took).as("answered within the call timeout").isLessThan(CALL_TIMEOUT.plusSeconds(2));

    String callId = r.headers().firstValue("x-llm-router-call-id").orElse(null);
    assertThat(callId).as("the call id, on success and failure alike").isNotNull();
    Object end = proxy.calls.endOf(callId, Duration.ofSeconds(10));

    if (c.fault() == Fault.HUGE_BODY) {
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("lorem ipsum");
      return;
    }
    if (c.stream() && c.fault().midStream()) {
      // the client already has the first event: no retry, no fallback; the stream ends with an error event
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("Hel");
      String last = lastDataEvent(r.body());
      assertThat(last).contains("\"error\"").contains("\"message\"");
      assertThat(end).isInstanceOf(Throwable.class);
      return;
    }
    if (c.fallback()) {
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.body()).contains(c.stream() ? "Served" : FALLBACK_TEXT).doesNotContain("\"error\"");
      assertThat(end).isInstanceOfSatisfying(dev.llmrouter.api.ChatResponse.class,
          served -> assertThat(served.deployment()).startsWith("good#"));
      return;
    }
    if (c.stream() && c.fault().startsStream()) {
      // the client has its 200 and the message's start, and no fallback is there: the stream ends with an error
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(lastDataEvent(r.body())).contains("\"error\"").contains("\"message\"");
      assertThat(end).isInstanceOf(Throwable.class);
      return;
    }
    assertThat(r.statusCode()).as(r.body()).isIn(expectedStatuses(c.fault()));
    assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
    assertThat(r.body()).startsWith("{\"error\":{\"message\":").contains("\"type\":").contains("\"code\":");
    assertThat(r.headers().firstValue("x-llm-router-attempts")).isPresent();
    assertThat(end).isInstanceOf(Throwable.class);
  }

  private static Set<Integer> expectedStatuses(Fault f) {
    return switch (f) {
      case RATE_LIMITED -> Set.of(429);
      case NO_ANSWER, STALL_MID_RESPONSE -> Set.of(504);
      default -> Set.of(502, 503);
    };
  }

  private static String lastDataEvent(String sse) {
    String last = null;
    for (String line : sse.split("\n")) {
      if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
        last = line;
      }
    }
    return last;
  }
}
