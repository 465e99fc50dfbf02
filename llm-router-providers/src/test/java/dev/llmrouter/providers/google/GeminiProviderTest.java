package dev.llmrouter.providers.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.AuthenticationException;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.ContentPolicyException;
import dev.llmrouter.api.ContextWindowExceededException;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.Message;
import dev.llmrouter.api.RateLimitedException;
import dev.llmrouter.api.Reasoning;
import dev.llmrouter.api.ResponseFormat;
import dev.llmrouter.api.Role;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.api.ToolChoice;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.providers.ProviderContractTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * Google AI Studio's Gemini API against MockWebServer, with bodies in its wire format: {@code candidates[].content
 * .parts[]} ({@code text}, {@code thought}, {@code functionCall} with {@code thoughtSignature}), {@code finishReason}
 * in capitals, {@code usageMetadata} ({@code promptTokenCount}, {@code candidatesTokenCount},
 * {@code cachedContentTokenCount}, {@code thoughtsTokenCount}), {@code promptFeedback.blockReason}; streams as
 * {@code data:} events of whole {@code GenerateContentResponse}s separated by CRLF pairs, ended by the body; errors
 * as {@code {"error": {"code", "message", "status", "details"}}} with {@code google.rpc.RetryInfo} and
 * {@code google.rpc.ErrorInfo}. References: https://ai.google.dev/api/generate-content,
 * https://ai.google.dev/gemini-api/docs/function-calling, https://ai.google.dev/gemini-api/docs/thought-signatures,
 * https://ai.google.dev/gemini-api/docs/troubleshooting.
 */
class GeminiProviderTest extends ProviderContractTest {
  private static final String RESPONSE_ID = "bKJ9aPXuD8-bz7IPzq2ZgQk";

  /** The same JSON, whatever the key order. */
  static void assertJsonEquals(String actual, String expected) {
    assertThat(dev.llmrouter.wire.JsonIo.parseOrNull(actual)).as(actual)
        .isEqualTo(dev.llmrouter.wire.JsonIo.parseOrNull(expected));
  }

  @Override
  protected Provider newProvider(DeploymentSettings settings) {
    return new GeminiProviderFactory().create(settings);
  }

  @Override
  protected String providerId() {
    return "gemini";
  }

  @Override
  protected String apiBase() {
    return server.url("/").toString();
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder().addHeader("Content-Type", "application/json; charset=UTF-8").body(body).build();
  }

  /** Gemini's SSE: {@code data: <json>} and a blank line, with CRLF line ends. */
  static MockResponse sse(String... chunks) {
    StringBuilder sb = new StringBuilder();
    for (String c : chunks) {
      sb.append("data: ").append(c).append("\r\n\r\n");
    }
    return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(sb.toString()).build();
  }

  static String usage(int in, int out) {
    return "\"usageMetadata\":{\"promptTokenCount\":" + in + ",\"candidatesTokenCount\":" + out
        + ",\"totalTokenCount\":" + (in + out) + ",\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":"
        + in + "}]}";
  }

  static String chunk(String parts, String finishReason, String usage) {
    return "{\"candidates\":[{\"content\":{\"parts\":[" + parts + "],\"role\":\"model\"}"
        + (finishReason == null ? "" : ",\"finishReason\":\"" + finishReason + "\"") + ",\"index\":0}],"
        + usage + ",\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"" + RESPONSE_ID + "\"}";
  }

  static String text(String text) {
    return "{\"text\":\"" + text + "\"}";
  }

  @Override
  protected MockResponse textResponse() {
    return json(chunk(text("Hello there!"), "STOP", usage(12, 4)));
  }

