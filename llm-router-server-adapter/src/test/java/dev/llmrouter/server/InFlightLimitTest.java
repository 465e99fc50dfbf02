package dev.llmrouter.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy's bound on model calls at once ({@code global_max_parallel_requests}): past it a call is answered 503
 * at once, in its API's shape, with {@code Retry-After}; nothing waits in a hidden queue, health still answers, and
 * the place comes back when the call ends.
 */
class InFlightLimitTest {
  @StartStop
  private final MockWebServer upstream = new MockWebServer();
  private ProxyFixture proxy;

  @AfterEach
  void stop() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void pastTheBoundACallIsRefusedAtOnceAndThePlaceComesBack() throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    upstream.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        arrived.countDown();
        release.await(20, TimeUnit.SECONDS);
        return UpstreamBodies.openAiText("Hello.");
      }
    });
    proxy = ProxyFixture.start("""
        model_list:
          - model_name: gpt-4o-mini
            litellm_params:
              model: openai/gpt-4o-mini
              api_base: %s
              api_key: sk-upstream
        router_settings:
          num_retries: 0
        general_settings:
          master_key: %s
          global_max_parallel_requests: 1
        """.formatted(upstream.url("/v1"), ProxyFixture.MASTER_KEY));
    String chat = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    CompletableFuture<HttpResponse<String>> held = proxy.http.sendAsync(
        HttpRequest.newBuilder(URI.create(proxy.baseUrl() + "/v1/chat/completions")).timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json").header("Authorization", "Bearer " + ProxyFixture.MASTER_KEY)
            .POST(HttpRequest.BodyPublishers.ofString(chat)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(arrived.await(10, TimeUnit.SECONDS)).as("the first call reached the upstream").isTrue();

    HttpResponse<String> openAi = proxy.authorizedPost("/v1/chat/completions", chat);
    assertThat(openAi.statusCode()).isEqualTo(503);
    assertThat(openAi.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(openAi.body()).contains("\"code\":\"gateway_busy\"").contains("global_max_parallel_requests");

    HttpResponse<String> anthropic = proxy.post("/v1/messages", "{\"model\":\"gpt-4o-mini\",\"max_tokens\":10,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", "anthropic-version", "2023-06-01",
        "Authorization", "Bearer " + ProxyFixture.MASTER_KEY);
    assertThat(anthropic.statusCode()).isEqualTo(503);
    assertThat(anthropic.body()).contains("\"type\":\"error\"").contains("\"type\":\"overloaded_error\"");

    assertThat(proxy.get("/health/liveliness").statusCode()).as("health is not a model call").isEqualTo(200);
    assertThat(upstream.getRequestCount()).as("the refused calls never went upstream").isEqualTo(1);

    release.countDown();
    assertThat(held.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    HttpResponse<String> after = proxy.authorizedPost("/v1/chat/completions", chat);
    assertThat(after.statusCode()).as("the place came back when the first call ended").isEqualTo(200);

    String metrics = proxy.get("/metrics", "Authorization", "Bearer " + ProxyFixture.MASTER_KEY).body();
    assertThat(metrics).contains("llm_router_gateway_busy_refusals_total 2.0")
        .contains("llm_router_gateway_max_in_flight 1.0");
  }

  @Test
  void threadingFollowsTheRuntimeAndTheSetting() {
    boolean virtualThreads = Runtime.version().feature() >= 21;
    assertThat(Threading.from(null)).isEqualTo(virtualThreads ? Threading.VIRTUAL : Threading.PLATFORM);
    assertThat(Threading.from("auto")).isEqualTo(Threading.from(null));
    assertThat(Threading.from("false")).isEqualTo(Threading.PLATFORM);
    if (virtualThreads) {
      assertThat(Threading.from("TRUE")).isEqualTo(Threading.VIRTUAL);
    } else {
      assertThatThrownBy(() -> Threading.from("true")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("JDK 21");
    }
    assertThatThrownBy(() -> Threading.from("yes")).hasMessageContaining("auto, true or false");
    assertThat(Threading.PLATFORM.defaultMaxInFlight()).isLessThan(Threading.PLATFORM_THREADS);
  }
}
