package dev.llmrouter.providers.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.Reasoning;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.api.spi.ProviderFactory;
import dev.llmrouter.api.spi.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class AnthropicProviderTest extends AnthropicFormatContractTest {

  @Override
  protected Provider newProvider(DeploymentSettings settings) {
    return new AnthropicProviderFactory().create(settings);
  }

  @Override
  protected String providerId() {
    return "anthropic";
  }

  /** Anthropic's api_base is the host; the provider adds {@code /v1/messages}. */
  @Override
  protected String apiBase() {
    return server.url("/").toString();
  }

  /** Recorder's constructor is protected (implicitly), so subclasses outside its package make one this way. */
  static Recorder newRecorder() {
    return new Recorder() { };
  }

  private Provider provider(Map<String, Object> params, Map<String, String> headers) {
    return newProvider(new DeploymentSettings("claude", "anthropic", "claude-sonnet-4-20250514",
        Secret.of(API_KEY), apiBase(), null, Duration.ofSeconds(10), Duration.ofSeconds(10), headers, params));
  }

  @Test
  void postsTheExactBodyAndHeadersToV1Messages() throws Exception {
    server.enqueue(textResponse());
    try (Provider p = provider(Map.of("anthropic_beta", List.of("prompt-caching-2024-07-31", "output-128k"),
        "extra_headers", Map.of("anthropic-beta", "token-efficient-tools-2025-02-19", "x-trace", "t1")),
        Map.of("x-tenant", "acme"))) {
      p.chat(ChatRequest.builder("claude-sonnet-4-20250514").system("Be brief.").user("Say hello").maxTokens(64)
          .temperature(0.2).build());
    }
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v1/messages");
    assertThat(recorded.getHeaders().get("x-api-key")).isEqualTo(API_KEY);
    assertThat(recorded.getHeaders().get("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(recorded.getHeaders().get("anthropic-beta"))
        .isEqualTo("prompt-caching-2024-07-31,output-128k,token-efficient-tools-2025-02-19");
    assertThat(recorded.getHeaders().get("x-trace")).isEqualTo("t1");
    assertThat(recorded.getHeaders().get("x-tenant")).isEqualTo("acme");
    assertThat(recorded.getHeaders().get("content-type")).startsWith("application/json");
    assertThat(recorded.getHeaders().get("authorization")).isNull();
    JsonAssert.assertJson(recorded.getBody().utf8(), """
        {"model":"claude-sonnet-4-20250514","max_tokens":64,"system":"Be brief.",
         "messages":[{"role":"user","content":[{"type":"text","text":"Say hello"}]}],
         "temperature":0.2}
        """);
  }

  @Test
  void versionParamOverridesTheDefaultAndDeploymentMaxTokensFillsIn() throws Exception {
    server.enqueue(textResponse());
    try (Provider p = provider(Map.of("anthropic_version", "2024-01-01", "max_tokens", 777), Map.of())) {
      p.chat(ChatRequest.builder("claude-sonnet-4-20250514").user("Hi").build());
    }
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getHeaders().get("anthropic-version")).isEqualTo("2024-01-01");
    assertThat(recorded.getHeaders().get("anthropic-beta")).isNull();
    assertThat(recorded.getBody().utf8()).contains("\"max_tokens\":777");
  }

  @Test
  void streamingRequestsSayStreamTrue() throws Exception {
    server.enqueue(streamedTextResponse());
    Recorder recorder = newRecorder();
    provider().stream(simpleRequest(), recorder);
    recorder.done.get(10, TimeUnit.SECONDS);
    JsonAssert.assertJson(server.takeRequest().getBody().utf8(), """
        {"model":"test-model","max_tokens":64,
         "messages":[{"role":"user","content":[{"type":"text","text":"Say hello"}]}],"stream":true}
        """);
  }

  @Test
  void overloaded529IsRetryableProviderUnavailable() {
    server.enqueue(errorResponse(529, "Overloaded").build());
    assertThatThrownBy(() -> provider().chat(simpleRequest()))
        .isInstanceOf(ProviderUnavailableException.class)
        .hasMessageContaining("Overloaded")
        .satisfies(e -> {
          LlmException le = (LlmException) e;
          assertThat(le.status()).isEqualTo(529);
          assertThat(le.providerError()).contains("overloaded_error");
          assertThat(le.retryable()).isTrue();
        });
  }

  @Test
  void aNonJsonErrorBodyStillMapsByStatus() {
    server.enqueue(new MockResponse.Builder().code(502).body("<html>Bad Gateway</html>").build());
    assertThatThrownBy(() -> provider().chat(simpleRequest()))
        .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("Bad Gateway");
  }

  @Test
  void anErrorEventMidStreamEndsItWithOnError() throws Exception {
    server.enqueue(sse(
        messageStart("{\"input_tokens\":12,\"output_tokens\":1}"),
        blockStart(0, "{\"type\":\"text\",\"text\":\"\"}"),
        delta(0, "{\"type\":\"text_delta\",\"text\":\"Hel\"}"),
        event("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"),
        delta(0, "{\"type\":\"text_delta\",\"text\":\"lo\"}")));
    Recorder recorder = newRecorder();
    provider().stream(simpleRequest(), recorder);
    assertThat(recorder.done).failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(ProviderUnavailableException.class)
        .withMessageContaining("Overloaded");
    assertThat(recorder.events).containsExactly(
        new StreamEvent.MessageStart("msg_01ABCstream", "claude-sonnet-4-20250514", new Usage(12, 1, 0, 0, 0)),
        StreamEvent.BlockStart.text(0),
        new StreamEvent.TextDelta(0, "Hel"));
  }

  @Test
  void aStreamThatEndsBeforeMessageStopIsAnError() {
    server.enqueue(sse(
        messageStart("{\"input_tokens\":12,\"output_tokens\":1}"),
        blockStart(0, "{\"type\":\"text\",\"text\":\"\"}"),
        delta(0, "{\"type\":\"text_delta\",\"text\":\"Hel\"}")));
    Recorder recorder = newRecorder();
    provider().stream(simpleRequest(), recorder);
    assertThat(recorder.done).failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(ProviderUnavailableException.class)
        .withMessageContaining("message_stop");
  }

  @Test
  void aStreamedThinkingBlockKeepsItsSignature() throws Exception {
    server.enqueue(sse(
        messageStart("{\"input_tokens\":50,\"output_tokens\":1}"),
        blockStart(0, "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}"),
        delta(0, "{\"type\":\"thinking_delta\",\"thinking\":\"Let me think. \"}"),
        delta(0, "{\"type\":\"thinking_delta\",\"thinking\":\"2+2=4.\"}"),
        delta(0, "{\"type\":\"signature_delta\",\"signature\":\"EqQBCgIYAhIMzhJ5sDA==\"}"),
        blockStop(0),
        blockStart(1, "{\"type\":\"text\",\"text\":\"\"}"),
        delta(1, "{\"type\":\"text_delta\",\"text\":\"4\"}"),
        blockStop(1),
        messageDelta("end_turn", 30),
        MESSAGE_STOP));
    Recorder recorder = newRecorder();
    provider().stream(simpleRequest().toBuilder().reasoning(Reasoning.budget(1024)).maxTokens(2000).build(),
        recorder);
    ChatResponse response = recorder.done.get(10, TimeUnit.SECONDS);
    assertThat(recorder.events).contains(StreamEvent.BlockStart.thinking(0),
        new StreamEvent.SignatureDelta(0, "EqQBCgIYAhIMzhJ5sDA=="));
    assertThat(response.content()).containsExactly(
        new ContentBlock.Thinking("Let me think. 2+2=4.", "EqQBCgIYAhIMzhJ5sDA=="),
        new ContentBlock.Text("4"));
    assertThat(server.takeRequest().getBody().utf8()).contains("\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}");
  }

  @Test
  void cacheTokensCountAsInputAndAreReportedApart() throws Exception {
    server.enqueue(json("""
        {"id":"msg_cache","type":"message","role":"assistant","model":"claude-sonnet-4-20250514",
         "content":[{"type":"text","text":"ok"}],"stop_reason":"end_turn","stop_sequence":null,
         "usage":{"input_tokens":3,"cache_creation_input_tokens":1200,"cache_read_input_tokens":0,
                  "output_tokens":2}}
        """));
    assertThat(provider().chat(simpleRequest()).usage()).isEqualTo(new Usage(1203, 2, 0, 1200, 0));

    server.enqueue(sse(
        messageStart("{\"input_tokens\":3,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":1200,"
            + "\"output_tokens\":1}"),
        blockStart(0, "{\"type\":\"text\",\"text\":\"\"}"),
        delta(0, "{\"type\":\"text_delta\",\"text\":\"ok\"}"),
        blockStop(0),
        messageDelta("end_turn", 2),
        MESSAGE_STOP));
    Recorder recorder = newRecorder();
    provider().stream(simpleRequest(), recorder);
    assertThat(recorder.done.get(10, TimeUnit.SECONDS).usage()).isEqualTo(new Usage(1203, 2, 1200, 0, 0));
  }

  @Test
  void theFactoryIsFoundByServiceLoader() {
    assertThat(ServiceLoader.load(ProviderFactory.class).stream().map(ServiceLoader.Provider::get)
        .map(ProviderFactory::id)).contains("anthropic", "mock");
  }

  @Test
  void afterCancelTheListenerHearsNothingMore() throws Exception {
    DisconnectDetectingBody body = new DisconnectDetectingBody(streamTextChunk("tick "));
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build());
    java.util.concurrent.CountDownLatch firstDelta = new java.util.concurrent.CountDownLatch(1);
    Recorder recorder = new Recorder() {
      @Override
      public void onEvent(StreamEvent event) {
        super.onEvent(event);
        firstDelta.countDown();
      }
    };
    dev.llmrouter.api.spi.Cancellable call = provider().stream(simpleRequest(), recorder);
    assertThat(firstDelta.await(10, TimeUnit.SECONDS)).isTrue();
    call.cancel();
    int seen = recorder.events.size();
    assertThat(body.disconnected.await(5, TimeUnit.SECONDS)).isTrue();
    call.cancel(); // twice is harmless
    assertThat(recorder.done).isNotDone();
    assertThat(recorder.events).hasSizeLessThanOrEqualTo(seen + 1); // at most one already being delivered
  }

  @Test
  void aRequestAnthropicCannotTakeEndsTheStreamWithOnError() {
    ChatRequest bad = ChatRequest.builder("claude-x").addMessage(new dev.llmrouter.api.Message(
        dev.llmrouter.api.Role.ASSISTANT, List.of(new ContentBlock.ToolCall("toolu_x", "f", "not json")))).build();
    Recorder recorder = newRecorder();
    provider().stream(bad, recorder);
    assertThat(recorder.done).isCompletedExceptionally();
    assertThat(server.getRequestCount()).isZero();
  }
}