  @Override
  protected MockResponse toolCallResponse() {
    return json(chunk("{\"functionCall\":{\"id\":\"call_1\",\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"}}}",
        "STOP", usage(82, 17)));
  }

  @Override
  protected MockResponse streamedTextResponse() {
    return sse(chunk(text("Hello"), null, usage(12, 1)), chunk(text(" there"), null, usage(12, 3)),
        chunk(text("!"), "STOP", usage(12, 4)));
  }

  @Override
  protected MockResponse streamedToolCallResponse() {
    return sse(chunk("{\"functionCall\":{\"id\":\"call_1\",\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"}}}",
        "STOP", usage(82, 17)));
  }

  @Override
  protected MockResponse.Builder errorResponse(int status, String message) {
    return googleError(status, message);
  }

  /** Google's error: {@code {"error": {"code", "message", "status"}}}, the status named as Google names it. */
  static MockResponse.Builder googleError(int status, String message) {
    String name = switch (status) {
      case 400 -> "INVALID_ARGUMENT";
      case 401 -> "UNAUTHENTICATED";
      case 429 -> "RESOURCE_EXHAUSTED";
      default -> "INTERNAL";
    };
    return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json; charset=UTF-8")
        .body("{\"error\":{\"code\":" + status + ",\"message\":\"" + message + "\",\"status\":\"" + name + "\"}}");
  }

  @Override
  protected String streamTextChunk(String text) {
    return "data: " + chunk(text(text), null, usage(12, 1)) + "\r\n\r\n";
  }

  /** Gemini sends a function call whole, in one part: its arguments are one delta. */
  @Override
  protected boolean toolCallsArriveWhole() {
    return true;
  }

  @Test
  void sendsGeminisBodyToGenerateContentWithTheKeyHeader() throws Exception {
    server.enqueue(textResponse());
    provider().chat(ChatRequest.builder("gemini-2.5-flash").system("Be brief.").user("Say hello").maxTokens(64)
        .temperature(0.3).topP(0.9).topK(40).stop(List.of("END")).seed(7L).build());
    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1beta/models/test-model:generateContent");
    assertThat(request.getUrl().query()).isNull();
    assertThat(request.getHeaders().get("x-goog-api-key")).isEqualTo(API_KEY);
    assertThat(request.getHeaders().get("Authorization")).isNull();
    assertJsonEquals(request.getBody().utf8(), "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":"
        + "\"Say hello\"}]}],\"systemInstruction\":{\"parts\":[{\"text\":\"Be brief.\"}]},\"generationConfig\":{"
        + "\"temperature\":0.3,\"topP\":0.9,\"topK\":40,\"maxOutputTokens\":64,\"seed\":7,\"stopSequences\":[\"END\"]}}");
  }

  @Test
  void aStreamAsksForSseOnStreamGenerateContent() throws Exception {
    server.enqueue(streamedTextResponse());
    provider().streamBlocking(simpleRequest(), new Recorder(), action -> { });
    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1beta/models/test-model:streamGenerateContent");
    assertThat(request.getUrl().queryParameter("alt")).isEqualTo("sse");
  }

  @Test
  void toolsChoiceJsonAndThinkingInGeminisShape() throws Exception {
    server.enqueue(textResponse());
    provider().chat(toolRequest().toBuilder().toolChoice(ToolChoice.tool("get_weather"))
        .responseFormat(ResponseFormat.jsonSchema("weather", Map.of("type", "object"), true))
        .reasoning(Reasoning.budget(1024)).build());
    String body = server.takeRequest().getBody().utf8();
    assertJsonEquals(body, "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"What's the weather in "
        + "Paris?\"}]}],\"tools\":[{\"functionDeclarations\":[{\"name\":\"get_weather\",\"description\":\"Current "
        + "weather for a city\",\"parametersJsonSchema\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":"
        + "\"string\"}},\"required\":[\"city\"]}}]}],\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"ANY\","
        + "\"allowedFunctionNames\":[\"get_weather\"]}},\"generationConfig\":{\"maxOutputTokens\":64,"
        + "\"responseMimeType\":\"application/json\",\"responseJsonSchema\":{\"type\":\"object\"},"
        + "\"thinkingConfig\":{\"thinkingBudget\":1024,\"includeThoughts\":true}}}");
  }

  @Test
  void aCallsThoughtSignatureTravelsInItsIdAndGoesBackOnItsPart() throws Exception {
    String signature = "CiQBcsjafIwnuh4gBZ5NNrqNaQuxW8uGN7DPB1d5yxh/mtqtfNwKbgFyyNp8+Q==";
    server.enqueue(json(chunk("{\"text\":\"Checking the weather.\",\"thought\":true},{\"functionCall\":{\"name\":"
        + "\"get_weather\",\"args\":{\"city\":\"Paris\"}},\"thoughtSignature\":\"" + signature + "\"},"
        + "{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Lyon\"}}}", "STOP",
        "\"usageMetadata\":{\"promptTokenCount\":82,\"candidatesTokenCount\":17,\"thoughtsTokenCount\":25,"
            + "\"totalTokenCount\":124}")));
    ChatResponse answer = provider().chat(toolRequest());
    assertThat(answer.content().get(0)).isEqualTo(new ContentBlock.Thinking("Checking the weather.", null));
    List<ContentBlock.ToolCall> calls = answer.toolCalls();
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0).id()).startsWith("call_" + RESPONSE_ID + "_0__thought__").matches("[A-Za-z0-9_-]+");
    assertThat(calls.get(1).id()).isEqualTo("call_" + RESPONSE_ID + "_1");
    assertThat(answer.usage().outputTokens()).isEqualTo(42);
    assertThat(answer.usage().reasoningTokens()).isEqualTo(25);
    server.takeRequest();

    server.enqueue(textResponse());
    provider().chat(toolRequest().toBuilder()
        .addMessage(new Message(Role.ASSISTANT, answer.content(), null))
        .addMessage(new Message(Role.TOOL, List.of(ContentBlock.ToolResult.ofText(calls.get(0).id(),
            "{\"temp_c\":24}")), null))
        .addMessage(new Message(Role.TOOL, List.of(ContentBlock.ToolResult.ofText(calls.get(1).id(), "rainy")), null))
        .build());
    String body = server.takeRequest().getBody().utf8();
    assertJsonEquals(body, "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"What's the weather in "
        + "Paris?\"}]},{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":"
        + "\"Paris\"}},\"thoughtSignature\":\"" + signature + "\"},{\"functionCall\":{\"name\":\"get_weather\","
        + "\"args\":{\"city\":\"Lyon\"}}}]},{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":"
        + "\"get_weather\",\"response\":{\"temp_c\":24}}},{\"functionResponse\":{\"name\":\"get_weather\","
        + "\"response\":{\"content\":\"rainy\"}}}]}],\"tools\":[{\"functionDeclarations\":[{\"name\":\"get_weather\","
        + "\"description\":\"Current weather for a city\",\"parametersJsonSchema\":{\"type\":\"object\","
        + "\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}]}],\"toolConfig\":{"
        + "\"functionCallingConfig\":{\"mode\":\"AUTO\"}},\"generationConfig\":{\"maxOutputTokens\":64}}");
  }

  @Test
  void aGemini3CallFromAnotherModelGetsGooglesPlaceholderSignature() throws Exception {
    server.enqueue(textResponse());
    ContentBlock.ToolCall call = new ContentBlock.ToolCall("toolu_01A09q90qw90lq917835lq9", "get_weather",
        "{\"city\":\"Paris\"}");
    provider().chat(ChatRequest.builder("gemini-3-pro-preview").user("Weather?")
        .addMessage(new Message(Role.ASSISTANT, List.of(call), null))
        .addMessage(new Message(Role.USER, List.of(ContentBlock.ToolResult.ofText(call.id(), "sunny")), null))
        .build());
    String body = server.takeRequest().getBody().utf8();
    assertThat(body).contains("{\"functionCall\":{\"id\":\"toolu_01A09q90qw90lq917835lq9\",\"name\":\"get_weather\","
        + "\"args\":{\"city\":\"Paris\"}},\"thoughtSignature\":\"skip_thought_signature_validator\"}");
    assertThat(body).contains("{\"functionResponse\":{\"id\":\"toolu_01A09q90qw90lq917835lq9\",\"name\":"
        + "\"get_weather\",\"response\":{\"content\":\"sunny\"}}}");
  }

  @Test
  void cachedContentIsTheCacheReadPartOfTheInput() {
    server.enqueue(json(chunk(text("Hi"), "STOP", "\"usageMetadata\":{\"promptTokenCount\":2100,"
        + "\"candidatesTokenCount\":3,\"cachedContentTokenCount\":2048,\"totalTokenCount\":2103}")));
    ChatResponse answer = provider().chat(simpleRequest());
    assertThat(answer.usage().inputTokens()).isEqualTo(2100);
    assertThat(answer.usage().cacheReadTokens()).isEqualTo(2048);
    assertThat(answer.usage().uncachedInputTokens()).isEqualTo(52);
  }

  @Test
  void aBlockedPromptIsAContentPolicyFailure() {
    server.enqueue(json("{\"promptFeedback\":{\"blockReason\":\"SAFETY\",\"safetyRatings\":[{\"category\":"
        + "\"HARM_CATEGORY_DANGEROUS_CONTENT\",\"probability\":\"HIGH\"}]},\"usageMetadata\":{\"promptTokenCount\":9,"
        + "\"totalTokenCount\":9},\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"" + RESPONSE_ID + "\"}"));
    assertThatThrownBy(() -> provider().chat(simpleRequest())).isInstanceOf(ContentPolicyException.class)
        .hasMessageContaining("blockReason SAFETY");
    server.enqueue(json("{\"candidates\":[{\"finishReason\":\"PROHIBITED_CONTENT\",\"index\":0}]," + usage(9, 0)
        + ",\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"" + RESPONSE_ID + "\"}"));
    assertThatThrownBy(() -> provider().chat(simpleRequest())).isInstanceOf(ContentPolicyException.class);
  }

  @Test
  void aStreamBlockedBeforeAnyTextFailsSoTheRouterCanFallBack() throws Exception {
    server.enqueue(sse("{\"candidates\":[{\"finishReason\":\"SAFETY\",\"index\":0,\"safetyRatings\":[{\"category\":"
        + "\"HARM_CATEGORY_HARASSMENT\",\"probability\":\"HIGH\",\"blocked\":true}]}]," + usage(9, 0) + "}"));
    assertThatThrownBy(() -> provider().streamBlocking(simpleRequest(), new Recorder(), action -> { }))
        .isInstanceOf(ContentPolicyException.class);
    server.enqueue(sse(chunk(text("Once upon"), null, usage(9, 2)), chunk("", "SAFETY", usage(9, 2))));
    ChatResponse cut = provider().streamBlocking(simpleRequest(), new Recorder(), action -> { });
    assertThat(cut.text()).isEqualTo("Once upon");
    assertThat(cut.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
  }

  @Test
  void anInvalidKeyIsAuthenticationAndQuotaCarriesItsRetryDelay() {
    server.enqueue(new MockResponse.Builder().code(400).addHeader("Content-Type", "application/json").body(
        "{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API key.\",\"status\":"
            + "\"INVALID_ARGUMENT\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":"
            + "\"API_KEY_INVALID\",\"domain\":\"googleapis.com\",\"metadata\":{\"service\":"
            + "\"generativelanguage.googleapis.com\"}}]}}").build());
    assertThatThrownBy(() -> provider().chat(simpleRequest())).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("API key not valid").satisfies(e -> assertThat(e.getMessage()).doesNotContain(API_KEY));
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Content-Type", "application/json").body(
        "{\"error\":{\"code\":429,\"message\":\"You exceeded your current quota, please check your plan and billing "
            + "details.\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
            + "\"type.googleapis.com/google.rpc.QuotaFailure\",\"violations\":[{\"quotaMetric\":"
            + "\"generativelanguage.googleapis.com/generate_content_free_tier_requests\"}]},{\"@type\":"
            + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"26s\"}]}}").build());
    assertThatThrownBy(() -> provider().chat(simpleRequest())).isInstanceOf(RateLimitedException.class)
        .satisfies(e -> assertThat(((LlmException) e).retryAfter()).contains(Duration.ofSeconds(26)));
  }

  @Test
  void geminisTokenLimitMessageIsAContextWindowOverflow() {
    server.enqueue(errorResponse(400, "The input token count (1289576) exceeds the maximum number of tokens allowed "
        + "(1048576).").build());
    assertThatThrownBy(() -> provider().chat(simpleRequest())).isInstanceOf(ContextWindowExceededException.class);
  }

  @Test
  void aStreamThatEndsBeforeAFinishReasonIsAnError() {
    server.enqueue(sse(chunk(text("Hel"), null, usage(12, 1))));
    Recorder recorder = new Recorder() {};
    provider().stream(simpleRequest(), recorder);
    assertThat(recorder.done).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
        .withMessageContaining("before a finishReason");
  }

  @Test
  void aKeyIsRequired() {
    assertThatThrownBy(() -> new GeminiProviderFactory().create(DeploymentSettings.of("gemini", "gemini-2.5-flash",
        null, null))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("api_key");
  }
}
