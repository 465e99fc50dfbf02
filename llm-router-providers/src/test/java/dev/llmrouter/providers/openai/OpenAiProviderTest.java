package dev.llmrouter.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.ContentPolicyException;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.RateLimitedException;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.api.spi.Secret;
import dev.llmrouter.providers.ProviderContractTest;
import dev.llmrouter.providers.internal.OpenAiChatProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;

class OpenAiProviderTest extends ProviderContractTest {

  @Override
  protected Provider newProvider(DeploymentSettings settings) {
    return new OpenAiProviderFactory().create(settings);
  }

  @Override
  protected String providerId() {
    return "openai";
  }

  /** The contract test's {@code Recorder()} is protected, so another package makes an anonymous subclass. */
  private static Recorder recorder() {
    return new Recorder() {};
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
  }

  private static String chunk(String delta, String finishReason) {
    return "{\"id\":\"chatcmpl-AbC1\",\"object\":\"chat.completion.chunk\",\"created\":1726000000,"
        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_e2bde53e6e\",\"choices\":[{\"index\":0,"
        + "\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":"
        + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}],\"usage\":null}";
  }

  private static String usageChunk(int prompt, int completion) {
    return "{\"id\":\"chatcmpl-AbC1\",\"object\":\"chat.completion.chunk\",\"created\":1726000000,"
        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_e2bde53e6e\",\"choices\":[],"
        + "\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion + ",\"total_tokens\":"
        + (prompt + completion) + ",\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
        + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
        + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}}";
  }

  @Override
  protected MockResponse textResponse() {
    return json("""
        {
          "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
          "object": "chat.completion",
          "created": 1741569952,
          "model": "gpt-4o-mini-2024-07-18",
          "choices": [
            {
              "index": 0,
              "message": {
                "role": "assistant",
                "content": "Hello there!",
                "refusal": null,
                "annotations": []
              },
              "logprobs": null,
              "finish_reason": "stop"
            }
          ],
          "usage": {
            "prompt_tokens": 12,
            "completion_tokens": 4,
            "total_tokens": 16,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0,
              "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}
          },
          "service_tier": "default",
          "system_fingerprint": "fp_06737a9306"
        }""");
  }

  @Override
  protected MockResponse toolCallResponse() {
    return json("""
        {
          "id": "chatcmpl-abc123",
          "object": "chat.completion",
          "created": 1699896916,
          "model": "gpt-4o-mini-2024-07-18",
          "choices": [
            {
              "index": 0,
              "message": {
                "role": "assistant",
                "content": null,
                "tool_calls": [
                  {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\"}"}
                  }
                ],
                "refusal": null
              },
              "logprobs": null,
              "finish_reason": "tool_calls"
            }
          ],
          "usage": {"prompt_tokens": 82, "completion_tokens": 17, "total_tokens": 99}
        }""");
  }

  @Override
  protected MockResponse streamedTextResponse() {
    return sseData(
        chunk("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", null),
        chunk("{\"content\":\"Hello\"}", null),
        chunk("{\"content\":\" there!\"}", null),
        chunk("{}", "stop"),
        usageChunk(12, 4),
        "[DONE]");
  }

  @Override
  protected MockResponse streamedToolCallResponse() {
    return sseData(
        chunk("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
            + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}],\"refusal\":null}",
            null),
        chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"\"}}]}", null),
        chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"city\\\":\\\"\"}}]}", null),
        chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"Paris\\\"}\"}}]}", null),
        chunk("{}", "tool_calls"),
        usageChunk(82, 17),
        "[DONE]");
  }

  @Override
  protected MockResponse.Builder errorResponse(int status, String message) {
    String type = status == 429 ? "requests" : status >= 500 ? "server_error" : "invalid_request_error";
    return new MockResponse.Builder()
        .code(status)
        .addHeader("Content-Type", "application/json")
        .body("{\n  \"error\": {\n    \"message\": \"" + message + "\",\n    \"type\": \"" + type
            + "\",\n    \"param\": null,\n    \"code\": null\n  }\n}\n");
  }

  @Override
  protected String streamTextChunk(String text) {
    return "data: " + chunk("{\"content\":\"" + text + "\"}", null) + "\n\n";
  }

  private Provider provider(Map<String, String> headers, Map<String, Object> params) {
    return new OpenAiProviderFactory().create(new DeploymentSettings("d1", "openai", "gpt-4o-mini",
        Secret.of(API_KEY), apiBase(), null, Duration.ofSeconds(10), Duration.ofSeconds(10), headers, params));
  }

  @Test
  void sendsTheExactBodyToChatCompletionsWithBearerAuth() throws Exception {
    server.enqueue(textResponse());
    provider().chat(ChatRequest.builder("gpt-4o-mini").system("Be brief.").user("Say hello").maxTokens(64)
        .temperature(0.2).build());

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(request.getBody().utf8()).isEqualTo("{\"model\":\"gpt-4o-mini\",\"messages\":["
        + "{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Say hello\"}],"
        + "\"temperature\":0.2,\"max_tokens\":64}");
  }

  @Test
  void streamingRequestsAskForUsage() throws Exception {
    server.enqueue(streamedTextResponse());
    Recorder recorder = recorder();
    provider().stream(simpleRequest(), recorder);
    recorder.done.get(10, TimeUnit.SECONDS);

    assertThat(server.takeRequest().getBody().utf8()).isEqualTo("{\"model\":\"test-model\",\"messages\":["
        + "{\"role\":\"user\",\"content\":\"Say hello\"}],\"stream\":true,\"stream_options\":{\"include_usage\":true},"
        + "\"max_tokens\":64}");
  }

  @Test
  void extraFieldsPassThroughButReplaceNothing() throws Exception {
    server.enqueue(textResponse());
    provider().chat(ChatRequest.builder("gpt-4o-mini").user("Hi").topK(5).maxTokens(10)
        .putExtra("top_k", 40).putExtra("logit_bias", Map.of("50256", -100)).putExtra("model", "other")
        .putExtra("stream", true).putExtra("max_tokens", 999).build());

    assertThat(server.takeRequest().getBody().utf8()).isEqualTo("{\"model\":\"gpt-4o-mini\",\"messages\":["
        + "{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":10,\"top_k\":40,"
        + "\"logit_bias\":{\"50256\":-100}}");
  }

  @Test
  void customHeadersGoOnEveryRequestAndMaxCompletionTokensIsOptIn() throws Exception {
    server.enqueue(textResponse());
    server.enqueue(streamedTextResponse());
    try (Provider p = provider(Map.of("OpenAI-Organization", "org-123"), Map.of("use_max_completion_tokens", true))) {
      p.chat(simpleRequest());
      Recorder recorder = recorder();
      p.stream(simpleRequest(), recorder);
      recorder.done.get(10, TimeUnit.SECONDS);
    }
    RecordedRequest plain = server.takeRequest();
    RecordedRequest streamed = server.takeRequest();
    assertThat(plain.getHeaders().get("OpenAI-Organization")).isEqualTo("org-123");
    assertThat(streamed.getHeaders().get("OpenAI-Organization")).isEqualTo("org-123");
    assertThat(plain.getBody().utf8()).contains("\"max_completion_tokens\":64").doesNotContain("max_tokens\":");
  }

  @Test
  void noKeyMeansNoAuthorizationHeader() throws Exception {
    server.enqueue(textResponse());
    try (Provider p = new OpenAiProviderFactory().create(DeploymentSettings.of("openai", "m", null, apiBase()))) {
      p.chat(simpleRequest());
    }
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isNull();
  }

  @Test
  void responseKeepsProviderModelAndUsageDetails() {
    server.enqueue(json("""
        {"id":"chatcmpl-9","object":"chat.completion","created":1,"model":"o3-mini-2025-01-31",
         "choices":[{"index":0,"message":{"role":"assistant","content":"42"},"finish_reason":"length"}],
         "usage":{"prompt_tokens":2006,"completion_tokens":300,"total_tokens":2306,
           "prompt_tokens_details":{"cached_tokens":1920},"completion_tokens_details":{"reasoning_tokens":256}}}"""));
    ChatResponse response = provider().chat(simpleRequest());
    assertThat(response.id()).isEqualTo("chatcmpl-9");
    assertThat(response.providerModel()).isEqualTo("o3-mini-2025-01-31");
    assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(response.rawFinishReason()).isEqualTo("length");
    assertThat(response.usage().inputTokens()).isEqualTo(2006);
    assertThat(response.usage().cacheReadTokens()).isEqualTo(1920);
    assertThat(response.usage().reasoningTokens()).isEqualTo(256);
  }

  @Test
  void retryAfterMsWinsAndTheErrorCodeIsKept() {
    server.enqueue(errorResponse(429, "Rate limit reached for gpt-4o-mini")
        .addHeader("retry-after-ms", "1500").addHeader("Retry-After", "2").build());
    assertThatThrownBy(() -> provider().chat(simpleRequest()))
        .isInstanceOf(RateLimitedException.class)
        .satisfies(e -> {
          assertThat(((LlmException) e).retryAfter()).contains(Duration.ofMillis(1500));
          assertThat(((LlmException) e).providerError()).contains("requests");
        });
  }

  @Test
  void retryAfterAsHttpDateUsesTheInjectedClock() {
    Clock clock = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
    DeploymentSettings settings = DeploymentSettings.of("openai", "m", API_KEY, apiBase());
    server.enqueue(errorResponse(429, "slow down").addHeader("Retry-After", "Wed, 01 Jan 2025 00:00:30 GMT").build());
    try (Provider p = new OpenAiChatProvider(OpenAiConfig.from(settings, apiBase()).endpoint(), settings, clock)) {
      assertThatThrownBy(() -> p.chat(simpleRequest())).isInstanceOf(RateLimitedException.class)
          .satisfies(e -> assertThat(((LlmException) e).retryAfter()).contains(Duration.ofSeconds(30)));
    }
  }

  @Test
  void contentPolicyErrorCodeIsRecognised() {
    server.enqueue(new MockResponse.Builder().code(400).addHeader("Content-Type", "application/json")
        .body("{\"error\":{\"message\":\"Your request was rejected as a result of our safety system.\","
            + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"content_policy_violation\"}}").build());
    assertThatThrownBy(() -> provider().chat(simpleRequest())).isInstanceOf(ContentPolicyException.class)
        .satisfies(e -> assertThat(((LlmException) e).providerError()).contains("content_policy_violation"));
  }

  @Test
  void anErrorEventMidStreamReachesTheListenerAfterTheDeltas() throws Exception {
    server.enqueue(sseData(chunk("{\"role\":\"assistant\",\"content\":\"Hel\"}", null),
        "{\"error\":{\"message\":\"The server had an error while processing your request.\","
            + "\"type\":\"server_error\",\"param\":null,\"code\":null}}"));
    Recorder recorder = recorder();
    provider().stream(simpleRequest(), recorder);
    assertThat(recorder.done).failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(ProviderUnavailableException.class)
        .withMessageContaining("The server had an error");
    assertThat(recorder.events).filteredOn(e -> e instanceof StreamEvent.TextDelta).hasSize(1);
    assertThat(recorder.events).noneMatch(e -> e instanceof StreamEvent.MessageStop);
  }

  @Test
  void aDroppedConnectionMidStreamIsAnError() throws Exception {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .body("data: " + chunk("{\"content\":\"Hel\"}", null) + "\n\n" + "data: " + chunk("{\"content\":\"lo\"}", null)
            + "\n\n")
        .onResponseBody(new SocketEffect.CloseSocket(true, false, false))
        .build());
    Recorder recorder = recorder();
    provider().stream(simpleRequest(), recorder);
    assertThat(recorder.done).failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(LlmException.class);
  }

  @Test
  void aStreamEndingWithoutDoneStillCompletes() throws Exception {
    server.enqueue(sseData(chunk("{\"role\":\"assistant\",\"content\":\"Hi\"}", null), chunk("{}", "stop")));
    Recorder recorder = recorder();
    provider().stream(simpleRequest(), recorder);
    ChatResponse response = recorder.done.get(10, TimeUnit.SECONDS);
    assertThat(response.text()).isEqualTo("Hi");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(recorder.events).filteredOn(e -> e instanceof StreamEvent.MessageDelta).hasSize(1);
  }

  @Test
  void anErrorInASuccessfulBodyIsMappedWithItsCode() {
    server.enqueue(json("{\"error\":{\"message\":\"Provider returned error\",\"code\":502}}"));
    assertThatThrownBy(() -> provider().chat(simpleRequest())).isInstanceOf(ProviderUnavailableException.class)
        .satisfies(e -> assertThat(((LlmException) e).status()).isEqualTo(502))
        .hasMessageContaining("Provider returned error");
  }

  @Test
  void anEchoedApiKeyIsMaskedInErrors() {
    server.enqueue(errorResponse(401, "Incorrect API key provided: " + API_KEY + ".").build());
    assertThatThrownBy(() -> provider().chat(simpleRequest()))
        .satisfies(e -> assertThat(e.getMessage()).contains("Incorrect API key provided: ****").doesNotContain(API_KEY));
  }

  @Test
  void aJsonErrorAnsweringAStreamRequestReachesTheListener() {
    server.enqueue(json("{\"error\":{\"message\":\"model is overloaded\",\"type\":\"server_error\"}}"));
    Recorder recorder = recorder();
    provider().stream(simpleRequest(), recorder);
    assertThat(recorder.done).failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(ProviderUnavailableException.class)
        .withMessageContaining("model is overloaded");
  }

  @Test
  void a200WithoutChoicesIsAProviderErrorNotAnEmptyAnswer() {
    server.enqueue(json("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
        + "\"model\":\"gpt-4o-mini\",\"choices\":[]}"));
    assertThatThrownBy(() -> provider().chat(simpleRequest()))
        .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("no choices");
    server.enqueue(json("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\"},\"finish_reason\":\"stop\"}]}"));
    assertThatThrownBy(() -> provider().chat(simpleRequest()))
        .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("neither content nor tool calls");
  }

  @Test
  void aStreamOfChunksThatSayNothingFailsAfterOnlyItsMessageStart() {
    server.enqueue(sseData("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[]}",
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}", "[DONE]"));
    Recorder recorder = recorder();
    provider().stream(simpleRequest(), recorder);
    assertThat(recorder.done).failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(ProviderUnavailableException.class)
        .withMessageContaining("without a completion");
    assertThat(recorder.events).as("nothing with content went out, so the router may still fall back")
        .allMatch(e -> e instanceof StreamEvent.MessageStart);
  }

  @Test
  void aCancelledBlockingCallClosesItsUpstreamRequest() throws Exception {
    ProviderContractTest.DisconnectDetectingBody body = new ProviderContractTest.DisconnectDetectingBody(" ");
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build());
    java.util.concurrent.atomic.AtomicReference<dev.llmrouter.api.spi.Cancellable> abort =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.CompletableFuture<Object> call = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return provider().chat(simpleRequest(), abort::set);
      } catch (LlmException e) {
        return e;
      }
    });
    server.takeRequest(10, TimeUnit.SECONDS);
    while (abort.get() == null) {
      Thread.onSpinWait();
    }
    abort.get().cancel();
    assertThat(call.get(10, TimeUnit.SECONDS)).isInstanceOf(LlmException.class);
    assertThat(body.disconnected.await(5, TimeUnit.SECONDS)).as("upstream saw the connection closed").isTrue();
  }

  /** https://platform.openai.com/docs/api-reference/embeddings/create: beside chat completions, floats asked for. */
  @Test
  void anEmbeddingGoesToEmbeddingsAndItsVectorsComeBackByIndex() throws Exception {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body("{\"object\":"
        + "\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.0023064255,-0.009327292]},"
        + "{\"object\":\"embedding\",\"index\":1,\"embedding\":\"AACAPwAAAMA=\"}],\"model\":"
        + "\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":8,\"total_tokens\":8}}").build());
    dev.llmrouter.api.ChatResponse answer = provider().embed(dev.llmrouter.api.ChatRequest.ofEmbedding(
        "text-embedding-3-small", List.of("The food was delicious", "and the waiter..."), 256, "user-1", null),
        dev.llmrouter.api.spi.CancelSignal.NONE);
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/embeddings");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);
    assertThat(sent.getBody().utf8()).isEqualTo("{\"model\":\"text-embedding-3-small\",\"input\":[\"The food was "
        + "delicious\",\"and the waiter...\"],\"encoding_format\":\"float\",\"dimensions\":256,\"user\":\"user-1\"}");
    assertThat(answer.content()).containsExactly(
        new ContentBlock.Vector(0, new float[] {0.0023064255f, -0.009327292f}),
        new ContentBlock.Vector(1, new float[] {1.0f, -2.0f})); // base64 float32, if an upstream sends it anyway
    assertThat(answer.usage().inputTokens()).isEqualTo(8);
  }
}
