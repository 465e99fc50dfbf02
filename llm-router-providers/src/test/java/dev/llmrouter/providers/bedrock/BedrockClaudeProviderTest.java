package dev.llmrouter.providers.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.AuthenticationException;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.Dialect;
import dev.llmrouter.api.NativeRequest;
import dev.llmrouter.api.RateLimitedException;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.providers.anthropic.AnthropicFormatContractTest;
import dev.llmrouter.wire.JsonIo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import okio.ByteString;
import org.junit.jupiter.api.Test;

/**
 * Claude on Bedrock in Anthropic's format ({@code bedrock/anthropic.claude-...}) against MockWebServer: the shared
 * contract with Anthropic's answers and events, the events arriving as Bedrock sends them, event-stream
 * {@code chunk} frames of {@code {"bytes": <base64 event>}}; errors in Bedrock's shape ({@code {"message"}} and
 * {@code x-amzn-ErrorType}). References: https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages.html,
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModelWithResponseStream.html.
 */
class BedrockClaudeProviderTest extends AnthropicFormatContractTest {
  private static final String MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

  @Override
  protected Provider newProvider(DeploymentSettings s) {
    return provider(s, Map.of());
  }

  private Provider provider(DeploymentSettings s, Map<String, Object> more) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("aws_region_name", "us-west-2");
    params.put("aws_access_key_id", "AKIAIOSFODNN7EXAMPLE");
    params.put("aws_secret_access_key", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    params.put("aws_session_token", API_KEY);
    params.putAll(more);
    return new BedrockProviderFactory().create(new DeploymentSettings(s.deploymentId(), "bedrock", MODEL, null,
        s.apiBase(), null, s.timeout(), s.streamTimeout(), s.headers(), params), BedrockProviderTest.CLOCK);
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

  /** An Anthropic event as Bedrock frames it. */
  static ByteString chunk(String eventJson) {
    return BedrockProviderTest.frame("chunk", "{\"bytes\":\"" + Base64.getEncoder().encodeToString(
        eventJson.getBytes(StandardCharsets.UTF_8)) + "\",\"p\":\"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN\"}");
  }

  /** The same events as Anthropic's SSE response, as Bedrock's frames. */
  private static MockResponse asFrames(MockResponse sse) {
    Buffer whole = new Buffer();
    try {
      sse.getBody().writeTo(whole);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    List<ByteString> frames = new ArrayList<>();
    for (String line : whole.readUtf8().split("\n")) {
      if (line.startsWith("data: ") && !line.contains("\"ping\"")) {
        frames.add(chunk(line.substring("data: ".length())));
      }
    }
    return BedrockProviderTest.stream(frames.toArray(new ByteString[0]));
  }

  @Override
  protected MockResponse streamedTextResponse() {
    return asFrames(super.streamedTextResponse());
  }

  @Override
  protected MockResponse streamedToolCallResponse() {
    return asFrames(super.streamedToolCallResponse());
  }

  @Override
  protected String streamTextChunk(String text) {
    throw new UnsupportedOperationException("binary: see streamTextChunkBytes");
  }

  @Override
  protected ByteString streamTextChunkBytes(String text) {
    return chunk("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text
        + "\"}}");
  }

  @Override
  protected MockResponse.Builder errorResponse(int status, String message) {
    return BedrockProviderTest.bedrockError(status, message);
  }

  @Test
  void sendsAnthropicsBodyToInvokeWithBedrocksVersionSigned() throws Exception {
    server.enqueue(textResponse());
    server.enqueue(streamedTextResponse());
    provider().chat(ChatRequest.builder(MODEL).system("Be brief.").user("Say hello").maxTokens(64).build());
    provider().streamBlocking(ChatRequest.builder(MODEL).user("Say hello").maxTokens(64).build(), new Recorder(),
        action -> { });

    RecordedRequest call = server.takeRequest();
    assertThat(call.getUrl().encodedPath()).isEqualTo("/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/invoke");
    assertThat(call.getHeaders().get("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/"
        + "20261202/us-west-2/bedrock/aws4_request");
    assertThat(call.getHeaders().get("x-api-key")).isNull();
    assertThat(call.getHeaders().get("anthropic-version")).isNull();
    String body = call.getBody().utf8();
    assertThat(body).startsWith("{\"anthropic_version\":\"bedrock-2023-05-31\",");
    assertThat(JsonIo.parseOrNull(body)).isEqualTo(JsonIo.parseOrNull("{\"anthropic_version\":\"bedrock-2023-05-31\","
        + "\"max_tokens\":64,\"system\":\"Be brief.\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":"
        + "\"text\",\"text\":\"Say hello\"}]}]}"));

    RecordedRequest stream = server.takeRequest();
    assertThat(stream.getUrl().encodedPath()).endsWith("/invoke-with-response-stream");
    assertThat(((Map<?, ?>) JsonIo.parseOrNull(stream.getBody().utf8())).keySet().toString()).doesNotContain("stream", "model");
  }

  @Test
  void aClaudeCodeRequestGoesOnAsSentWithTheBetasBedrockServesInTheBody() throws Exception {
    server.enqueue(textResponse());
    Map<String, Object> sent = new LinkedHashMap<>();
    sent.put("model", "claude-sonnet-4-5-20250929");
    sent.put("max_tokens", 32000);
    sent.put("messages", List.of(Map.of("role", "user", "content", "hi")));
    sent.put("metadata", Map.of("user_id", "user_abc_account__session_123"));
    sent.put("stream", false);
    ChatRequest request = ChatRequest.builder(MODEL).user("hi").maxTokens(32000).dialect(Dialect.ANTHROPIC)
        .nativeRequest(new NativeRequest(Dialect.ANTHROPIC, sent, Map.of("anthropic-version", "2023-06-01",
            "anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27,"
                + "mid-conversation-tool-changes-2026-07-01,effort-2025-11-24")))
        .build();
    try (Provider p = provider(new DeploymentSettings("d", "bedrock", MODEL, null, apiBase(), null,
        Duration.ofSeconds(10), Duration.ofSeconds(10), Map.of(), Map.of()),
        Map.of("anthropic_beta", "mid-conversation-tool-changes-2026-07-01"))) {
      p.chat(request);
    }
    RecordedRequest call = server.takeRequest();
    assertThat(call.getHeaders().get("anthropic-beta")).isNull();
    assertThat(JsonIo.parseOrNull(call.getBody().utf8())).isEqualTo(JsonIo.parseOrNull("{\"anthropic_version\":"
        + "\"bedrock-2023-05-31\",\"max_tokens\":32000,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
        + "\"metadata\":{\"user_id\":\"user_abc_account__session_123\"},\"anthropic_beta\":["
        + "\"interleaved-thinking-2025-05-14\",\"context-management-2025-06-27\","
        + "\"mid-conversation-tool-changes-2026-07-01\",\"effort-2025-11-24\"]}"));
  }

  @Test
  void bedrocksErrorsAndExceptionFramesAreTheirKinds() throws Exception {
    server.enqueue(new MockResponse.Builder().code(403).addHeader("Content-Type", "application/json")
        .addHeader("x-amzn-ErrorType", "UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/")
        .body("{\"message\":\"The security token included in the request is invalid.\"}").build());
    assertThatThrownBy(() -> provider().chat(simpleRequest())).isInstanceOf(AuthenticationException.class);
    server.enqueue(BedrockProviderTest.stream(chunk("{\"type\":\"message_start\",\"message\":{\"id\":\"msg_bdrk_1\","
        + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[],"
        + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}"),
        BedrockProviderTest.exceptionFrame("throttlingException", "Too many requests, please wait before trying "
            + "again.")));
    assertThatThrownBy(() -> provider().streamBlocking(simpleRequest(), new Recorder(), action -> { }))
        .isInstanceOf(RateLimitedException.class).hasMessageContaining("Too many requests");
  }
}
