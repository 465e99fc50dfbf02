package dev.llmrouter.providers.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.AuthenticationException;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.ContextWindowExceededException;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.Message;
import dev.llmrouter.api.RateLimitedException;
import dev.llmrouter.api.Reasoning;
import dev.llmrouter.api.Role;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.api.ToolChoice;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.api.spi.Secret;
import dev.llmrouter.providers.ProviderContractTest;
import dev.llmrouter.wire.JsonIo;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import okio.ByteString;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.eventstream.HeaderValue;

/**
 * Amazon Bedrock's Converse and ConverseStream against MockWebServer, with bodies in their wire format:
 * {@code output.message.content[]} ({@code text}, {@code toolUse}, {@code reasoningContent}), {@code stopReason},
 * {@code usage} ({@code inputTokens}, {@code outputTokens}, {@code cacheReadInputTokens}); the stream as AWS
 * event-stream frames ({@code :event-type} {@code messageStart}, {@code contentBlockStart}, {@code contentBlockDelta},
 * {@code contentBlockStop}, {@code messageStop}, {@code metadata}, with the {@code p} padding field Bedrock adds),
 * encoded by the AWS SDK's own {@code Message}; errors as {@code {"message"}} with {@code x-amzn-ErrorType}, and
 * exception frames. References: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html,
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html,
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/CommonErrors.html,
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/event-stream-encoding (the framing).
 */
