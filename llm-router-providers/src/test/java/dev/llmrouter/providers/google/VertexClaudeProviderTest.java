package dev.llmrouter.providers.google;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.Dialect;
import dev.llmrouter.api.NativeRequest;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.providers.anthropic.AnthropicFormatContractTest;
import dev.llmrouter.wire.JsonIo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Claude on Vertex AI ({@code vertex_ai/claude-...}) against MockWebServer: Anthropic's Messages bodies and events
 * under Vertex's {@code rawPredict} and {@code streamRawPredict}, with {@code anthropic_version:
 * vertex-2023-10-16} in the body and no {@code model} (https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude/use-claude),
 * and a bearer token from a service-account key ({@link VertexTokenServer}).
 */
class VertexClaudeProviderTest extends AnthropicFormatContractTest {
  private static final String MODEL = "claude-sonnet-4-5@20250929";
  private VertexTokenServer tokens;

  @BeforeEach
  void startTokenServer() throws Exception {
    tokens = new VertexTokenServer(API_KEY);
  }

  @AfterEach
  void stopTokenServer() throws Exception {
    tokens.close();
  }

  @Override
  protected Provider newProvider(DeploymentSettings s) {
    Map<String, Object> params = new HashMap<>(s.params());
    params.put("vertex_project", "test-project");
    params.put("vertex_location", "us-east5");
    params.put("vertex_credentials", tokens.credentialsJson());
    return new VertexAiProviderFactory().create(new DeploymentSettings(s.deploymentId(), "vertex_ai", MODEL, null,
        s.apiBase(), null, s.timeout(), s.streamTimeout(), s.headers(), params));
  }

  @Override
  protected String providerId() {
    return "vertex_ai";
  }

  @Override
  protected String apiBase() {
    return server.url("/").toString();
  }

  @Test
  void sendsAnthropicsBodyToRawPredictWithVertexsVersionAndNoModel() throws Exception {
    server.enqueue(textResponse());
    server.enqueue(streamedTextResponse());
    provider().chat(ChatRequest.builder(MODEL).system("Be brief.").user("Say hello").maxTokens(64).build());
    provider().streamBlocking(ChatRequest.builder(MODEL).user("Say hello").maxTokens(64).build(), new Recorder(),
        action -> { });

    RecordedRequest call = server.takeRequest();
    assertThat(call.getUrl().encodedPath()).isEqualTo("/v1/projects/test-project/locations/us-east5/publishers/"
        + "anthropic/models/claude-sonnet-4-5@20250929:rawPredict");
    assertThat(call.getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);
    assertThat(call.getHeaders().get("x-api-key")).isNull();
    assertThat(call.getHeaders().get("anthropic-version")).isNull();
    String body = call.getBody().utf8();
    assertThat(body).startsWith("{\"anthropic_version\":\"vertex-2023-10-16\",");
    Map<Object, Object> json = new HashMap<>((Map<?, ?>) JsonIo.parseOrNull(body));
    assertThat(json).doesNotContainKey("model").containsEntry("max_tokens", 64L)
        .containsEntry("system", "Be brief.");

    RecordedRequest stream = server.takeRequest();
    assertThat(stream.getUrl().encodedPath()).endsWith("/models/claude-sonnet-4-5@20250929:streamRawPredict");
    assertThat(new HashMap<Object, Object>((Map<?, ?>) JsonIo.parseOrNull(stream.getBody().utf8())))
        .containsEntry("stream", true)
        .doesNotContainKey("model");
  }

  @Test
  void aClaudeCodeRequestGoesOnAsSentWithItsBetaHeader() throws Exception {
    server.enqueue(textResponse());
    Map<String, Object> sent = new java.util.LinkedHashMap<>();
    sent.put("model", "claude-sonnet-4-5-20250929");
    sent.put("max_tokens", 32000);
    sent.put("messages", List.of(Map.of("role", "user", "content", "hi")));
    sent.put("metadata", Map.of("user_id", "user_abc_account__session_123"));
    ChatRequest request = ChatRequest.builder(MODEL).user("hi").maxTokens(32000).dialect(Dialect.ANTHROPIC)
        .nativeRequest(new NativeRequest(Dialect.ANTHROPIC, sent, Map.of("anthropic-version", "2023-06-01",
            "anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14")))
        .build();
    provider().chat(request);
    RecordedRequest call = server.takeRequest();
    assertThat(call.getHeaders().get("anthropic-beta")).isEqualTo("claude-code-20250219,interleaved-thinking-2025-05-14");
    assertThat(call.getHeaders().get("anthropic-version")).isNull();
    GeminiProviderTest.assertJsonEquals(call.getBody().utf8(), "{\"anthropic_version\":\"vertex-2023-10-16\","
        + "\"max_tokens\":32000,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"metadata\":{\"user_id\":"
        + "\"user_abc_account__session_123\"}}");
  }
}
