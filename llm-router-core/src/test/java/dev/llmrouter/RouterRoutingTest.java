package dev.llmrouter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.AuthenticationException;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContextWindowExceededException;
import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.ModelNotFoundException;
import dev.llmrouter.api.NoDeploymentAvailableException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.RateLimitedException;
import dev.llmrouter.testing.FakeClock;
import dev.llmrouter.testing.FakeScheduler;
import dev.llmrouter.testing.OpenAiBodies;
import dev.llmrouter.testing.RecordingListener;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Retries, cooldowns and fallbacks, against real HTTP upstreams speaking OpenAI's format. */
class RouterRoutingTest {
  private static final String KEY_A = "sk-upstream-a-0123456789abcdef";
  private static final String KEY_B = "sk-upstream-b-0123456789abcdef";

  @StartStop
  private final MockWebServer a = new MockWebServer();
  @StartStop
  private final MockWebServer b = new MockWebServer();

  private final FakeClock clock = new FakeClock();
  private final FakeScheduler scheduler = new FakeScheduler(clock);
  private final RecordingListener listener = new RecordingListener();
  private Router router;

  enum Mode { SYNC, ASYNC }

  @AfterEach
  void close() {
    if (router != null) {
      router.close();
    }
    scheduler.close();
  }

  private Router router(String yaml) {
    router = Router.builder()
        .configYaml(yaml)
        .environment(Map.of("A_BASE", a.url("/v1").toString(), "B_BASE", b.url("/v1").toString(),
            "KEY_A", KEY_A, "KEY_B", KEY_B))
        .clock(clock)
        .retryScheduler(scheduler)
        .random(() -> 0.5)
        .listener(listener)
        .build();
    return router;
  }

  private ChatResponse call(Mode mode, ChatRequest request) {
    if (mode == Mode.SYNC) {
      return router.complete(request);
    }
    try {
      return router.completeAsync(request).join();
    } catch (CompletionException e) {
      throw (RuntimeException) e.getCause();
    }
  }

  private static final String TWO_DEPLOYMENTS = """
      model_list:
        - model_name: chat
          litellm_params: {model: openai/gpt-4o-mini, api_base: "${A_BASE}", api_key: "${KEY_A}", order: 1}
          model_info: {id: dep-a}
        - model_name: chat
          litellm_params: {model: openai/gpt-4o-mini, api_base: "${B_BASE}", api_key: "${KEY_B}", order: 2}
          model_info: {id: dep-b}
      router_settings:
        num_retries: 2
        allowed_fails: 3
      """;

