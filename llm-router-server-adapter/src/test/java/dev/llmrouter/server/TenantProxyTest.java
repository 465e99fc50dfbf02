package dev.llmrouter.server;

import static dev.llmrouter.server.ProxyFixture.MASTER_KEY;
import static dev.llmrouter.server.ProxyFixture.PROVIDER_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.RateLimitException;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.PermissionDeniedException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.net.http.HttpResponse;
import java.time.Duration;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two tenants in one proxy, each with its own key: its models only, its budget and rate limits, errors in the
 * caller's API shape, over real HTTP and through the official SDKs.
 */
class TenantProxyTest {
  private static final String ENG_KEY = "sk-eng-test-key-4c1d9e";
  private static final String RESEARCH_KEY = "sk-research-key-77ab02";

  @StartStop
  private final MockWebServer upstream = new MockWebServer();
  private ProxyFixture proxy;

  @BeforeEach
  void start() throws Exception {
    upstream.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (request.getBody().utf8().contains("\"stream\":true")) {
          return UpstreamBodies.openAiStream(UpstreamBodies.openAiTextChunks("Hello", " from upstream."));
        }
        return UpstreamBodies.openAiText("Hello from upstream."); // 10 completion tokens: $0.01 here
      }
    });
    proxy = ProxyFixture.start("""
        model_list:
          - model_name: gpt-4o-mini
            litellm_params: {model: openai/gpt-4o-mini, api_base: "%s", api_key: %s}
            model_info: {input_cost_per_token: 0, output_cost_per_token: 0.001}
          - model_name: mock-model
            litellm_params: {model: mock/mock-model, mock_response: "Hello from the mock."}
        router_settings:
          num_retries: 0
        general_settings:
          master_key: %s
        tenants:
          - tenant: {id: engineering, api_key: %s}
            allowed_models: [gpt-4o-mini]
            budget: {daily_limit: 0.02}
            rate_limits: {requests_per_minute: 5}
          - tenant: {id: research, api_key: %s}
            allowed_models: [mock-model]
        """.formatted(upstream.url("/v1"), PROVIDER_KEY, MASTER_KEY, ENG_KEY, RESEARCH_KEY));
  }

  @AfterEach
  void stop() throws Exception {
    proxy.assertNoKeyLeaked();
    for (String line : proxy.logLines()) {
      assertThat(line).doesNotContain(ENG_KEY).doesNotContain(RESEARCH_KEY);
    }
    proxy.close();
  }

  private static String chat(String model) {
    return "{\"model\":\"" + model + "\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
  }

  private HttpResponse<String> post(String path, String body, String key) throws Exception {
    return proxy.post(path, body, "Authorization", "Bearer " + key, "anthropic-version", "2023-06-01");
  }

  @Test
  void eachTenantListsAndCallsOnlyItsModels() throws Exception {
    assertThat(proxy.get("/v1/models", "Authorization", "Bearer " + ENG_KEY).body())
        .contains("\"gpt-4o-mini\"").doesNotContain("mock-model");
    assertThat(proxy.get("/v1/models", "x-api-key", RESEARCH_KEY).body())
        .contains("\"mock-model\"").doesNotContain("gpt-4o-mini");
    assertThat(proxy.get("/v1/models", "Authorization", "Bearer " + MASTER_KEY).body())
        .contains("\"mock-model\"", "\"gpt-4o-mini\"");

    assertThat(proxy.post("/v1/chat/completions", chat("mock-model"), "x-api-key", RESEARCH_KEY).statusCode())
        .isEqualTo(200);
    HttpResponse<String> denied = proxy.post("/v1/chat/completions", chat("mock-model"),
        "Authorization", "Bearer " + ENG_KEY);
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.body()).contains("\"type\":\"permission_error\"", "may not use model 'mock-model'");

    HttpResponse<String> deniedAnthropic = post("/v1/messages", chat("mock-model"), ENG_KEY);
    assertThat(deniedAnthropic.statusCode()).isEqualTo(403);
    assertThat(deniedAnthropic.body()).startsWith("{\"type\":\"error\",\"error\":{\"type\":\"permission_error\"");
    assertThat(upstream.getRequestCount()).isZero();
  }

  @Test
  void aTenantKeyWorksThroughBothApisUntilItsBudgetIsSpentThenGetsTheBudget429InEachShape() throws Exception {
    HttpResponse<String> first = proxy.post("/v1/chat/completions", chat("gpt-4o-mini"),
        "Authorization", "Bearer " + ENG_KEY);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("x-ratelimit-limit-requests")).contains("5");
    assertThat(first.headers().firstValue("x-ratelimit-remaining-requests")).contains("4");
    assertThat(first.headers().firstValue("x-ratelimit-reset-requests")).hasValueSatisfying(v ->
        assertThat(v).matches("\\d+s"));
    HttpResponse<String> second = post("/v1/messages", chat("gpt-4o-mini"), ENG_KEY);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.headers().firstValue("x-ratelimit-remaining-requests")).contains("3");

    HttpResponse<String> openAi = proxy.post("/v1/chat/completions", chat("gpt-4o-mini"),
        "Authorization", "Bearer " + ENG_KEY);
    assertThat(openAi.statusCode()).isEqualTo(429);
    assertThat(openAi.body()).contains("\"type\":\"budget_exceeded\"", "daily budget of tenant engineering is $0.02",
        "$0.02 is spent");
    assertThat(openAi.headers().firstValue("x-should-retry")).contains("false");
    assertThat(openAi.headers().firstValue("retry-after")).hasValueSatisfying(v ->
        assertThat(Long.parseLong(v)).isBetween(1L, 86_400L));

    HttpResponse<String> anthropic = post("/v1/messages", chat("gpt-4o-mini"), ENG_KEY);
    assertThat(anthropic.statusCode()).isEqualTo(429);
    assertThat(anthropic.body()).startsWith("{\"type\":\"error\",\"error\":{\"type\":\"billing_error\"");
    assertThat(anthropic.headers().firstValue("x-should-retry")).contains("false");
    assertThat(upstream.getRequestCount()).isEqualTo(2);

    // the other tenant is not touched by engineering's spending
    assertThat(proxy.post("/v1/chat/completions", chat("mock-model"), "x-api-key", RESEARCH_KEY).statusCode())
        .isEqualTo(200);
  }

  @Test
  void theOfficialSdksSeeTheirOwnErrorTypes() {
    OpenAIClient openAi = OpenAIOkHttpClient.builder().baseUrl(proxy.baseUrl() + "/v1").apiKey(ENG_KEY)
        .maxRetries(0).build();
    try {
      PermissionDeniedException e = catchThrowableOfType(PermissionDeniedException.class, () ->
          openAi.chat().completions().create(ChatCompletionCreateParams.builder().model("mock-model")
              .addUserMessage("Hi").build()));
      assertThat(e.statusCode()).isEqualTo(403);
    } finally {
      openAi.close();
    }
    // Claude Code's way: ANTHROPIC_AUTH_TOKEN=<the team's key> sends it as a bearer token
    AnthropicClient anthropic = AnthropicOkHttpClient.builder().baseUrl(proxy.baseUrl()).authToken(ENG_KEY)
        .maxRetries(3).build();
    try {
      MessageCreateParams hello = MessageCreateParams.builder().model("gpt-4o-mini").maxTokens(10)
          .addUserMessage("Hi").build();
      anthropic.messages().create(hello);
      anthropic.messages().create(hello);
      // without x-should-retry: false the SDK would sleep out the retry-after (hours, until the budget resets)
      RateLimitException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
          catchThrowableOfType(RateLimitException.class, () -> anthropic.messages().create(hello)));
      assertThat(e.statusCode()).isEqualTo(429);
      assertThat(e.getMessage()).contains("billing_error");
      // x-should-retry: false keeps the SDK from retrying a budget refusal: 1 (OpenAI) + 3 calls reached the router
      assertThat(upstream.getRequestCount()).isEqualTo(2);
      proxy.calls.assertBalanced();
      assertThat(proxy.calls.ends).hasSize(4);
    } finally {
      anthropic.close();
    }
  }

  @Test
  void anUnknownKeyGets401AndATenantKeyIsNotAnAdminForHealth() throws Exception {
    HttpResponse<String> wrong = proxy.post("/v1/chat/completions", chat("gpt-4o-mini"),
        "Authorization", "Bearer sk-not-a-key");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("Invalid API key").doesNotContain("sk-not-a-key");
    HttpResponse<String> health = proxy.get("/health", "Authorization", "Bearer " + ENG_KEY);
    assertThat(health.body()).isEqualTo("{\"status\":\"healthy\"}");
    assertThat(proxy.get("/health", "Authorization", "Bearer " + MASTER_KEY).body()).contains("healthy_count");
  }

  @Test
  void withTenantsAndNoMasterKeyThereIsNoWayInWithoutAKey() throws Exception {
    proxy.close();
    proxy = ProxyFixture.start("""
        model_list:
          - model_name: mock-model
            litellm_params: {model: mock/mock-model, mock_response: "Hello from the mock."}
        tenants:
          - tenant: {id: research, api_key: %s}
        """.formatted(RESEARCH_KEY));
    assertThat(proxy.post("/v1/chat/completions", chat("mock-model")).statusCode()).isEqualTo(401);
    assertThat(proxy.post("/v1/chat/completions", chat("mock-model"), "x-api-key", RESEARCH_KEY).statusCode())
        .isEqualTo(200);
    assertThat(proxy.get("/v1/models").statusCode()).isEqualTo(401);
  }

  @Test
  void claudeCodesCustomHeaderCarriesTheKeyAndAStreamSaysWhereItStandsInItsHeaders() throws Exception {
    HttpResponse<String> r = proxy.post("/v1/messages", "{\"model\":\"gpt-4o-mini\",\"max_tokens\":10,\"stream\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", "x-litellm-api-key", "Bearer " + ENG_KEY,
        "Authorization", "Bearer claude-code-own-token", "anthropic-version", "2023-06-01");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("event: message_stop");
    assertThat(r.headers().firstValue("x-ratelimit-limit-requests")).contains("5");
    assertThat(r.headers().firstValue("x-ratelimit-remaining-requests")).contains("4");
  }
}
