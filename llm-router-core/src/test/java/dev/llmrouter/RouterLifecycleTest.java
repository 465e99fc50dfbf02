package dev.llmrouter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.Cost;
import dev.llmrouter.api.LlmTimeoutException;
import dev.llmrouter.api.RateLimitedException;
import java.math.BigDecimal;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.config.CacheSettings;
import dev.llmrouter.config.GeneralSettings;
import dev.llmrouter.config.ModelDeployment;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.config.RouterSettings;
import dev.llmrouter.testing.FakeClock;
import dev.llmrouter.testing.FakeScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Building routers in code, their independence, and the overall call timeout. */
class RouterLifecycleTest {
  private static ModelDeployment mock(String alias, Map<String, Object> params) {
    return new ModelDeployment(alias, new DeploymentSettings(alias + "-dep", "mock", "m", null, null, null, null,
        null, null, params), 1, 0, null, null, null);
  }

  @Test
  void aRouterCanBeBuiltInCodeWithoutYaml() {
    RouterConfig config = new RouterConfig(List.of(mock("echo", Map.of())), RouterSettings.defaults(),
        CacheSettings.disabled(), GeneralSettings.defaults(), List.of());
    try (Router router = Router.builder().config(config).build()) {
      ChatResponse r = router.complete(ChatRequest.builder("echo").user("ping").build());
      assertThat(r.text()).isEqualTo("This is a mock response to: ping");
      assertThat(r.deployment()).isEqualTo("echo-dep");
      assertThat(r.cost()).as("the mock is free").isEqualTo(Cost.usd(BigDecimal.ZERO));
      assertThat(router.models()).containsExactly("echo");
    }
  }

  @Test
  void twoRoutersShareNoState() {
    String yaml = """
        model_list:
          - model_name: flaky
            litellm_params: {model: mock/m, mock_error_status: 429, mock_fail_first: 1, mock_retry_after_s: 60}
        router_settings: {num_retries: 0}
        """;
    FakeClock clock = new FakeClock();
    try (Router first = Router.builder().configYaml(yaml).clock(clock).build();
         Router second = Router.builder().configYaml(yaml).clock(clock).build()) {
      ChatRequest request = ChatRequest.builder("flaky").user("hi").build();
      assertThatThrownBy(() -> first.complete(request)).isInstanceOf(RateLimitedException.class);
      // The first router's deployment now cools down for 60 s; the second's has its own provider and cooldowns.
      assertThatThrownBy(() -> first.complete(request)).hasMessageContaining("cooling down");
      assertThatThrownBy(() -> second.complete(request)).as("reached its provider").isInstanceOf(RateLimitedException.class);
    }
  }

  @Test
  void theCallTimeoutBoundsRetryWaits() {
    List<Duration> waits = waitsWhileEveryAttemptFails(3, ChatRequest.builder("slow").user("hi").build());
    assertThat(total(waits)).isLessThanOrEqualTo(Duration.ofSeconds(3));
    assertThat(waits.size()).isLessThan(10);
  }