class BedrockProviderTest extends ProviderContractTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T10:15:30Z"), ZoneOffset.UTC);
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

  @Override
  protected Provider newProvider(DeploymentSettings s) {
    return new BedrockProviderFactory().create(bedrock(s, Map.of()), CLOCK);
  }

  private static DeploymentSettings bedrock(DeploymentSettings s, Map<String, Object> more) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("aws_region_name", "us-east-1");
    params.put("aws_access_key_id", "AKIAIOSFODNN7EXAMPLE");
    params.put("aws_secret_access_key", SECRET);
    params.put("aws_session_token", API_KEY); // the secret the contract looks for in headers and errors
    params.putAll(more);
    return new DeploymentSettings(s.deploymentId(), "bedrock", s.model(), null, s.apiBase(), null, s.timeout(),
        s.streamTimeout(), s.headers(), params);
  }

  @Override
  protected String providerId() {
    return "bedrock";
  }

  @Override
  protected String apiBase() {
    return server.url("/").toString();
  }

  @Override
  protected String streamAccept() {
    return "application/vnd.amazon.eventstream";
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .addHeader("x-amzn-RequestId", "5b2c1a3e-8f7d-4c6b-9a1e-2d3f4a5b6c7d").body(body).build();
  }

  /** One event-stream frame, as Bedrock sends it. */
  static ByteString frame(String eventType, String payload) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":event-type", HeaderValue.fromString(eventType));
    headers.put(":content-type", HeaderValue.fromString("application/json"));
    headers.put(":message-type", HeaderValue.fromString("event"));
    return ByteString.of(new software.amazon.awssdk.eventstream.Message(headers,
        payload.getBytes(StandardCharsets.UTF_8)).toByteBuffer());
  }

  static ByteString exceptionFrame(String type, String message) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":exception-type", HeaderValue.fromString(type));
    headers.put(":content-type", HeaderValue.fromString("application/json"));
    headers.put(":message-type", HeaderValue.fromString("exception"));
    return ByteString.of(new software.amazon.awssdk.eventstream.Message(headers,
        ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8)).toByteBuffer());
  }

  static MockResponse stream(ByteString... frames) {
    Buffer body = new Buffer();
    for (ByteString f : frames) {
      body.write(f);
    }
    return new MockResponse.Builder().addHeader("Content-Type", "application/vnd.amazon.eventstream")
        .body(body).build();
  }

  static ByteString messageStart() {
    return frame("messageStart", "{\"p\":\"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVW\",\"role\":\"assistant\"}");
  }

  static ByteString textDelta(int index, String text) {
    return frame("contentBlockDelta", "{\"contentBlockIndex\":" + index + ",\"delta\":{\"text\":\"" + text + "\"},"
        + "\"p\":\"abcdefghijk\"}");
  }

  static ByteString stop(int index) {
    return frame("contentBlockStop", "{\"contentBlockIndex\":" + index + ",\"p\":\"abcdefghijklmnopq\"}");
  }

  static ByteString messageStop(String reason) {
    return frame("messageStop", "{\"p\":\"abcdefghijklmnopqrstu\",\"stopReason\":\"" + reason + "\"}");
  }

  static ByteString metadata(int in, int out) {
    return frame("metadata", "{\"metrics\":{\"latencyMs\":412},\"p\":\"abcdefghijklmnop\",\"usage\":{\"inputTokens\":"
        + in + ",\"outputTokens\":" + out + ",\"totalTokens\":" + (in + out) + "}}");
  }

  @Override
  protected MockResponse textResponse() {
    return json("{\"metrics\":{\"latencyMs\":412},\"output\":{\"message\":{\"content\":[{\"text\":\"Hello there!\"}],"
        + "\"role\":\"assistant\"}},\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":12,\"outputTokens\":4,"
        + "\"totalTokens\":16}}");
  }

  @Override
  protected MockResponse toolCallResponse() {
    return json("{\"metrics\":{\"latencyMs\":905},\"output\":{\"message\":{\"content\":[{\"text\":\"I'll look up the "
        + "weather in Paris.\"},{\"toolUse\":{\"input\":{\"city\":\"Paris\"},\"name\":\"get_weather\",\"toolUseId\":"
        + "\"call_1\"}}],\"role\":\"assistant\"}},\"stopReason\":\"tool_use\",\"usage\":{\"inputTokens\":82,"
        + "\"outputTokens\":17,\"totalTokens\":99}}");
  }

  @Override
  protected MockResponse streamedTextResponse() {
    return stream(messageStart(), textDelta(0, "Hello"), textDelta(0, " there"), textDelta(0, "!"), stop(0),
        messageStop("end_turn"), metadata(12, 4));
  }

  @Override
  protected MockResponse streamedToolCallResponse() {
    return stream(messageStart(), textDelta(0, "Checking."), stop(0),
        frame("contentBlockStart", "{\"contentBlockIndex\":1,\"p\":\"abcdefgh\",\"start\":{\"toolUse\":{\"name\":"
            + "\"get_weather\",\"toolUseId\":\"call_1\"}}}"),
        frame("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"{\\\"city\\\":\"}},"
            + "\"p\":\"abcd\"}"),
        frame("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"\\\"Paris\\\"}\"}},"
            + "\"p\":\"abcd\"}"),
        stop(1), messageStop("tool_use"), metadata(82, 17));
  }

  @Override
  protected MockResponse.Builder errorResponse(int status, String message) {
    return bedrockError(status, message);
  }

  /** Bedrock's error: {@code {"message"}}, the exception's name in {@code x-amzn-ErrorType}. */
  static MockResponse.Builder bedrockError(int status, String message) {
    String type = switch (status) {
      case 400 -> "ValidationException";
      case 401 -> "UnrecognizedClientException";
      case 429 -> "ThrottlingException";
      default -> "InternalServerException";
    };
    return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
        .addHeader("x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.bedrock/")
        .body("{\"message\":\"" + message + "\"}");
  }

  @Override
  protected String streamTextChunk(String text) {
    throw new UnsupportedOperationException("binary: see streamTextChunkBytes");
  }

  @Override
  protected ByteString streamTextChunkBytes(String text) {
    return textDelta(0, text);
  }

  @Test
  void sendsTheConverseBodySignedForBedrock() throws Exception {
    server.enqueue(textResponse());
    provider().chat(ChatRequest.builder("anthropic.claude-3-5-haiku-20241022-v1:0").system("Be brief.")
        .user("Say hello").maxTokens(64).temperature(0.3).topP(0.9).topK(40).stop(List.of("END")).build());
    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/model/test-model/converse");
    assertThat(JsonIo.parseOrNull(request.getBody().utf8())).isEqualTo(JsonIo.parseOrNull("{\"messages\":[{\"role\":"
        + "\"user\",\"content\":[{\"text\":\"Say hello\"}]}],\"system\":[{\"text\":\"Be brief.\"}],\"inferenceConfig\":{"
        + "\"maxTokens\":64,\"temperature\":0.3,\"topP\":0.9,\"stopSequences\":[\"END\"]},"
        + "\"additionalModelRequestFields\":{\"top_k\":40}}"));
    String authorization = request.getHeaders().get("Authorization");
    assertThat(authorization).startsWith("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261202/us-east-1/"
        + "bedrock/aws4_request, SignedHeaders=").matches(".*SignedHeaders=[a-z0-9;-]*host;[a-z0-9;-]*x-amz-date"
        + "[a-z0-9;-]*x-amz-security-token.*, Signature=[0-9a-f]{64}");
    assertThat(request.getHeaders().get("X-Amz-Date")).isEqualTo("20261202T101530Z");
    assertThat(request.getHeaders().get("X-Amz-Security-Token")).isEqualTo(API_KEY);
    assertThat(request.getHeaders().toMultimap().toString()).doesNotContain(SECRET);
  }

  /** The checker against the AWS documentation's worked example (AKIDEXAMPLE, 2015-08-30T12:36:00Z, IAM ListUsers). */
  @Test
  void theIndependentCheckGivesTheSignatureOfAwssWorkedExample() throws Exception {
    assertThat(SigV4Check.signature("GET", "/", "Action=ListUsers&Version=2010-05-08", Map.of(
        "content-type", "application/x-www-form-urlencoded; charset=utf-8", "host", "iam.amazonaws.com",
        "x-amz-date", "20150830T123600Z"), SigV4Check.sha256(""), "20150830T123600Z", "us-east-1", "iam", SECRET))
        .isEqualTo("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
  }

  /**
   * The signature on a Bedrock request, one with a model id that needs encoding (Bedrock's canonical path encodes
   * the already encoded path again), recomputed from the request as the upstream received it.
   */
  @Test
  void theSignatureOnABedrockRequestIsTheOneAwsComputes() throws Exception {
    server.enqueue(textResponse());
    try (Provider p = new BedrockProviderFactory().create(bedrock(new DeploymentSettings("d", "bedrock",
        "converse/anthropic.claude-3-5-haiku-20241022-v1:0", null, apiBase(), null, Duration.ofSeconds(10),
        Duration.ofSeconds(10), Map.of(), Map.of()), Map.of()), CLOCK)) {
      p.chat(simpleRequest().toBuilder().model("anthropic.claude-3-5-haiku-20241022-v1:0").build());
    }
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse");
    String authorization = sent.getHeaders().get("Authorization");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("SignedHeaders=([^,]+), Signature=([0-9a-f]{64})")
        .matcher(authorization);
    assertThat(m.find()).isTrue();
    Map<String, String> signed = new LinkedHashMap<>();
    for (String name : m.group(1).split(";")) {
      signed.put(name, sent.getHeaders().get(name));
    }
    byte[] body = sent.getBody().toByteArray();
    assertThat(signed.get("x-amz-content-sha256")).isEqualTo(SigV4Check.sha256(body));
    assertThat(m.group(2)).isEqualTo(SigV4Check.signature("POST",
        "/model/anthropic.claude-3-5-haiku-20241022-v1%253A0/converse", "", signed, SigV4Check.sha256(body),
        "20261202T101530Z", "us-east-1", "bedrock", SECRET));
  }

  @Test
  void aStreamGoesToConverseStreamAndToolsThinkingAndResultsAreInConversesShape() throws Exception {
    server.enqueue(streamedTextResponse());
    ContentBlock.ToolCall call = new ContentBlock.ToolCall("tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", "get_weather",
        "{\"city\":\"Paris\"}");
    provider().streamBlocking(toolRequest().toBuilder().toolChoice(ToolChoice.required())
        .reasoning(Reasoning.budget(2048))
        .addMessage(new Message(Role.ASSISTANT, List.of(new ContentBlock.Thinking("Paris, so the weather tool.",
            "EqoBCkgIAhABGAIiQ"), call), null))
        .addMessage(new Message(Role.TOOL, List.of(ContentBlock.ToolResult.ofText(call.id(), "{\"temp_c\":24}")),
            null))
        .build(), new Recorder(), action -> { });
    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/model/test-model/converse-stream");
    assertThat(JsonIo.parseOrNull(request.getBody().utf8())).isEqualTo(JsonIo.parseOrNull("{\"messages\":[{\"role\":"
        + "\"user\",\"content\":[{\"text\":\"What's the weather in Paris?\"}]},{\"role\":\"assistant\",\"content\":["
        + "{\"reasoningContent\":{\"reasoningText\":{\"text\":\"Paris, so the weather tool.\",\"signature\":"
        + "\"EqoBCkgIAhABGAIiQ\"}}},{\"toolUse\":{\"toolUseId\":\"tooluse_kZJMlvQmRJ6eAyJE5GIl7Q\",\"name\":"
        + "\"get_weather\",\"input\":{\"city\":\"Paris\"}}}]},{\"role\":\"user\",\"content\":[{\"toolResult\":{"
        + "\"toolUseId\":\"tooluse_kZJMlvQmRJ6eAyJE5GIl7Q\",\"content\":[{\"json\":{\"temp_c\":24}}]}}]}],"
        + "\"inferenceConfig\":{\"maxTokens\":64},\"toolConfig\":{\"tools\":[{\"toolSpec\":{\"name\":\"get_weather\","
        + "\"description\":\"Current weather for a city\",\"inputSchema\":{\"json\":{\"type\":\"object\","
        + "\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}}],\"toolChoice\":{\"any\":{}}},"
        + "\"additionalModelRequestFields\":{\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048}}}"));
  }

  @Test
  void streamedReasoningKeepsItsSignatureAndCacheReadsAreInput() throws Exception {
    server.enqueue(stream(messageStart(),
        frame("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":{\"text\":\"Think.\"}},"
            + "\"p\":\"ab\"}"),
        frame("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":{\"signature\":"
            + "\"EqoBCkgIAhAB\"}},\"p\":\"ab\"}"),
        stop(0), textDelta(1, "Done."), stop(1), messageStop("end_turn"),
        frame("metadata", "{\"metrics\":{\"latencyMs\":300},\"usage\":{\"cacheReadInputTokens\":2048,"
            + "\"cacheWriteInputTokens\":0,\"inputTokens\":30,\"outputTokens\":9,\"totalTokens\":2087}}")));
    ChatResponse answer = provider().streamBlocking(simpleRequest(), new Recorder(), action -> { });
    assertThat(answer.content()).containsExactly(new ContentBlock.Thinking("Think.", "EqoBCkgIAhAB"),
        new ContentBlock.Text("Done."));
    assertThat(answer.usage().inputTokens()).isEqualTo(2078);
    assertThat(answer.usage().cacheReadTokens()).isEqualTo(2048);
  }

  @Test
  void anExceptionFrameMidStreamIsItsError() throws Exception {
    server.enqueue(stream(messageStart(), textDelta(0, "Hel"), exceptionFrame("throttlingException",
        "Too many tokens, please wait before trying again.")));
    Recorder recorder = new Recorder();
    provider().stream(simpleRequest(), recorder);
    assertThat(recorder.done).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(
        java.util.concurrent.ExecutionException.class).withCauseInstanceOf(RateLimitedException.class)
        .withMessageContaining("Too many tokens");
    assertThat(recorder.events).anyMatch(e -> e instanceof StreamEvent.TextDelta);
  }

  @Test
  void aBadKeyIsAuthenticationAndAnOverlongInputIsAContextWindowOverflow() {
    server.enqueue(new MockResponse.Builder().code(403).addHeader("Content-Type", "application/json")
        .addHeader("x-amzn-ErrorType", "UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/")
        .body("{\"message\":\"The security token included in the request is invalid.\"}").build());
    assertThatThrownBy(() -> provider().chat(simpleRequest())).isInstanceOf(AuthenticationException.class);
    server.enqueue(errorResponse(400, "Input is too long for requested model.").build());
    assertThatThrownBy(() -> provider().chat(simpleRequest())).isInstanceOf(ContextWindowExceededException.class);
  }

  @Test
  void theRegionAndKeysAreRequired() {
    DeploymentSettings none = new DeploymentSettings("d", "bedrock", "m", null, null, null, Duration.ofSeconds(5),
        Duration.ofSeconds(5), Map.of(), Map.of());
    assertThatThrownBy(() -> new BedrockProviderFactory().create(none)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("aws_region_name");
    DeploymentSettings noKeys = new DeploymentSettings("d", "bedrock", "m", null, null, null, Duration.ofSeconds(5),
        Duration.ofSeconds(5), Map.of(), Map.of("aws_region_name", "eu-west-1"));
    assertThatThrownBy(() -> new BedrockProviderFactory().create(noKeys))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aws_access_key_id");
  }

  @Test
  void aToolCallStreamsItsInputInFragments() throws Exception {
    server.enqueue(streamedToolCallResponse());
    Recorder recorder = new Recorder();
    provider().stream(toolRequest(), recorder);
    ChatResponse response = recorder.done.get(10, TimeUnit.SECONDS);
    assertThat(response.text()).isEqualTo("Checking.");
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
  }

  /** Cohere Embed on Bedrock takes all texts at once; Claude and Nova have no embeddings. */
  @Test
  void cohereEmbedOnBedrockTakesTheTextsAtOnce() throws Exception {
    server.enqueue(json("{\"embeddings\":[[0.5,0.25],[-1.0,2.0]],\"id\":\"3a4b\",\"response_type\":"
        + "\"embeddings_floats\",\"texts\":[\"a\",\"b\"]}"));
    try (Provider p = new BedrockProviderFactory().create(bedrock(new DeploymentSettings("d", "bedrock",
        "cohere.embed-english-v3", null, apiBase(), null, Duration.ofSeconds(10), Duration.ofSeconds(10), Map.of(),
        Map.of()), Map.of()), CLOCK)) {
      ChatResponse answer = p.embed(ChatRequest.ofEmbedding("cohere.embed-english-v3", List.of("a", "b"), null, null,
          null), dev.llmrouter.api.spi.CancelSignal.NONE);
      assertThat(answer.content()).hasSize(2).first().isEqualTo(new ContentBlock.Vector(0, new float[] {0.5f, 0.25f}));
    }
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/model/cohere.embed-english-v3/invoke");
    assertThat(JsonIo.parseOrNull(sent.getBody().utf8())).isEqualTo(JsonIo.parseOrNull("{\"texts\":[\"a\",\"b\"],"
        + "\"input_type\":\"search_document\"}"));
    assertThatThrownBy(() -> provider().embed(ChatRequest.ofEmbedding("test-model", List.of("a"), null, null, null),
        dev.llmrouter.api.spi.CancelSignal.NONE)).isInstanceOf(dev.llmrouter.api.UnsupportedParameterException.class);
  }
}
