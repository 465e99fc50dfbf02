package dev.llmrouter.server;

import static dev.llmrouter.server.ProxyFixture.MASTER_KEY;
import static dev.llmrouter.server.ProxyFixture.PROVIDER_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.InternalServerException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The proxy's Messages API driven by the official Anthropic Java SDK, in front of MockWebServer upstreams of both
 * kinds: an Anthropic one (the request passes through) and an OpenAI one (it is translated both ways).
 */
class AnthropicSdkTest {
  @StartStop
  private final MockWebServer upstream = new MockWebServer();
  private ProxyFixture proxy;
  private AnthropicClient client;

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (proxy != null) {
      proxy.assertNoKeyLeaked();
      proxy.close();
    }
  }

  private void start(String kind) throws Exception {
    start(kind, kind.equals("anthropic") ? upstream.url("/").toString() : upstream.url("/v1").toString());
  }

  private void start(String kind, String apiBase) throws Exception {
    String model = kind.equals("anthropic") ? "anthropic/claude-sonnet-4-5" : "openai/gpt-4o-mini";
    proxy = ProxyFixture.start("""
        model_list:
          - model_name: claude-gw
            litellm_params: {model: %s, api_base: "%s", api_key: %s}
        router_settings:
          num_retries: 0
        general_settings:
          master_key: %s
        """.formatted(model, apiBase, PROVIDER_KEY, MASTER_KEY));
    client = AnthropicOkHttpClient.builder().baseUrl(proxy.baseUrl()).apiKey(MASTER_KEY).maxRetries(0).build();
  }

  private static MessageCreateParams.Builder hello() {
    return MessageCreateParams.builder().model("claude-gw").maxTokens(1024).addUserMessage("Hello");
  }

  private static Tool weatherTool() {
    return Tool.builder().name("get_weather").description("Get the current weather for a city.")
        .inputSchema(Tool.InputSchema.builder()
            .properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
            .required(List.of("city")).build())
        .build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"anthropic", "openai"})
  void plainText(String kind) throws Exception {
    start(kind);
    upstream.enqueue(kind.equals("anthropic") ? UpstreamBodies.anthropicText("Hi there!")
        : UpstreamBodies.openAiText("Hi there!"));

    Message message = client.messages().create(hello().build());

    assertThat(message.content()).hasSize(1);
    assertThat(message.content().get(0).asText().text()).isEqualTo("Hi there!");
    assertThat(message.stopReason()).contains(StopReason.END_TURN);
    assertThat(message.model().asString()).isEqualTo("claude-gw");
    assertThat(message.usage().inputTokens()).isPositive();
    assertThat(message.usage().outputTokens()).isPositive();
    RecordedRequest sent = upstream.takeRequest();
    assertThat(sent.getTarget()).isEqualTo(kind.equals("anthropic") ? "/v1/messages" : "/v1/chat/completions");
  }

  @ParameterizedTest
  @ValueSource(strings = {"anthropic", "openai"})
  void streamedText(String kind) throws Exception {
    start(kind);
    upstream.enqueue(kind.equals("anthropic")
        ? UpstreamBodies.anthropicStream(UpstreamBodies.anthropicTextEvents("Hel", "lo", " there"))
        : UpstreamBodies.openAiStream(UpstreamBodies.openAiTextChunks("Hel", "lo", " there")));

    MessageAccumulator accumulator = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(hello().build())) {
      stream.stream().forEach(accumulator::accumulate);
    }
    Message message = accumulator.message();

    assertThat(message.content().get(0).asText().text()).isEqualTo("Hello there");
    assertThat(message.stopReason()).contains(StopReason.END_TURN);
    assertThat(message.usage().outputTokens()).isPositive();
    if (kind.equals("anthropic")) { // the upstream's cache count reaches the client at the start, as Anthropic sends it
      assertThat(message.usage().cacheReadInputTokens()).contains(100L);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"anthropic", "openai"})
  void eventsReachTheClientBeforeTheUpstreamHasFinished(String kind) throws Exception {
    List<String> all = kind.equals("anthropic") ? UpstreamBodies.anthropicTextEvents("first", " second")
        : UpstreamBodies.openAiTextChunks("first", " second");
    int split = kind.equals("anthropic") ? 4 : 2; // through the first text delta
    try (GatedUpstream gated = new GatedUpstream(String.join("", all.subList(0, split)),
        String.join("", all.subList(split, all.size())))) {
      start(kind, kind.equals("anthropic") ? gated.base() : gated.base() + "/v1");
      try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(hello().build())) {
        Iterator<RawMessageStreamEvent> events = stream.stream().iterator();
        String firstText = null;
        while (firstText == null && events.hasNext()) {
          RawMessageStreamEvent e = events.next();
          if (e.isContentBlockDelta() && e.asContentBlockDelta().delta().isText()) {
            firstText = e.asContentBlockDelta().delta().asText().text();
          }
        }
        assertThat(firstText).isEqualTo("first");
        assertThat(gated.finished.getCount()).as("the upstream is still holding the rest").isEqualTo(1);
        gated.gate.countDown();
        StringBuilder rest = new StringBuilder();
        events.forEachRemaining(e -> {
          if (e.isContentBlockDelta() && e.asContentBlockDelta().delta().isText()) {
            rest.append(e.asContentBlockDelta().delta().asText().text());
          }
        });
        assertThat(rest.toString()).isEqualTo(" second");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"anthropic", "openai"})
  void toolUseThenToolResult(String kind) throws Exception {
    start(kind);
    boolean anthropic = kind.equals("anthropic");
    upstream.enqueue(anthropic ? UpstreamBodies.anthropicToolUse("toolu_01A09q90qw90lq917835lq9", "get_weather",
        "{\"city\":\"Paris\"}") : UpstreamBodies.openAiToolCall("call_abc123", "get_weather", "{\"city\":\"Paris\"}"));
    MessageCreateParams first = MessageCreateParams.builder().model("claude-gw").maxTokens(1024)
        .addTool(weatherTool()).addUserMessage("What is the weather in Paris?").build();

    Message asked = client.messages().create(first);

    assertThat(asked.stopReason()).contains(StopReason.TOOL_USE);
    ToolUseBlock call = asked.content().stream().filter(b -> b.isToolUse()).findFirst().orElseThrow().asToolUse();
    assertThat(call.name()).isEqualTo("get_weather");
    assertThat(call._input().convert(Map.class)).isEqualTo(Map.of("city", "Paris"));

    upstream.enqueue(anthropic ? UpstreamBodies.anthropicText("It is 18°C in Paris.")
        : UpstreamBodies.openAiText("It is 18°C in Paris."));
    MessageCreateParams second = first.toBuilder().addMessage(asked)
        .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
            .toolUseId(call.id()).content("18°C, sunny").build())))
        .build();
    Message answer = client.messages().create(second);

    assertThat(answer.content().get(0).asText().text()).isEqualTo("It is 18°C in Paris.");
    upstream.takeRequest();
    String sent = upstream.takeRequest().getBody().utf8();
    if (anthropic) {
      assertThat(sent).contains("\"type\":\"tool_result\"").contains("\"tool_use_id\":\"" + call.id() + "\"")
          .contains("18°C, sunny");
    } else {
      assertThat(sent).contains("\"role\":\"tool\"").contains("\"tool_call_id\":\"call_abc123\"")
          .contains("\"content\":\"18°C, sunny\"").contains("\"tool_calls\":[{\"id\":\"call_abc123\"");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"anthropic", "openai"})
  void streamedToolUseArrivesWholeThroughInputJsonDeltas(String kind) throws Exception {
    start(kind);
    upstream.enqueue(kind.equals("anthropic")
        ? UpstreamBodies.anthropicToolUseStream("toolu_01T1x", "get_weather", "{\"ci", "ty\": \"Pa", "ris\"}")
        : UpstreamBodies.openAiToolCallStream("call_T1x", "get_weather", "{\"ci", "ty\": \"Pa", "ris\"}"));
    MessageCreateParams params = MessageCreateParams.builder().model("claude-gw").maxTokens(1024)
        .addTool(weatherTool()).addUserMessage("Weather in Paris?").build();

    MessageAccumulator accumulator = MessageAccumulator.create();
    List<String> partials;
    try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
      partials = stream.stream().peek(accumulator::accumulate)
          .filter(e -> e.isContentBlockDelta() && e.asContentBlockDelta().delta().isInputJson())
          .map(e -> e.asContentBlockDelta().delta().asInputJson().partialJson()).toList();
    }
    Message message = accumulator.message();

    assertThat(String.join("", partials)).isEqualTo("{\"city\": \"Paris\"}");
    assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
    ToolUseBlock call = message.content().get(0).asToolUse();
    assertThat(call.name()).isEqualTo("get_weather");
    assertThat(call._input().convert(Map.class)).isEqualTo(Map.of("city", "Paris"));
  }

  @Test
  void countTokensGoesToAnAnthropicUpstreamsOwnEndpoint() throws Exception {
    start("anthropic");
    upstream.enqueue(UpstreamBodies.json("{\"input_tokens\":2095}"));

    long tokens = client.messages().countTokens(MessageCountTokensParams.builder().model("claude-gw")
        .addUserMessage("Hello, world").build()).inputTokens();

    assertThat(tokens).isEqualTo(2095);
    RecordedRequest sent = upstream.takeRequest();
    assertThat(sent.getTarget()).isEqualTo("/v1/messages/count_tokens");
    assertThat(sent.getBody().utf8()).contains("\"model\":\"claude-sonnet-4-5\"").doesNotContain("max_tokens");
    assertThat(proxy.calls.starts).as("a count is not a call: not routed, not billed").isEmpty();
  }

  @Test
  void countTokensForAnOpenAiModelIsCountedLocallyWithItsTokenizer() throws Exception {
    start("openai");

    long tokens = client.messages().countTokens(MessageCountTokensParams.builder().model("claude-gw")
        .addUserMessage("Hello, world").build()).inputTokens();

    // o200k_base: "Hello, world" is 3 tokens; 3 for the message and 3 for the reply's start
    assertThat(tokens).isEqualTo(9);
    assertThat(upstream.getRequestCount()).isZero();
  }

  @Test
  void aWrongKeyIsAnAuthenticationErrorInAnthropicsShape() throws Exception {
    start("anthropic");
    AnthropicClient wrong = AnthropicOkHttpClient.builder().baseUrl(proxy.baseUrl()).apiKey("sk-wrong")
        .maxRetries(0).build();
    try {
      assertThatThrownBy(() -> wrong.messages().create(hello().build()))
          .isInstanceOfSatisfying(UnauthorizedException.class, e -> assertAnthropicError(e, 401,
              "authentication_error"));
    } finally {
      wrong.close();
    }
    assertThat(upstream.getRequestCount()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"anthropic", "openai"})
  void anUnknownModelIsNotFound(String kind) throws Exception {
    start(kind);
    assertThatThrownBy(() -> client.messages().create(hello().model("no-such-model").build()))
        .isInstanceOfSatisfying(NotFoundException.class, e -> assertAnthropicError(e, 404, "not_found_error"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"anthropic", "openai"})
  void anUpstreamRateLimitIsARateLimitError(String kind) throws Exception {
    start(kind);
    upstream.enqueue(kind.equals("anthropic")
        ? UpstreamBodies.anthropicError(429, "rate_limit_error", "Number of request tokens has exceeded your limit.")
        : UpstreamBodies.openAiError(429, "requests", "Rate limit reached for gpt-4o-mini."));
    assertThatThrownBy(() -> client.messages().create(hello().build()))
        .isInstanceOfSatisfying(RateLimitException.class, e -> assertAnthropicError(e, 429, "rate_limit_error"));
  }

  @Test
  void anAnthropicUpstreamsServerErrorKeepsItsStatusAndType() throws Exception {
    start("anthropic");
    upstream.enqueue(UpstreamBodies.anthropicError(500, "api_error", "Internal server error"));
    assertThatThrownBy(() -> client.messages().create(hello().build()))
        .isInstanceOfSatisfying(InternalServerException.class, e -> assertAnthropicError(e, 500, "api_error"));
  }

  @Test
  void anOverloadedAnthropicUpstreamStaysOverloaded() throws Exception {
    start("anthropic");
    upstream.enqueue(UpstreamBodies.anthropicError(529, "overloaded_error", "Overloaded"));
    assertThatThrownBy(() -> client.messages().create(hello().build()))
        .isInstanceOfSatisfying(AnthropicServiceException.class, e -> assertAnthropicError(e, 529,
            "overloaded_error"));
  }

  @Test
  void anUnreachableOpenAiUpstreamIsAnApiError() throws Exception {
    start("openai", "http://127.0.0.1:1/v1");
    assertThatThrownBy(() -> client.messages().create(hello().build()))
        .isInstanceOfSatisfying(InternalServerException.class, e -> assertAnthropicError(e, 502, "api_error"));
  }

  @Test
  void anInvalidRequestIsABadRequestNamingTheField() throws Exception {
    start("openai");
    assertThatThrownBy(() -> client.messages().create(hello().maxTokens(0).build()))
        .isInstanceOfSatisfying(BadRequestException.class, e -> {
          assertAnthropicError(e, 400, "invalid_request_error");
          assertThat(e.body().toString()).contains("max_tokens");
        });
    assertThat(upstream.getRequestCount()).isZero();
  }

  private static void assertAnthropicError(AnthropicServiceException e, int status, String type) {
    assertThat(e.statusCode()).isEqualTo(status);
    assertThat(e.body().toString()).contains("type=error").contains("type=" + type);
    assertThat(e.requestId()).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
  }
}