  private static ChatRequest hello() {
    return ChatRequest.builder("chat").user("Hello").build();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void http500Then429WithRetryAfterMovesToTheSecondDeploymentWithoutWaitingOutTheRetryAfter(Mode mode) {
    router(TWO_DEPLOYMENTS);
    a.enqueue(OpenAiBodies.error(500, "server_error", "The server had an error").build());
    a.enqueue(OpenAiBodies.error(429, "rate_limit_exceeded", "Rate limit reached").addHeader("Retry-After", "1")
        .build());
    b.enqueue(OpenAiBodies.completion("Hi from B", 9, 3));

    ChatResponse response = call(mode, hello());

    assertThat(response.text()).isEqualTo("Hi from B");
    assertThat(response.deployment()).isEqualTo("dep-b");
    assertThat(response.model()).isEqualTo("chat");
    assertThat(response.callInfo().attempts()).isEqualTo(3);
    assertThat(a.getRequestCount()).isEqualTo(2);
    assertThat(b.getRequestCount()).isEqualTo(1);
    assertThat(scheduler.waits()).hasSize(2);
    // dep-a cools down for its Retry-After; dep-b can take the retry now, so the wait is the ordinary backoff
    assertThat(scheduler.waits().get(1)).isLessThan(Duration.ofSeconds(1));
    assertThat(listener.events).containsExactly(
        "callStart chat",
        "attemptStart dep-a 1", "attemptFailed dep-a 1 ProviderUnavailableException",
        "attemptStart dep-a 2", "attemptFailed dep-a 2 RateLimitedException",
        "attemptStart dep-b 3", "attemptSucceeded dep-b 3",
        "callEnd ok");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void unauthorizedIsNotRetriedAndSurfacesTypedWithoutTheKey(Mode mode) {
    router("""
        model_list:
          - model_name: chat
            litellm_params: {model: openai/gpt-4o-mini, api_base: "${A_BASE}", api_key: "${KEY_A}"}
        """);
    a.enqueue(OpenAiBodies.error(401, "invalid_request_error", "Incorrect API key provided: sk-upstr***cdef.").build());

    assertThatThrownBy(() -> call(mode, hello()))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("Incorrect API key provided")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY_A));
    assertThat(a.getRequestCount()).isEqualTo(1);
    assertThat(scheduler.waits()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void badRequestIsNeitherRetriedNorSentToAnotherDeployment(Mode mode) {
    router(TWO_DEPLOYMENTS);
    a.enqueue(OpenAiBodies.error(400, "invalid_request_error", "Invalid value for 'temperature'").build());

    assertThatThrownBy(() -> call(mode, hello()))
        .isExactlyInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("Invalid value for 'temperature'");
    assertThat(a.getRequestCount()).isEqualTo(1);
    assertThat(b.getRequestCount()).isZero();
  }

  @Test
  void aBadKeyOnOneDeploymentMovesToTheNextWithoutWaiting() {
    router(TWO_DEPLOYMENTS);
    a.enqueue(OpenAiBodies.error(401, "invalid_request_error", "Incorrect API key provided").build());
    b.enqueue(OpenAiBodies.completion("Hi from B", 9, 3));

    ChatResponse response = router.complete(hello());

    assertThat(response.deployment()).isEqualTo("dep-b");
    assertThat(scheduler.waits()).isEmpty();
  }

  @Test
  void aRateLimitedDeploymentCoolsDownUntilItsRetryAfterPasses() {
    router(TWO_DEPLOYMENTS.replace("num_retries: 2", "num_retries: 0"));
    a.enqueue(OpenAiBodies.error(429, "rate_limit_exceeded", "slow down").addHeader("Retry-After", "30").build());
    assertThatThrownBy(() -> router.complete(hello())).isInstanceOf(RateLimitedException.class);

    b.enqueue(OpenAiBodies.completion("from B", 1, 1));
    assertThat(router.complete(hello()).deployment()).as("A is cooling down").isEqualTo("dep-b");

    clock.advance(Duration.ofSeconds(31));
    a.enqueue(OpenAiBodies.completion("from A", 1, 1));
    assertThat(router.complete(hello()).deployment()).as("A is back").isEqualTo("dep-a");
  }

  @Test
  void aRetryAfterShorterThanTheCooldownTimeIsHonoured() {
    router(TWO_DEPLOYMENTS.replace("num_retries: 2", "num_retries: 0\n  cooldown_time: 5"));
    a.enqueue(OpenAiBodies.error(429, "rate_limit_exceeded", "slow down").addHeader("Retry-After", "1").build());
    assertThatThrownBy(() -> router.complete(hello())).isInstanceOf(RateLimitedException.class);

    clock.advance(Duration.ofMillis(1100));
    a.enqueue(OpenAiBodies.completion("from A", 1, 1));
    assertThat(router.complete(hello()).deployment()).as("A asked for 1 s, not the 5 s cooldown")
        .isEqualTo("dep-a");
  }

  @Test
  void whenEveryAttemptFailsTheErrorListsEachAttempt() {
    router(TWO_DEPLOYMENTS.replace("num_retries: 2", "num_retries: 1"));
    a.enqueue(OpenAiBodies.error(503, "server_error", "overloaded").build());
    a.enqueue(OpenAiBodies.error(503, "server_error", "still overloaded").build());

    assertThatThrownBy(() -> router.complete(hello()))
        .isInstanceOf(NoDeploymentAvailableException.class)
        .hasMessageContaining("still overloaded")
        .satisfies(e -> {
          assertThat(e.getSuppressed()).hasSize(2).allMatch(s -> s instanceof ProviderUnavailableException);
          assertThat(((LlmException) e).status()).isEqualTo(503);
        });
    assertThat(b.getRequestCount()).as("A was not cooled down yet, so both attempts went there").isZero();
  }

  @Test
  void afterItsDeploymentsFailAnAliasFallsBackAlongItsFallbacks() {
    router("""
        model_list:
          - model_name: primary
            litellm_params: {model: openai/gpt-4o, api_base: "${A_BASE}", api_key: "${KEY_A}"}
          - model_name: backup
            litellm_params: {model: openai/gpt-4o-mini, api_base: "${B_BASE}", api_key: "${KEY_B}"}
        router_settings:
          num_retries: 0
          fallbacks: [{primary: [backup]}]
        """);
    a.enqueue(OpenAiBodies.error(502, "server_error", "bad gateway").build());
    b.enqueue(OpenAiBodies.completion("backup here", 5, 2));

    ChatResponse response = router.complete(ChatRequest.builder("primary").user("Hi").build());

    assertThat(response.text()).isEqualTo("backup here");
    assertThat(response.model()).as("the alias that served").isEqualTo("backup");
    assertThat(response.deployment()).isEqualTo("backup#1");
    assertThat(listener.events).contains("fallback primary -> backup");
  }

  @Test
  void aContextWindowOverflowGoesToTheContextWindowFallbackOnly() {
    router("""
        model_list:
          - model_name: small
            litellm_params: {model: openai/gpt-4o-mini, api_base: "${A_BASE}", api_key: "${KEY_A}"}
          - model_name: large
            litellm_params: {model: openai/gpt-4.1, api_base: "${B_BASE}", api_key: "${KEY_B}"}
        router_settings:
          context_window_fallbacks: [{small: [large]}]
        """);
    a.enqueue(OpenAiBodies.error(400, "invalid_request_error",
        "This model's maximum context length is 128000 tokens.").build());
    b.enqueue(OpenAiBodies.completion("fits", 200000, 2));

    assertThat(router.complete(ChatRequest.builder("small").user("long...").build()).text()).isEqualTo("fits");
  }

  @Test
  void aRequestPastTheSmallModelsWindowGoesToTheFallbackWithoutCallingIt() {
    router("""
        model_list:
          - model_name: small
            litellm_params: {model: openai/gpt-4o-mini, api_base: "${A_BASE}", api_key: "${KEY_A}"}
            model_info: {max_input_tokens: 1000}
          - model_name: large
            litellm_params: {model: openai/gpt-4.1, api_base: "${B_BASE}", api_key: "${KEY_B}"}
        router_settings:
          context_window_fallbacks: [{small: [large]}]
        """);
    b.enqueue(OpenAiBodies.completion("fits", 2000, 2));
    a.enqueue(OpenAiBodies.completion("short", 10, 2));

    String longText = "word ".repeat(2000); // about 2000 tokens in gpt-4o-mini's encoding
    assertThat(router.complete(ChatRequest.builder("small").user(longText).build()).text()).isEqualTo("fits");
    assertThat(a.getRequestCount()).as("the small model was not called").isZero();
    assertThat(router.complete(ChatRequest.builder("small").user("short").build()).text()).isEqualTo("short");
    assertThat(a.getRequestCount()).isEqualTo(1);
  }

  @Test
  void theBundledWindowSendsALongRequestToTheFallbackAndWithoutOneTheProviderDecides() {
    router("""
        model_list:
          - model_name: small
            litellm_params: {model: openai/gpt-3.5-turbo, api_base: "${A_BASE}", api_key: "${KEY_A}"}
          - model_name: solo
            litellm_params: {model: openai/gpt-3.5-turbo, api_base: "${A_BASE}", api_key: "${KEY_A}"}
          - model_name: large
            litellm_params: {model: openai/gpt-4.1, api_base: "${B_BASE}", api_key: "${KEY_B}"}
        router_settings:
          context_window_fallbacks: [{small: [large]}]
        """);
    String tooLong = "word ".repeat(20000); // gpt-3.5-turbo takes 16385 input tokens (the bundled table)
    b.enqueue(OpenAiBodies.completion("fits", 20000, 2));
    assertThat(router.complete(ChatRequest.builder("small").user(tooLong).build()).text()).isEqualTo("fits");
    assertThat(a.getRequestCount()).isZero();
    // no fallback and no max_input_tokens of its own: not counted here, the provider's refusal is the answer
    a.enqueue(OpenAiBodies.error(400, "invalid_request_error", "This model's maximum context length is 16385 "
        + "tokens.").build());
    assertThatThrownBy(() -> router.complete(ChatRequest.builder("solo").user(tooLong).build()))
        .isInstanceOf(ContextWindowExceededException.class).hasMessageContaining("maximum context length");
    assertThat(a.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aContextWindowOverflowWithoutFallbackSurfacesTyped() {
    router("""
        model_list:
          - model_name: small
            litellm_params: {model: openai/gpt-4o-mini, api_base: "${A_BASE}", api_key: "${KEY_A}"}
        """);
    a.enqueue(OpenAiBodies.error(400, "invalid_request_error", "context_length_exceeded").build());
    assertThatThrownBy(() -> router.complete(ChatRequest.builder("small").user("x").build()))
        .isInstanceOf(ContextWindowExceededException.class);
  }

  @Test
  void anUnknownAliasIsModelNotFoundNamingTheKnownOnes() {
    router(TWO_DEPLOYMENTS);
    assertThatThrownBy(() -> router.complete(ChatRequest.builder("gpt-9").user("x").build()))
        .isInstanceOf(ModelNotFoundException.class)
        .hasMessageContaining("gpt-9")
        .hasMessageContaining("chat");
    assertThat(listener.events).containsExactly("callStart gpt-9", "callEnd ModelNotFoundException");
  }

  @Test
  void aThrowingListenerNeverFailsTheCall() {
    router = Router.builder()
        .configYaml(TWO_DEPLOYMENTS)
        .environment(Map.of("A_BASE", a.url("/v1").toString(), "B_BASE", b.url("/v1").toString(),
            "KEY_A", KEY_A, "KEY_B", KEY_B))
        .listener(new RouterListener() {
          @Override
          public void callStart(String callId, ChatRequest request) {
            throw new IllegalStateException("listener bug");
          }
        })
        .build();
    a.enqueue(OpenAiBodies.completion("fine", 1, 1));
    assertThat(router.complete(hello()).text()).isEqualTo("fine");
  }

  @Test
  void deploymentDefaultsFillWhatTheRequestLeavesOut() throws Exception {
    router("""
        model_list:
          - model_name: chat
            litellm_params: {model: openai/gpt-4o-mini, api_base: "${A_BASE}", api_key: "${KEY_A}", max_tokens: 77}
        """);
    a.enqueue(OpenAiBodies.completion("ok", 1, 1));
    router.complete(hello());
    String sent = a.takeRequest().getBody().utf8();
    assertThat(sent).contains("\"model\":\"gpt-4o-mini\"").contains("\"max_tokens\":77");
  }
}
