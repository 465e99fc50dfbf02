package dev.llmrouter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.Cost;
import dev.llmrouter.testing.FakeClock;
import dev.llmrouter.testing.OpenAiBodies;
import dev.llmrouter.testing.RecordingListener;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RouterCacheAndCostTest {
  @StartStop
  private final MockWebServer upstream = new MockWebServer();
  private final FakeClock clock = new FakeClock();
  private final RecordingListener listener = new RecordingListener();
  private Router router;

  @AfterEach
  void close() {
    if (router != null) {
      router.close();
    }
  }

  private Router router(String yaml) {
    router = Router.builder().configYaml(yaml).clock(clock).listener(listener)
        .environment(Map.of("BASE", upstream.url("/v1").toString())).build();
    return router;
  }

  private static final String CACHED = """
      model_list:
        - model_name: chat
          litellm_params: {model: openai/gpt-4o-mini, api_base: "${BASE}", api_key: sk-x}
      litellm_settings:
        cache: true
        cache_params: {type: local, ttl: 60}
      """;

  @Test
  void theSameRequestTwiceIsServedFromTheCacheWithoutAnUpstreamCall() {
    router(CACHED);
    upstream.enqueue(OpenAiBodies.completion("cached answer", 10, 5));
    ChatRequest request = ChatRequest.builder("chat").user("Hello").temperature(0.0).build();

    ChatResponse first = router.complete(request);
    ChatResponse second = router.complete(ChatRequest.builder("chat").user("Hello").temperature(0.0).build());

    assertThat(upstream.getRequestCount()).isEqualTo(1);
    assertThat(second.text()).isEqualTo("cached answer");
    assertThat(first.callInfo().cacheHit()).isFalse();
    assertThat(second.callInfo().cacheHit()).isTrue();
    assertThat(second.callInfo().attempts()).isZero();
    assertThat(second.cost()).isEqualTo(Cost.usd(BigDecimal.ZERO));
    assertThat(second.callInfo().callId()).isNotEqualTo(first.callInfo().callId());
    assertThat(listener.events).contains("cacheHit");
  }

  @Test
  void aPerRequestBypassSkipsTheCache() {
    router(CACHED);
    upstream.enqueue(OpenAiBodies.completion("one", 10, 5));
    upstream.enqueue(OpenAiBodies.completion("two", 10, 5));
    ChatRequest request = ChatRequest.builder("chat").user("Hello").build();

    router.complete(request);
    ChatResponse bypassed = router.complete(request.toBuilder().bypassCache(true).build());

    assertThat(upstream.getRequestCount()).isEqualTo(2);
    assertThat(bypassed.text()).isEqualTo("two");
    assertThat(bypassed.callInfo().cacheHit()).isFalse();
  }

  @Test
  void noCacheSkipsReadingNoStoreSkipsWritingTtlAndMaxAgeAreTheCallers() {
    router(CACHED);
    upstream.enqueue(OpenAiBodies.completion("one", 10, 5));
    upstream.enqueue(OpenAiBodies.completion("two", 10, 5));
    upstream.enqueue(OpenAiBodies.completion("three", 10, 5));
    upstream.enqueue(OpenAiBodies.completion("four", 10, 5));
    ChatRequest request = ChatRequest.builder("chat").user("Hello").build();
    ChatRequest.CacheUse noStore = new ChatRequest.CacheUse(false, true, null, null);
    ChatRequest.CacheUse noCache = new ChatRequest.CacheUse(true, false, null, null);

    assertThat(router.complete(request.toBuilder().cache(noStore).build()).text()).isEqualTo("one");
    assertThat(router.complete(request.toBuilder().cache(noCache).build()).text()).isEqualTo("two"); // stored
    assertThat(router.complete(request).text()).isEqualTo("two");
    clock.advance(Duration.ofSeconds(20));
    ChatRequest.CacheUse young = new ChatRequest.CacheUse(false, false, null, Duration.ofSeconds(10));
    ChatResponse fresh = router.complete(request.toBuilder().cache(young).build());
    assertThat(fresh.text()).isEqualTo("three"); // the stored one is 20 s old; this one is stored anew
    assertThat(fresh.callInfo().cacheHit()).isFalse();
    ChatRequest.CacheUse brief = new ChatRequest.CacheUse(false, false, Duration.ofSeconds(5), null);
    ChatRequest other = ChatRequest.builder("chat").user("Bye").build();
    assertThat(router.complete(other.toBuilder().cache(brief).build()).text()).isEqualTo("four");
    clock.advance(Duration.ofSeconds(6));
    upstream.enqueue(OpenAiBodies.completion("five", 10, 5));
    assertThat(router.complete(other).text()).isEqualTo("five"); // its 5 s ttl has passed, not the config's 60
    assertThat(router.complete(request).text()).isEqualTo("three");
    assertThat(upstream.getRequestCount()).isEqualTo(5);
  }

  @Test
  void cacheEntriesExpireAfterTheirTtlOnTheInjectedClock() {
    router(CACHED);
    upstream.enqueue(OpenAiBodies.completion("one", 10, 5));
    upstream.enqueue(OpenAiBodies.completion("two", 10, 5));
    ChatRequest request = ChatRequest.builder("chat").user("Hello").build();

    router.complete(request);
    clock.advance(Duration.ofSeconds(61));
    assertThat(router.complete(request).text()).isEqualTo("two");
    assertThat(upstream.getRequestCount()).isEqualTo(2);
  }

  @Test
  void differentRequestsDoNotShareAnEntry() {
    router(CACHED);
    upstream.enqueue(OpenAiBodies.completion("one", 10, 5));
    upstream.enqueue(OpenAiBodies.completion("two", 10, 5));
    router.complete(ChatRequest.builder("chat").user("Hello").build());
    assertThat(router.complete(ChatRequest.builder("chat").user("Hello!").build()).text()).isEqualTo("two");
  }

  @Test
  void costIsTokensTimesTheConfiguredPrices() {
    router("""
        model_list:
          - model_name: chat
            litellm_params: {model: openai/my-finetune, api_base: "${BASE}", api_key: sk-x}
            model_info: {input_cost_per_token: 0.000003, output_cost_per_token: 0.000015}
        """);
    upstream.enqueue(OpenAiBodies.completion("priced", 1000, 200));

    ChatResponse response = router.complete(ChatRequest.builder("chat").user("Hi").build());

    // 1000 * 0.000003 + 200 * 0.000015 = 0.003 + 0.003
    assertThat(response.cost()).isEqualTo(Cost.usd(new BigDecimal("0.006")));
  }

  @Test
  void seedStyleCostPerTokenPricesInputAndOutputAlike() {
    router("""
        model_list:
          - model_name: cheap-code
            litellm_params: {model: openai/deepseek-coder, api_base: "${BASE}", api_key: sk-x}
            model_info: {cost_per_token: 0.000001}
        """);
    upstream.enqueue(OpenAiBodies.completion("cheap", 300, 100));
    assertThat(router.complete(ChatRequest.builder("cheap-code").user("Hi").build()).cost())
        .isEqualTo(Cost.usd(new BigDecimal("0.0004")));
  }

  @Test
  void bundledPricesApplyToKnownModels() {
    router("""
        model_list:
          - model_name: chat
            litellm_params: {model: openai/gpt-4o-mini, api_base: "${BASE}", api_key: sk-x}
        """);
    upstream.enqueue(OpenAiBodies.completion("known", 1_000_000, 1_000_000));
    // gpt-4o-mini: $0.15 per 1M input, $0.60 per 1M output
    assertThat(router.complete(ChatRequest.builder("chat").user("Hi").build()).cost())
        .isEqualTo(Cost.usd(new BigDecimal("0.75")));
  }

  @Test
  void anAzureDeploymentIsPricedByItsBaseModelNotItsOwnersName() throws Exception {
    router("""
        model_list:
          - model_name: chat
            litellm_params: {model: azure/team-a-prod, api_base: "${BASE}", api_key: azure-key, api_version: "2024-10-21"}
            model_info: {base_model: azure/gpt-4o-mini}
          - model_name: unpriced
            litellm_params: {model: azure/team-a-prod, api_base: "${BASE}", api_key: azure-key}
        """);
    upstream.enqueue(OpenAiBodies.completion("known", 1_000_000, 1_000_000));
    upstream.enqueue(OpenAiBodies.completion("unknown", 10, 5));
    // gpt-4o-mini: $0.15 per 1M input, $0.60 per 1M output
    assertThat(router.complete(ChatRequest.builder("chat").user("Hi").build()).cost())
        .isEqualTo(Cost.usd(new BigDecimal("0.75")));
    assertThat(router.complete(ChatRequest.builder("unpriced").user("Hi").build()).cost()).isEqualTo(Cost.unknown());
    mockwebserver3.RecordedRequest sent = upstream.takeRequest();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/openai/deployments/team-a-prod/chat/completions");
    assertThat(sent.getHeaders().get("api-key")).isEqualTo("azure-key");
  }

  @Test
  void geminisCachedContentIsPricedAsCacheReads() {
    router("""
        model_list:
          - model_name: chat
            litellm_params: {model: gemini/gemini-2.5-flash, api_base: "${BASE}", api_key: g-key}
        """);
    upstream.enqueue(new mockwebserver3.MockResponse.Builder().addHeader("Content-Type", "application/json")
        .body("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}],\"role\":\"model\"},"
            + "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":1000000,"
            + "\"cachedContentTokenCount\":400000,\"candidatesTokenCount\":1000000,\"totalTokenCount\":2000000},"
            + "\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"r1\"}").build());
    // gemini-2.5-flash: $0.30 per 1M input, $0.075 per 1M cached input, $2.50 per 1M output
    assertThat(router.complete(ChatRequest.builder("chat").user("Hi").build()).cost())
        .isEqualTo(Cost.usd(new BigDecimal("2.71")));
  }

  @Test
  void bedrockModelIdsArePricedAsTheirModels() {
    router("""
        model_list:
          - model_name: claude
            litellm_params: {model: bedrock/converse/us.anthropic.claude-sonnet-4-5-20250929-v1:0, api_base: "${BASE}",
                             aws_region_name: us-east-1, aws_access_key_id: AKIDEXAMPLE, aws_secret_access_key: s}
          - model_name: nova
            litellm_params: {model: bedrock/amazon.nova-lite-v1:0, api_base: "${BASE}", aws_region_name: us-east-1,
                             aws_access_key_id: AKIDEXAMPLE, aws_secret_access_key: s}
        """);
    String converse = "{\"output\":{\"message\":{\"content\":[{\"text\":\"Hi\"}],\"role\":\"assistant\"}},"
        + "\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":1000000,\"outputTokens\":1000000,"
        + "\"totalTokens\":2000000}}";
    for (int i = 0; i < 2; i++) {
      upstream.enqueue(new mockwebserver3.MockResponse.Builder().addHeader("Content-Type", "application/json")
          .body(converse).build());
    }
    // claude-sonnet-4-5: $3 + $15 per 1M; nova-lite: $0.06 + $0.24 per 1M
    assertThat(router.complete(ChatRequest.builder("claude").user("Hi").build()).cost())
        .isEqualTo(Cost.usd(new BigDecimal("18")));
    assertThat(router.complete(ChatRequest.builder("nova").user("Hi").build()).cost())
        .isEqualTo(Cost.usd(new BigDecimal("0.30")));
  }

  private static mockwebserver3.MockResponse embeddings(int promptTokens) {
    return new mockwebserver3.MockResponse.Builder().addHeader("Content-Type", "application/json")
        .body("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":1,\"embedding\":[1.0,0.0]},"
            + "{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.5,-0.5]}],\"model\":"
            + "\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":" + promptTokens + ",\"total_tokens\":"
            + promptTokens + "}}").build();
  }

  @Test
  void anEmbeddingIsRetriedPricedCachedAndRecordedLikeAChatCall() throws Exception {
    router("""
        model_list:
          - model_name: emb
            litellm_params: {model: openai/text-embedding-3-small, api_base: "${BASE}", api_key: sk-x}
        router_settings:
          num_retries: 1
          retry_after: 0
        litellm_settings:
          cache: true
          cache_params: {type: local, ttl: 60}
        """);
    upstream.enqueue(new mockwebserver3.MockResponse.Builder().code(500).body("{\"error\":{\"message\":\"boom\"}}")
        .build());
    upstream.enqueue(embeddings(1_000_000));
    dev.llmrouter.api.EmbeddingRequest request = dev.llmrouter.api.EmbeddingRequest.of("emb", "first", "second");

    dev.llmrouter.api.EmbeddingResponse first = router.embed(request);
    dev.llmrouter.api.EmbeddingResponse again = router.embed(dev.llmrouter.api.EmbeddingRequest.of("emb", "first",
        "second"));

    assertThat(first.vectors()).hasSize(2);
    assertThat(first.vectors().get(0)).containsExactly(0.5f, -0.5f); // by index, not by arrival
    assertThat(first.callInfo().attempts()).isEqualTo(2);
    assertThat(first.usage().inputTokens()).isEqualTo(1_000_000);
    assertThat(first.cost()).isEqualTo(Cost.usd(new BigDecimal("0.02"))); // text-embedding-3-small: $0.02 per 1M
    assertThat(again.callInfo().cacheHit()).isTrue();
    assertThat(again.vectors().get(1)).containsExactly(1.0f, 0.0f);
    assertThat(upstream.getRequestCount()).isEqualTo(2);
    upstream.takeRequest();
    mockwebserver3.RecordedRequest sent = upstream.takeRequest();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/embeddings");
    assertThat(sent.getBody().utf8()).isEqualTo("{\"model\":\"text-embedding-3-small\",\"input\":[\"first\","
        + "\"second\"],\"encoding_format\":\"float\"}");
  }

  @Test
  void aProviderWithoutEmbeddingsRefusesTheCallByName() {
    router("""
        model_list:
          - model_name: emb
            litellm_params: {model: anthropic/claude-haiku-4-5, api_base: "${BASE}", api_key: sk-ant-x}
        """);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> router.embed(dev.llmrouter.api.EmbeddingRequest.of("emb",
        "x"))).isInstanceOf(dev.llmrouter.api.UnsupportedParameterException.class)
        .hasMessageContaining("does not serve embeddings");
    assertThat(upstream.getRequestCount()).isZero();
  }

  @Test
  void anUnpricedModelCostsUnknownNotZero() {
    router("""
        model_list:
          - model_name: chat
            litellm_params: {model: openai/some-unlisted-model, api_base: "${BASE}", api_key: sk-x}
        """);
    upstream.enqueue(OpenAiBodies.completion("free?", 10, 5));
    ChatResponse response = router.complete(ChatRequest.builder("chat").user("Hi").build());
    assertThat(response.cost().isKnown()).isFalse();
    assertThat(response.cost()).isEqualTo(Cost.unknown());
    assertThat(response.cost().toString()).isEqualTo("unknown");
  }
}
