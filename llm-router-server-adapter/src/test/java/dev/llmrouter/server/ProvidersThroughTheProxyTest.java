package dev.llmrouter.server;

import static dev.llmrouter.server.ProxyFixture.MASTER_KEY;
import static dev.llmrouter.server.ProxyFixture.PROVIDER_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolUseBlock;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.anthropic.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import mockwebserver3.Dispatcher;
import dev.llmrouter.providers.google.VertexTokenServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each provider behind the proxy (a MockWebServer upstream answering in that provider's wire format), driven by the
 * official OpenAI and Anthropic SDKs: a plain answer, a streamed one and a tool call, through both APIs, and the
 * request the upstream got checked (path, credential header). The bodies are the providers' own formats, as in
 * their provider tests (AzureProviderTest, OllamaProviderTest), which cite the references.
 */
class ProvidersThroughTheProxyTest {
  /** One provider: its config line, its answers in its own format, and what its requests must look like. */
  enum Upstream {
    AZURE("azure/team-a-gpt4o", "api_key: %s, api_version: \"2024-10-21\"".formatted(PROVIDER_KEY)) {
      @Override
      MockResponse text(String text) {
        return json("{\"choices\":[{\"content_filter_results\":{},\"finish_reason\":\"stop\",\"index\":0,\"logprobs\":"
            + "null,\"message\":{\"content\":\"" + text + "\",\"refusal\":null,\"role\":\"assistant\"}}],\"created\":"
            + "1733270000,\"id\":\"chatcmpl-AaZ0pR7v\",\"model\":\"gpt-4o-2024-08-06\",\"object\":\"chat.completion\","
            + "\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":{}}],\"usage\":{"
            + "\"completion_tokens\":5,\"prompt_tokens\":9,\"total_tokens\":14}}");
      }

      @Override
      MockResponse stream(List<String> texts) {
        String head = "data: {\"choices\":[{\"content_filter_results\":{},\"delta\":";
        String tail = ",\"index\":0,\"logprobs\":null}],\"created\":1733270000,\"id\":\"chatcmpl-AaZ1kQm3\",\"model\":"
            + "\"gpt-4o-2024-08-06\",\"object\":\"chat.completion.chunk\"}\n\n";
        StringBuilder sb = new StringBuilder("data: {\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\","
            + "\"object\":\"\",\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":{}}]}\n\n");
        sb.append(head).append("{\"content\":\"\",\"role\":\"assistant\"},\"finish_reason\":null").append(tail);
        texts.forEach(t -> sb.append(head).append("{\"content\":\"").append(t).append("\"},\"finish_reason\":null")
            .append(tail));
        sb.append(head).append("{},\"finish_reason\":\"stop\"").append(tail);
        sb.append("data: {\"choices\":[],\"created\":1733270000,\"id\":\"chatcmpl-AaZ1kQm3\",\"model\":"
            + "\"gpt-4o-2024-08-06\",\"object\":\"chat.completion.chunk\",\"usage\":{\"completion_tokens\":4,"
            + "\"prompt_tokens\":9,\"total_tokens\":13}}\n\ndata: [DONE]\n\n");
        return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(sb.toString()).build();
      }

      @Override
      MockResponse toolCall() {
        return json("{\"choices\":[{\"content_filter_results\":{},\"finish_reason\":\"tool_calls\",\"index\":0,"
            + "\"logprobs\":null,\"message\":{\"content\":null,\"refusal\":null,\"role\":\"assistant\",\"tool_calls\":"
            + "[{\"function\":{\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\",\"name\":\"get_weather\"},\"id\":"
            + "\"call_7\",\"type\":\"function\"}]}}],\"created\":1733270000,\"id\":\"chatcmpl-AaZ0q2Lx\",\"model\":"
            + "\"gpt-4o-2024-08-06\",\"object\":\"chat.completion\",\"usage\":{\"completion_tokens\":17,"
            + "\"prompt_tokens\":82,\"total_tokens\":99}}");
      }

      @Override
      void checkRequest(RecordedRequest sent) {
        assertThat(sent.getUrl().encodedPath()).isEqualTo("/openai/deployments/team-a-gpt4o/chat/completions");
        assertThat(sent.getUrl().queryParameter("api-version")).isEqualTo("2024-10-21");
        assertThat(sent.getHeaders().get("api-key")).isEqualTo(PROVIDER_KEY);
      }

      @Override
      String toolCallId() {
        return "call_7";
      }
    },

    COHERE("cohere/command-a-03-2025", "api_key: " + PROVIDER_KEY) {
      private static final String USAGE = "\"usage\":{\"billed_units\":{\"input_tokens\":9,\"output_tokens\":5},"
          + "\"tokens\":{\"input_tokens\":205,\"output_tokens\":5}}";

      @Override
      MockResponse text(String text) {
        return json("{\"id\":\"c14c80c3-18eb-4519-9460-6c92edd8cfb4\",\"message\":{\"role\":\"assistant\","
            + "\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}]},\"finish_reason\":\"COMPLETE\","
            + USAGE + "}");
      }

      @Override
      MockResponse stream(List<String> texts) {
        StringBuilder sb = new StringBuilder("event: message-start\ndata: {\"id\":\"29f14a5a\",\"type\":"
            + "\"message-start\",\"delta\":{\"message\":{\"role\":\"assistant\",\"content\":[],\"tool_plan\":"
            + "\"\",\"tool_calls\":[],\"citations\":[]}}}\n\nevent: content-start\ndata: {\"type\":"
            + "\"content-start\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"type\":\"text\",\"text\":"
            + "\"\"}}}}\n\n");
        texts.forEach(t -> sb.append("event: content-delta\ndata: {\"type\":\"content-delta\",\"index\":0,"
            + "\"delta\":{\"message\":{\"content\":{\"text\":\"").append(t).append("\"}}}}\n\n"));
        sb.append("event: content-end\ndata: {\"type\":\"content-end\",\"index\":0}\n\nevent: message-end\n"
            + "data: {\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"COMPLETE\"," + USAGE + "}}\n\n");
        return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(sb.toString()).build();
      }

      @Override
      MockResponse toolCall() {
        return json("{\"id\":\"c14c80c3\",\"message\":{\"role\":\"assistant\",\"tool_plan\":\"I will look "
            + "up the weather.\",\"tool_calls\":[{\"id\":\"get_weather_1byjy32y4hvq\",\"type\":\"function\","
            + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
            + "\"finish_reason\":\"TOOL_CALL\"," + USAGE + "}");
      }

      @Override
      void checkRequest(RecordedRequest sent) {
        assertThat(sent.getUrl().encodedPath()).isEqualTo("/v2/chat");
        assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + PROVIDER_KEY);
      }

      @Override
      String toolCallId() {
        return "get_weather_1byjy32y4hvq";
      }
    },

    GEMINI("gemini/gemini-2.5-flash", "api_key: " + PROVIDER_KEY) {
      @Override
      MockResponse text(String text) {
        return json(Gemini.chunk("{\"text\":\"" + text + "\"}", "STOP", 9, 5));
      }

      @Override
      MockResponse stream(List<String> texts) {
        return Gemini.stream(texts);
      }

      @Override
      MockResponse toolCall() {
        return json(Gemini.chunk("{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"}}}",
            "STOP", 82, 17));
      }

      @Override
      void checkRequest(RecordedRequest sent) {
        assertThat(sent.getUrl().encodedPath()).matches("/v1beta/models/gemini-2\\.5-flash:(streamG|g)enerateContent");
        assertThat(sent.getHeaders().get("x-goog-api-key")).isEqualTo(PROVIDER_KEY);
      }

      @Override
      boolean streamRequested(RecordedRequest sent) {
        return sent.getUrl().encodedPath().endsWith(":streamGenerateContent");
      }

      @Override
      String toolCallId() {
        return "call_" + Gemini.RESPONSE_ID + "_0";
      }
    },

    VERTEX_GEMINI("vertex_ai/gemini-2.5-pro", "vertex_project: test-project, vertex_location: europe-west4, "
        + "vertex_credentials: \"%s\"") {
      @Override
      MockResponse text(String text) {
        return GEMINI.text(text);
      }

      @Override
      MockResponse stream(List<String> texts) {
        return Gemini.stream(texts);
      }

      @Override
      MockResponse toolCall() {
        return json(Gemini.chunk("{\"functionCall\":{\"id\":\"fc_5b1e\",\"name\":\"get_weather\",\"args\":{\"city\":"
            + "\"Paris\"}}}", "STOP", 82, 17));
      }

      @Override
      void checkRequest(RecordedRequest sent) {
        assertThat(sent.getUrl().encodedPath()).matches("/v1/projects/test-project/locations/europe-west4/publishers/"
            + "google/models/gemini-2\\.5-pro:(streamG|g)enerateContent");
        assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + VERTEX_TOKEN);
      }

      @Override
      boolean streamRequested(RecordedRequest sent) {
        return sent.getUrl().encodedPath().endsWith(":streamGenerateContent");
      }

      @Override
      String toolCallId() {
        return "fc_5b1e";
      }
    },

    VERTEX_CLAUDE("vertex_ai/claude-sonnet-4-5@20250929", "vertex_project: test-project, vertex_location: us-east5, "
        + "vertex_credentials: \"%s\"") {
      @Override
      MockResponse text(String text) {
        return json("{\"id\":\"msg_vrtx_01Ab3\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
            + "\"claude-sonnet-4-5-20250929\",\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}],"
            + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":9,\"output_tokens\":5}}");
      }

      @Override
      MockResponse stream(List<String> texts) {
        StringBuilder sb = new StringBuilder("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{"
            + "\"id\":\"msg_vrtx_01Ab4\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
            + "\"claude-sonnet-4-5-20250929\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{"
            + "\"input_tokens\":9,\"output_tokens\":1}}}\n\nevent: content_block_start\ndata: {\"type\":"
            + "\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
        texts.forEach(t -> sb.append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"").append(t).append("\"}}\n\n"));
        sb.append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
            + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
            + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":4}}\n\nevent: message_stop\ndata: {\"type\":"
            + "\"message_stop\"}\n\n");
        return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(sb.toString()).build();
      }

      @Override
      MockResponse toolCall() {
        return json("{\"id\":\"msg_vrtx_01Ab5\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
            + "\"claude-sonnet-4-5-20250929\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_vrtx_01T1x\","
            + "\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}],\"stop_reason\":\"tool_use\","
            + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":82,\"output_tokens\":17}}");
      }

      @Override
      void checkRequest(RecordedRequest sent) {
        assertThat(sent.getUrl().encodedPath()).matches("/v1/projects/test-project/locations/us-east5/publishers/"
            + "anthropic/models/claude-sonnet-4-5@20250929:(streamR|r)awPredict");
        assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + VERTEX_TOKEN);
        assertThat(sent.getBody().utf8()).startsWith("{\"anthropic_version\":\"vertex-2023-10-16\"")
            .doesNotContain("\"model\"");
      }

      @Override
      String toolCallId() {
        return "toolu_vrtx_01T1x";
      }
    },

    BEDROCK("bedrock/amazon.nova-pro-v1:0", "aws_region_name: eu-central-1, "
        + "aws_access_key_id: AKIAIOSFODNN7EXAMPLE, aws_secret_access_key: " + PROVIDER_KEY) {
      @Override
      MockResponse text(String text) {
        return json("{\"metrics\":{\"latencyMs\":412},\"output\":{\"message\":{\"content\":[{\"text\":\"" + text
            + "\"}],\"role\":\"assistant\"}},\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":9,"
            + "\"outputTokens\":5,\"totalTokens\":14}}");
      }

      @Override
      MockResponse stream(List<String> texts) {
        okio.Buffer body = new okio.Buffer();
        body.write(Bedrock.frame("messageStart", "{\"p\":\"abcdefghijklmnopqrstuvwxyz\",\"role\":\"assistant\"}"));
        texts.forEach(t -> body.write(Bedrock.frame("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{"
            + "\"text\":\"" + t + "\"},\"p\":\"abcdefghijk\"}")));
        body.write(Bedrock.frame("contentBlockStop", "{\"contentBlockIndex\":0,\"p\":\"abcdefghijklmnopq\"}"));
        body.write(Bedrock.frame("messageStop", "{\"p\":\"abcdefghijklmnopqrstu\",\"stopReason\":\"end_turn\"}"));
        body.write(Bedrock.frame("metadata", "{\"metrics\":{\"latencyMs\":300},\"p\":\"abcdefghijklmnop\","
            + "\"usage\":{\"inputTokens\":9,\"outputTokens\":4,\"totalTokens\":13}}"));
        return new MockResponse.Builder().addHeader("Content-Type", "application/vnd.amazon.eventstream").body(body)
            .build();
      }

      @Override
      MockResponse toolCall() {
        return json("{\"metrics\":{\"latencyMs\":905},\"output\":{\"message\":{\"content\":[{\"toolUse\":{\"input\":"
            + "{\"city\":\"Paris\"},\"name\":\"get_weather\",\"toolUseId\":\"tooluse_kZJMlvQmRJ6eAyJE5GIl7Q\"}}],"
            + "\"role\":\"assistant\"}},\"stopReason\":\"tool_use\",\"usage\":{\"inputTokens\":82,\"outputTokens\":17,"
            + "\"totalTokens\":99}}");
      }

      @Override
      void checkRequest(RecordedRequest sent) {
        assertThat(sent.getUrl().encodedPath()).matches("/model/amazon\\.nova-pro-v1%3A0/converse(-stream)?");
        assertThat(sent.getHeaders().get("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential="
            + "AKIAIOSFODNN7EXAMPLE/").contains("/eu-central-1/bedrock/aws4_request");
      }

      @Override
      boolean streamRequested(RecordedRequest sent) {
        return sent.getUrl().encodedPath().endsWith("/converse-stream");
      }

      @Override
      String toolCallId() {
        return "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q";
      }
    },

    BEDROCK_CLAUDE("bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0", "aws_region_name: us-west-2, "
        + "aws_access_key_id: AKIAIOSFODNN7EXAMPLE, aws_secret_access_key: " + PROVIDER_KEY) {
      @Override
      MockResponse text(String text) {
        return VERTEX_CLAUDE.text(text);
      }

      @Override
      MockResponse stream(List<String> texts) {
        okio.Buffer sse = new okio.Buffer();
        try {
          VERTEX_CLAUDE.stream(texts).getBody().writeTo(sse);
        } catch (java.io.IOException e) {
          throw new AssertionError(e);
        }
        okio.Buffer body = new okio.Buffer();
        for (String line : sse.readUtf8().split("\n")) {
          if (line.startsWith("data: ")) {
            body.write(Bedrock.frame("chunk", "{\"bytes\":\"" + java.util.Base64.getEncoder().encodeToString(
                line.substring(6).getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "\",\"p\":\"abcdefgh\"}"));
          }
        }
        return new MockResponse.Builder().addHeader("Content-Type", "application/vnd.amazon.eventstream").body(body)
            .build();
      }

      @Override
      MockResponse toolCall() {
        return VERTEX_CLAUDE.toolCall();
      }

      @Override
      void checkRequest(RecordedRequest sent) {
        assertThat(sent.getUrl().encodedPath()).matches("/model/us\\.anthropic\\.claude-sonnet-4-5-20250929-v1%3A0/"
            + "invoke(-with-response-stream)?");
        assertThat(sent.getHeaders().get("Authorization")).contains("/us-west-2/bedrock/aws4_request");
        assertThat(sent.getBody().utf8()).startsWith("{\"anthropic_version\":\"bedrock-2023-05-31\"")
            .doesNotContain("\"model\"").doesNotContain("\"stream\"");
      }

      @Override
      boolean streamRequested(RecordedRequest sent) {
        return sent.getUrl().encodedPath().endsWith("/invoke-with-response-stream");
      }

      @Override
      String toolCallId() {
        return "toolu_vrtx_01T1x";
      }
    },

    OLLAMA_CHAT("ollama_chat/llama3.2", "keep_alive: 5m") {
      private static final String HEAD = "{\"model\":\"llama3.2\",\"created_at\":\"2025-06-12T14:13:43.416799Z\",";

      @Override
      MockResponse text(String text) {
        return json(HEAD + "\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},\"done_reason\":"
            + "\"stop\",\"done\":true,\"total_duration\":5191566416,\"prompt_eval_count\":9,\"eval_count\":5}");
      }

      @Override
      MockResponse stream(List<String> texts) {
        StringBuilder sb = new StringBuilder();
        texts.forEach(t -> sb.append(HEAD).append("\"message\":{\"role\":\"assistant\",\"content\":\"").append(t)
            .append("\"},\"done\":false}\n"));
        sb.append(HEAD).append("\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done_reason\":\"stop\","
            + "\"done\":true,\"total_duration\":4883583458,\"prompt_eval_count\":9,\"eval_count\":4}\n");
        return new MockResponse.Builder().addHeader("Content-Type", "application/x-ndjson").body(sb.toString())
            .build();
      }

      @Override
      MockResponse toolCall() {
        return json(HEAD + "\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":"
            + "{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}}]},\"done_reason\":\"stop\","
            + "\"done\":true,\"prompt_eval_count\":82,\"eval_count\":17}");
      }

      @Override
      void checkRequest(RecordedRequest sent) {
        assertThat(sent.getUrl().encodedPath()).isEqualTo("/api/chat");
        assertThat(sent.getBody().utf8()).contains("\"keep_alive\":\"5m\"");
      }

      @Override
      String toolCallId() {
        return "call_0";
      }
    };

    final String model;
    final String params;

    Upstream(String model, String params) {
      this.model = model;
      this.params = params;
    }

    abstract MockResponse text(String text);

    abstract MockResponse stream(List<String> texts);

    /** A call of {@code get_weather} with {@code {"city":"Paris"}}. */
    abstract MockResponse toolCall();

    abstract void checkRequest(RecordedRequest sent);

    /** Whether {@code sent} asked for a stream. */
    boolean streamRequested(RecordedRequest sent) {
      return sent.getBody().utf8().contains("\"stream\":true");
    }

    /** The config's parameters, with the path of the Vertex credentials where they take one. */
    String params(String vertexCredentials) {
      return params.contains("%s") ? params.formatted(vertexCredentials) : params;
    }

    /** The id the call gets: the provider's, or the one made for it. */
    abstract String toolCallId();

    static MockResponse json(String body) {
      return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
    }
  }

  /** Bedrock's ConverseStream frames, encoded by the AWS SDK (as in BedrockProviderTest). */
  static final class Bedrock {
    static okio.ByteString frame(String eventType, String payload) {
      Map<String, software.amazon.awssdk.eventstream.HeaderValue> headers = new java.util.LinkedHashMap<>();
      headers.put(":event-type", software.amazon.awssdk.eventstream.HeaderValue.fromString(eventType));
      headers.put(":content-type", software.amazon.awssdk.eventstream.HeaderValue.fromString("application/json"));
      headers.put(":message-type", software.amazon.awssdk.eventstream.HeaderValue.fromString("event"));
      return okio.ByteString.of(new software.amazon.awssdk.eventstream.Message(headers,
          payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toByteBuffer());
    }
  }

  /** Gemini's generateContent answers and SSE streams (as in GeminiProviderTest, which cites the reference). */
  static final class Gemini {
    static final String RESPONSE_ID = "bKJ9aPXuD8-bz7IPzq2ZgQk";

    static String chunk(String parts, String finishReason, int in, int out) {
      return "{\"candidates\":[{\"content\":{\"parts\":[" + parts + "],\"role\":\"model\"}"
          + (finishReason == null ? "" : ",\"finishReason\":\"" + finishReason + "\"") + ",\"index\":0}],"
          + "\"usageMetadata\":{\"promptTokenCount\":" + in + ",\"candidatesTokenCount\":" + out
          + ",\"totalTokenCount\":" + (in + out) + "},\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\""
          + RESPONSE_ID + "\"}";
    }

    static MockResponse stream(List<String> texts) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < texts.size(); i++) {
        boolean last = i == texts.size() - 1;
        sb.append("data: ").append(chunk("{\"text\":\"" + texts.get(i) + "\"}", last ? "STOP" : null, 9, i + 1))
            .append("\r\n\r\n");
      }
      return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(sb.toString()).build();
    }
  }

  /** The access token the Vertex token endpoint hands out: a secret the proxy must not leak either. */
  static final String VERTEX_TOKEN = "ya29.c.vertex-test-token-8e1f";
  private VertexTokenServer tokens;
  @org.junit.jupiter.api.io.TempDir
  java.nio.file.Path tempDir;

  /** A service-account key file pointing at a token endpoint of our own. */
  private String vertexCredentials() throws Exception {
    if (tokens == null) {
      tokens = new VertexTokenServer(VERTEX_TOKEN);
    }
    java.nio.file.Path file = tempDir.resolve("vertex-sa.json");
    java.nio.file.Files.writeString(file, tokens.credentialsJson());
    return file.toString();
  }

  @StartStop
  private final MockWebServer upstream = new MockWebServer();
  private ProxyFixture proxy;
  private OpenAIClient openai;
  private AnthropicClient anthropic;

  private void start(Upstream kind) throws Exception {
    proxy = ProxyFixture.start("""
        model_list:
          - model_name: gw-model
            litellm_params: {model: %s, api_base: "%s", %s}
        router_settings:
          num_retries: 0
        general_settings:
          master_key: %s
        """.formatted(kind.model, upstream.url("/").toString(), kind.params(vertexCredentials()), MASTER_KEY));
    openai = OpenAIOkHttpClient.builder().baseUrl(proxy.baseUrl() + "/v1").apiKey(MASTER_KEY).maxRetries(0)
        .timeout(Duration.ofSeconds(20)).build();
    anthropic = AnthropicOkHttpClient.builder().baseUrl(proxy.baseUrl()).apiKey(MASTER_KEY).maxRetries(0).build();
  }

  @AfterEach
  void stop() throws Exception {
    if (tokens != null) {
      tokens.close();
    }
    if (proxy != null) {
      openai.close();
      anthropic.close();
      proxy.assertNoKeyLeaked();
      proxy.assertNotLogged(VERTEX_TOKEN);
      proxy.close();
    }
  }

  private void expectRequest(Upstream kind, Consumer<String> body) throws Exception {
    RecordedRequest sent = upstream.takeRequest();
    kind.checkRequest(sent);
    body.accept(sent.getBody().utf8());
  }

  /** One alias per provider, each upstream answering in its own format: {@code /health} probes and lists them all. */
  @Test
  void aConfigWithOneAliasPerProviderLoadsAndHealthListsThemAll() throws Exception {
    upstream.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        if (path.startsWith("/openai/deployments/")) {
          return Upstream.AZURE.text("ok");
        } else if (path.equals("/v2/chat")) {
          return Upstream.COHERE.text("ok");
        } else if (path.equals("/api/chat")) {
          return Upstream.OLLAMA_CHAT.text("ok");
        } else if (path.endsWith(":generateContent")) {
          return Upstream.GEMINI.text("ok");
        } else if (path.endsWith("/invoke")) {
          return Upstream.BEDROCK_CLAUDE.text("ok");
        } else if (path.endsWith("/converse")) {
          return Upstream.BEDROCK.text("ok");
        } else if (path.endsWith(":rawPredict")) {
          return Upstream.VERTEX_CLAUDE.text("ok");
        } else if (path.equals("/v1/messages")) {
          return Upstream.json("{\"id\":\"msg_01XFDUDYJgAACzvnptvVoYEL\",\"type\":\"message\",\"role\":"
              + "\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],"
              + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":9,"
              + "\"output_tokens\":1}}");
        } else if (path.equals("/v1/chat/completions")) {
          return Upstream.json("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":"
              + "\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
              + "\"ok\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1,"
              + "\"total_tokens\":10}}");
        }
        return new MockResponse.Builder().code(404).body("{\"error\":\"no such path " + path + "\"}").build();
      }
    });
    String base = upstream.url("/").toString();
    proxy = ProxyFixture.start("""
        model_list:
          - model_name: via-openai
            litellm_params: {model: openai/gpt-4o-mini, api_base: "%sv1", api_key: %s}
          - model_name: via-anthropic
            litellm_params: {model: anthropic/claude-sonnet-4-5, api_base: "%s", api_key: %s}
          - model_name: via-azure
            litellm_params: {model: azure/team-a-gpt4o, api_base: "%s", api_key: %s}
          - model_name: via-cohere
            litellm_params: {model: cohere/command-a-03-2025, api_base: "%s", api_key: %s}
          - model_name: via-ollama
            litellm_params: {model: ollama_chat/llama3.2, api_base: "%s"}
          - model_name: via-gemini
            litellm_params: {model: gemini/gemini-2.5-flash, api_base: "%s", api_key: %s}
          - model_name: via-vertex
            litellm_params: {model: vertex_ai/gemini-2.5-pro, api_base: "%s", vertex_project: p, vertex_credentials: "%s"}
          - model_name: via-vertex-claude
            litellm_params: {model: vertex_ai/claude-sonnet-4-5@20250929, api_base: "%s", vertex_project: p, vertex_location: us-east5, vertex_credentials: "%s"}
          - model_name: via-bedrock
            litellm_params: {model: bedrock/amazon.nova-lite-v1:0, api_base: "%s", aws_region_name: us-east-1, aws_access_key_id: AKIAIOSFODNN7EXAMPLE, aws_secret_access_key: %s}
          - model_name: via-bedrock-claude
            litellm_params: {model: bedrock/anthropic.claude-haiku-4-5-20251001-v1:0, api_base: "%s", aws_region_name: us-east-1, aws_access_key_id: AKIAIOSFODNN7EXAMPLE, aws_secret_access_key: %s}
          - model_name: via-mock
            litellm_params: {model: mock/m}
        general_settings:
          master_key: %s
        """.formatted(base, PROVIDER_KEY, base, PROVIDER_KEY, base, PROVIDER_KEY, base, PROVIDER_KEY, base,
        base, PROVIDER_KEY, base, vertexCredentials(), base, vertexCredentials(), base, PROVIDER_KEY, base, PROVIDER_KEY, MASTER_KEY));
    openai = OpenAIOkHttpClient.builder().baseUrl(proxy.baseUrl() + "/v1").apiKey(MASTER_KEY).build();
    anthropic = AnthropicOkHttpClient.builder().baseUrl(proxy.baseUrl()).apiKey(MASTER_KEY).build();
    String health = proxy.get("/health", "Authorization", "Bearer " + MASTER_KEY).body();
    assertThat(health).contains("\"healthy_count\":11").contains("\"unhealthy_count\":0");
    for (String model : List.of("openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5", "azure/team-a-gpt4o",
        "cohere/command-a-03-2025", "ollama_chat/llama3.2", "gemini/gemini-2.5-flash", "vertex_ai/gemini-2.5-pro",
        "vertex_ai/claude-sonnet-4-5@20250929", "bedrock/amazon.nova-lite-v1:0",
        "bedrock/anthropic.claude-haiku-4-5-20251001-v1:0", "mock/m")) {
      assertThat(health).contains("\"model\":\"" + model + "\"");
    }
    assertThat(health).doesNotContain(PROVIDER_KEY).doesNotContain(VERTEX_TOKEN);
  }

  @ParameterizedTest
  @EnumSource(Upstream.class)
  void theOpenAiSdkPlainStreamedAndToolCall(Upstream kind) throws Exception {
    start(kind);
    upstream.enqueue(kind.text("Hello from upstream."));
    ChatCompletion plain = openai.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("gw-model").addUserMessage("Hi").build());
    assertThat(plain.choices().get(0).message().content()).contains("Hello from upstream.");
    assertThat(plain.usage().orElseThrow().promptTokens()).isEqualTo(9);
    expectRequest(kind, body -> assertThat(body).contains("\"Hi\""));

    upstream.enqueue(kind.stream(List.of("Hello", " from", " upstream.")));
    StringBuilder text = new StringBuilder();
    try (com.openai.core.http.StreamResponse<ChatCompletionChunk> chunks = openai.chat().completions()
        .createStreaming(ChatCompletionCreateParams.builder().model("gw-model").addUserMessage("Hi").build())) {
      chunks.stream().filter(c -> !c.choices().isEmpty())
          .forEach(c -> text.append(c.choices().get(0).delta().content().orElse("")));
    }
    assertThat(text.toString()).isEqualTo("Hello from upstream.");
    RecordedRequest streamed = upstream.takeRequest();
    kind.checkRequest(streamed);
    assertThat(kind.streamRequested(streamed)).isTrue();

    upstream.enqueue(kind.toolCall());
    FunctionDefinition weather = OpenAiSdkTest.weatherFunction();
    ChatCompletion call = openai.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("gw-model").addUserMessage("Weather in Paris?").addFunctionTool(weather).build());
    ChatCompletionMessageFunctionToolCall toolCall =
        call.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
    assertThat(toolCall.id()).isEqualTo(kind.toolCallId());
    assertThat(toolCall.function().name()).isEqualTo("get_weather");
    assertThat(toolCall.function().arguments()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(call.choices().get(0).finishReason().toString()).isEqualTo("tool_calls");
    expectRequest(kind, body -> assertThat(body).contains("\"get_weather\"").contains("\"tools\""));
  }

  @SuppressWarnings("unchecked")
  @ParameterizedTest
  @EnumSource(Upstream.class)
  void theAnthropicSdkPlainStreamedAndToolUse(Upstream kind) throws Exception {
    start(kind);
    upstream.enqueue(kind.text("Hello from upstream."));
    Message message = anthropic.messages().create(MessageCreateParams.builder().model("gw-model").maxTokens(256)
        .addUserMessage("Hello").build());
    assertThat(message.content().get(0).asText().text()).isEqualTo("Hello from upstream.");
    assertThat(message.usage().inputTokens()).isEqualTo(9);
    expectRequest(kind, body -> assertThat(body).contains("\"Hello\""));

    upstream.enqueue(kind.stream(List.of("Hello", " from", " upstream.")));
    StringBuilder text = new StringBuilder();
    try (StreamResponse<RawMessageStreamEvent> events = anthropic.messages().createStreaming(
        MessageCreateParams.builder().model("gw-model").maxTokens(256).addUserMessage("Hello").build())) {
      events.stream().forEach(e -> e.contentBlockDelta().flatMap(d -> d.delta().text())
          .ifPresent(t -> text.append(t.text())));
    }
    assertThat(text.toString()).isEqualTo("Hello from upstream.");
    RecordedRequest streamed = upstream.takeRequest();
    kind.checkRequest(streamed);
    assertThat(kind.streamRequested(streamed)).isTrue();

    upstream.enqueue(kind.toolCall());
    Message toolUse = anthropic.messages().create(MessageCreateParams.builder().model("gw-model").maxTokens(256)
        .addUserMessage("Weather in Paris?")
        .addTool(Tool.builder().name("get_weather").description("Weather in a city")
            .inputSchema(Tool.InputSchema.builder()
                .properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
                .required(List.of("city")).build())
            .build())
        .build());
    ToolUseBlock use = toolUse.content().stream().filter(b -> b.isToolUse()).findFirst().orElseThrow().asToolUse();
    assertThat(use.id()).isEqualTo(kind.toolCallId());
    assertThat(use.name()).isEqualTo("get_weather");
    assertThat(use._input().convert(Map.class)).isEqualTo(Map.of("city", "Paris"));
    assertThat(toolUse.stopReason().orElseThrow().toString()).isEqualTo("tool_use");
    expectRequest(kind, body -> assertThat(body).contains("\"get_weather\""));
  }
}