  @Test
  void aPerRequestTimeoutOverridesTheConfiguredOne() {
    List<Duration> waits = waitsWhileEveryAttemptFails(600, ChatRequest.builder("slow").user("hi")
        .timeout(Duration.ofSeconds(2)).build());
    assertThat(total(waits)).isLessThanOrEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aSlowAttemptIsCutOffAtTheCallTimeout() {
    // The mock would answer after a minute; the configured call timeout is 200 ms and the attempt gets only that.
    try (Router router = Router.builder().configYaml("""
        model_list:
          - model_name: slow
            litellm_params: {model: mock/m, mock_latency_ms: 60000}
        router_settings: {num_retries: 0, timeout: 0.2}
        """).build()) {
      ChatRequest request = ChatRequest.builder("slow").user("hi").build();
      assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> router.complete(request))
          .isInstanceOf(LlmTimeoutException.class));
    }
  }

  @Test
  void aSlowAttemptIsCutOffAtItsDeploymentsTimeoutWhenThatIsShorter() {
    try (Router router = Router.builder().configYaml("""
        model_list:
          - model_name: slow
            litellm_params: {model: mock/m, mock_latency_ms: 60000, timeout: 0.2}
        router_settings: {num_retries: 0, timeout: 600}
        """).build()) {
      ChatRequest request = ChatRequest.builder("slow").user("hi").build();
      assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> router.complete(request))
          .isInstanceOf(LlmTimeoutException.class).hasMessageContaining("200 ms"));
    }
  }

  /** The retry waits of a call to a deployment that always answers 503, with 10 retries allowed. */
  private static List<Duration> waitsWhileEveryAttemptFails(int timeoutSeconds, ChatRequest request) {
    FakeClock clock = new FakeClock();
    try (FakeScheduler scheduler = new FakeScheduler(clock);
         Router router = Router.builder().configYaml("""
             model_list:
               - model_name: slow
                 litellm_params: {model: mock/m, mock_error_status: 503}
             router_settings: {num_retries: 10, timeout: %d, retry_after: 1, allowed_fails: 100}
             """.formatted(timeoutSeconds)).clock(clock).retryScheduler(scheduler).random(() -> 0.0).build()) {
      assertThatThrownBy(() -> router.complete(request));
      return scheduler.waits();
    }
  }

  private static Duration total(List<Duration> waits) {
    return waits.stream().reduce(Duration.ZERO, Duration::plus);
  }

  @Test
  void withTheDefaultSchedulerARetryAfterAWaitStillSucceeds() {
    try (Router router = Router.builder().configYaml("""
        model_list:
          - model_name: flaky
            litellm_params: {model: mock/m, mock_error_status: 503, mock_fail_first: 2}
        router_settings: {num_retries: 2, retry_after: 0.001, allowed_fails: 10}
        """).build()) {
      ChatResponse r = router.complete(ChatRequest.builder("flaky").user("hi").build());
      assertThat(r.callInfo().attempts()).isEqualTo(3);
      assertThat(router.completeAsync(ChatRequest.builder("flaky").user("again").build()).join().text())
          .startsWith("This is a mock response");
    }
  }

  @Test
  void cancellingAnAsyncCallEndsItsRetryWaitAtOnceAndItEndsOnceAsCancelled() throws Exception {
    java.util.List<Object> ends = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch failedOnce = new java.util.concurrent.CountDownLatch(1);
    RouterListener listener = new RouterListener() {
      @Override
      public void attemptFailed(String callId, String deploymentId, int attempt, dev.llmrouter.api.LlmException e,
                                Duration elapsed) {
        failedOnce.countDown();
      }

      @Override
      public void callEnd(String callId, ChatResponse response, Throwable error) {
        ends.add(error == null ? response : error);
      }
    };
    String yaml = """
        model_list:
          - model_name: limited
            litellm_params: {model: mock/m, mock_error_status: 429, mock_retry_after_s: 20}
        router_settings: {num_retries: 3}
        """;
    try (Router router = Router.builder().configYaml(yaml).listener(listener).build()) {
      java.util.concurrent.CompletableFuture<ChatResponse> call =
          router.completeAsync(ChatRequest.builder("limited").user("hi").build());
      assertThat(failedOnce.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue(); // now waiting 20 s
      call.cancel(true);
      assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
        while (ends.isEmpty()) {
          Thread.onSpinWait();
        }
      });
      assertThat(ends).hasSize(1).first().isInstanceOf(java.util.concurrent.CancellationException.class);
      assertThat(call).isCancelled();
    }
  }

  @Test
  void aRouterCallRunsOnTheCallingThreadOnceAndCancelsFromAnother() throws Exception {
    String yaml = """
        model_list:
          - model_name: slow
            litellm_params: {model: mock/m, mock_latency_ms: 60000}
          - model_name: echo
            litellm_params: {model: mock/m}
        """;
    try (Router router = Router.builder().configYaml(yaml).build()) {
      RouterCall echo = router.newCall(ChatRequest.builder("echo").user("ping").build());
      assertThat(echo.execute().callInfo().callId()).isEqualTo(echo.callId());
      assertThatThrownBy(echo::execute).isInstanceOf(IllegalStateException.class);

      RouterCall slow = router.newCall(ChatRequest.builder("slow").user("ping").build());
      java.util.concurrent.ScheduledExecutorService canceller =
          java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
      try {
        canceller.schedule(slow::cancel, 200, java.util.concurrent.TimeUnit.MILLISECONDS);
        assertTimeout(Duration.ofSeconds(10), () -> assertThatThrownBy(slow::execute)
            .isInstanceOf(java.util.concurrent.CancellationException.class));
      } finally {
        canceller.shutdownNow();
      }
      assertThat(Thread.currentThread().isInterrupted()).as("the cancel's interrupt did not leak").isFalse();
    }
  }
}
