package dev.llmrouter.server;

import static dev.llmrouter.server.ProxyFixture.MASTER_KEY;
import static dev.llmrouter.server.ProxyFixture.PROVIDER_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.wire.JsonIo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request Claude Code (2.1.330) and the Anthropic JS SDK were seen sending to {@code /v1/messages} and
 * {@code /v1/messages/count_tokens} ({@code src/test/resources/claude-code/*.jsonl}, captured on the wire, secrets
 * masked), replayed through the proxy with its headers: to an Anthropic upstream, which must receive the body as
 * captured (equal as JSON) and the same {@code anthropic-*} headers, and to an OpenAI upstream, which must receive a
 * valid Chat Completions body with nothing of Anthropic's left in it. Either way the answer must be a valid
 * Anthropic stream (or message, or token count).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClaudeCodeCapturesTest {
  private static final String[] FILES = {"claude-code-p-text.jsonl", "claude-code-p-bash-tool.jsonl",
      "claude-code-p-explore-subagent.jsonl", "claude-code-p-disable-experimental-betas.jsonl",
      "claude-code-p-x-api-key.jsonl", "claude-code-interactive-context-and-compact.jsonl",
      "claude-code-interactive-model-discovery.jsonl", "sdk-openai-and-anthropic.jsonl"};
  /** Top-level fields a Chat Completions request may carry as the proxy sends it. */
  private static final Set<String> OPENAI_FIELDS = Set.of("model", "messages", "stream", "stream_options", "tools",
      "tool_choice", "parallel_tool_calls", "temperature", "top_p", "max_tokens", "max_completion_tokens", "stop",
      "user", "reasoning_effort");
  /** Words of Anthropic's format that must not reach an OpenAI upstream anywhere in the body. */
  private static final List<String> ANTHROPIC_ONLY = List.of("cache_control", "defer_loading", "input_schema",
      "\"tool_use\"", "\"tool_result\"", "tool_use_id", "context_management", "output_config", "safeguards",
      "x-anthropic-billing-header", "\"thinking\"", "DeferredToolPlaceholder");

  private final MockWebServer anthropicUpstream = new MockWebServer();
  private final MockWebServer openAiUpstream = new MockWebServer();
  private final MockWebServer bedrockUpstream = new MockWebServer();
  private ProxyFixture toAnthropic;
  private ProxyFixture toOpenAi;
  private ProxyFixture toBedrock;

  @BeforeAll
  void start() throws Exception {
    anthropicUpstream.start();
    openAiUpstream.start();
    toAnthropic = start("anthropic", anthropicUpstream);
    toOpenAi = start("openai", openAiUpstream);
    bedrockUpstream.start();
    toBedrock = startBedrock();
  }

  /** Claude on Bedrock behind both aliases; the upstream answers Bedrock's way (chunk frames for a stream). */
  private ProxyFixture startBedrock() throws Exception {
    String modelList = "";
    for (String name : List.of("test-model", "mock-model")) {
      modelList += "  - model_name: " + name + "\n    litellm_params: {model: bedrock/us.anthropic.claude-sonnet-4-5-"
          + "20250929-v1:0, api_base: \"" + bedrockUpstream.url("/") + "\", aws_region_name: us-west-2, "
          + "aws_access_key_id: AKIAIOSFODNN7EXAMPLE, aws_secret_access_key: " + PROVIDER_KEY + "}\n";
    }
    ProxyFixture proxy = ProxyFixture.start("model_list:\n" + modelList + """
        router_settings:
          num_retries: 0
        general_settings:
          master_key: %s
          max_request_size_mb: 5
        """.formatted(MASTER_KEY));
    bedrockUpstream.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (!request.getUrl().encodedPath().endsWith("/invoke-with-response-stream")) {
          return UpstreamBodies.anthropicText("Hi there");
        }
        okio.Buffer body = new okio.Buffer();
        for (String event : UpstreamBodies.anthropicTextEvents("Hi", " there")) {
          String data = event.substring(event.indexOf("data: ") + 6).trim();
          body.write(ProvidersThroughTheProxyTest.Bedrock.frame("chunk", "{\"bytes\":\"" + java.util.Base64
              .getEncoder().encodeToString(data.getBytes(StandardCharsets.UTF_8)) + "\",\"p\":\"abcdef\"}"));
        }
        return new MockResponse.Builder().addHeader("Content-Type", "application/vnd.amazon.eventstream")
            .body(body).build();
      }
    });
    return proxy;
  }

  @AfterAll
  void stop() throws Exception {
    try {
      toAnthropic.assertNoKeyLeaked();
      toOpenAi.assertNoKeyLeaked();
      toBedrock.assertNoKeyLeaked();
    } finally {
      toAnthropic.close();
      toOpenAi.close();
      toBedrock.close();
      bedrockUpstream.close();
      anthropicUpstream.close();
      openAiUpstream.close();
    }
  }

  /** One captured request: its file, line, path, headers and body. */
  record Capture(String file, int seq, String path, Map<String, Object> headers, Map<String, Object> body) {
    @Override
    public String toString() {
      return file + "#" + seq + " " + path;
    }

    boolean stream() {
      return Boolean.TRUE.equals(body.get("stream"));
    }
  }

  @SuppressWarnings("unchecked")
  static Stream<Capture> captures() throws IOException {
    List<Capture> out = new ArrayList<>();
    for (String file : FILES) {
      try (InputStream in = ClaudeCodeCapturesTest.class.getResourceAsStream("/claude-code/" + file);
           BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          Map<String, Object> c = (Map<String, Object>) JsonIo.parse(line.getBytes(StandardCharsets.UTF_8));
          String path = (String) c.get("path");
          if (path.startsWith("/v1/messages")) {
            out.add(new Capture(file, ((Number) c.get("seq")).intValue(), path, (Map<String, Object>) c.get("headers"),
                (Map<String, Object>) c.get("body")));
          }
        }
      }
    }
    assertThat(out).hasSizeGreaterThan(40);
    return out.stream();
  }

  private static ProxyFixture start(String kind, MockWebServer upstream) throws Exception {
    String params = kind.equals("anthropic")
        ? "{model: anthropic/%s, api_base: \"%s\", api_key: %s}"
        : "{model: openai/gpt-4o-mini, api_base: \"%s\", api_key: %s}";
    String modelList = "";
    for (String name : List.of("test-model", "mock-model")) {
      String p = kind.equals("anthropic") ? params.formatted(name, upstream.url("/"), PROVIDER_KEY)
          : params.formatted(upstream.url("/v1"), PROVIDER_KEY);
      modelList += "  - model_name: " + name + "\n    litellm_params: " + p + "\n";
    }
    ProxyFixture proxy = ProxyFixture.start("model_list:\n" + modelList + """
        router_settings:
          num_retries: 0
        general_settings:
          master_key: %s
          max_request_size_mb: 5
        """.formatted(MASTER_KEY));
    upstream.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String target = request.getTarget();
        boolean stream = request.getBody().utf8().contains("\"stream\":true");
        if (target.endsWith("/count_tokens")) {
          return UpstreamBodies.json("{\"input_tokens\":1234}");
        }
        if (target.endsWith("/chat/completions")) {
          return stream ? UpstreamBodies.openAiStream(UpstreamBodies.openAiTextChunks("Hi", " there"))
              : UpstreamBodies.openAiText("Hi there");
        }
        return stream ? UpstreamBodies.anthropicStream(UpstreamBodies.anthropicTextEvents("Hi", " there"))
            : UpstreamBodies.anthropicText("Hi there");
      }
    });
    return proxy;
  }

  /** Sends the capture to the proxy as Claude Code did: its path and query, its headers, our key. */
  private static HttpResponse<String> replay(ProxyFixture proxy, Capture c) throws Exception {
    List<String> headers = new ArrayList<>(List.of("Authorization", "Bearer " + MASTER_KEY));
    c.headers().forEach((name, value) -> {
      if (name.startsWith("anthropic-") || name.startsWith("x-stainless") || name.equals("user-agent")
          || name.equals("x-app") || name.equals("x-claude-code-session-id")) {
        if (!name.equals("user-agent")) {
          headers.add(name);
          headers.add(String.valueOf(value));
        }
      }
    });
    String query = c.file().startsWith("claude-code") ? "?beta=true" : "";
    return proxy.post(c.path() + query, JsonIo.toJson(c.body()), headers.toArray(new String[0]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void toAnAnthropicUpstreamTheBodyAndHeadersGoAsCaptured(Capture c) throws Exception {
    HttpResponse<String> r = replay(toAnthropic, c);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    RecordedRequest sent = anthropicUpstream.takeRequest();
    assertThat(sent.getTarget()).isEqualTo(c.path());
    assertThat(JsonIo.parse(sent.getBody().toByteArray())).as("the body, as JSON").isEqualTo(c.body());
    c.headers().forEach((name, value) -> {
      if (name.startsWith("anthropic-")) {
        assertThat(sent.getHeaders().get(name)).as(name).isEqualTo(value);
      }
    });
    assertThat(sent.getHeaders().get("x-api-key")).isEqualTo(PROVIDER_KEY);
    assertThat(sent.getHeaders().get("authorization")).as("the caller's key stays with the proxy").isNull();
    assertValidAnswer(c, r);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void toAnOpenAiUpstreamTheBodyIsAValidChatCompletionsRequest(Capture c) throws Exception {
    int before = openAiUpstream.getRequestCount();
    HttpResponse<String> r = replay(toOpenAi, c);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertValidAnswer(c, r);
    if (c.path().endsWith("/count_tokens")) {
      assertThat(openAiUpstream.getRequestCount()).as("counted locally").isEqualTo(before);
      return;
    }
    RecordedRequest sent = openAiUpstream.takeRequest();
    assertThat(sent.getTarget()).isEqualTo("/v1/chat/completions");
    String text = sent.getBody().utf8();
    @SuppressWarnings("unchecked")
    Map<String, Object> body = (Map<String, Object>) JsonIo.parse(sent.getBody().toByteArray());
    assertThat(OPENAI_FIELDS).containsAll(body.keySet());
    assertThat(body.get("model")).isEqualTo("gpt-4o-mini");
    assertThat(((Number) body.get("max_tokens")).longValue()).as("cut to gpt-4o-mini's output limit")
        .isLessThanOrEqualTo(16384);
    for (String word : ANTHROPIC_ONLY) {
      assertThat(text).as("no Anthropic-only " + word).doesNotContain(word);
    }
    assertOpenAiMessages(body);
  }

  /**
   * To Claude on Bedrock: the captured body as it is, but for Bedrock's rule (no {@code model}, no {@code stream},
   * {@code anthropic_version: bedrock-2023-05-31}, and of the captured betas those Bedrock serves, in the body),
   * signed; a token count is counted by the proxy (Bedrock's Claude has no count endpoint here).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void toClaudeOnBedrockTheBodyGoesAsCapturedByBedrocksRule(Capture c) throws Exception {
    int before = bedrockUpstream.getRequestCount();
    HttpResponse<String> r = replay(toBedrock, c);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertValidAnswer(c, r);
    if (c.path().endsWith("/count_tokens")) {
      assertThat(bedrockUpstream.getRequestCount()).as("counted locally").isEqualTo(before);
      return;
    }
    RecordedRequest sent = bedrockUpstream.takeRequest();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/"
        + (c.stream() ? "invoke-with-response-stream" : "invoke"));
    assertThat(sent.getHeaders().get("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/")
        .contains("/us-west-2/bedrock/aws4_request");
    assertThat(sent.getHeaders().get("anthropic-beta")).isNull();
    Map<String, Object> expected = new java.util.LinkedHashMap<>();
    expected.put("anthropic_version", "bedrock-2023-05-31");
    c.body().forEach((k, v) -> {
      if (!k.equals("model") && !k.equals("stream")) {
        expected.put(k, v);
      }
    });
    Object betas = c.headers().get("anthropic-beta");
    if (betas != null) {
      List<String> kept = java.util.Arrays.stream(String.valueOf(betas).split(",")).map(String::trim)
          .filter(BEDROCK_BETAS::contains).toList();
      if (!kept.isEmpty()) {
        expected.put("anthropic_beta", kept);
      }
    }
    assertThat(JsonIo.parse(sent.getBody().toByteArray())).as("the body, as JSON").isEqualTo(expected);
  }

  /** The betas AWS documents for Claude on Bedrock (the provider's list, written out again here). */
  private static final Set<String> BEDROCK_BETAS = Set.of("computer-use-2024-10-22", "computer-use-2025-01-24",
      "computer-use-2025-11-24", "token-efficient-tools-2025-02-19", "interleaved-thinking-2025-05-14",
      "output-128k-2025-02-19", "dev-full-thinking-2025-05-14", "context-1m-2025-08-07",
      "context-management-2025-06-27", "effort-2025-11-24", "tool-search-tool-2025-10-19",
      "tool-examples-2025-10-29", "fine-grained-tool-streaming-2025-05-14");

  @SuppressWarnings("unchecked")
  private static void assertOpenAiMessages(Map<String, Object> body) {
    List<Object> messages = (List<Object>) body.get("messages");
    assertThat(messages).isNotEmpty();
    for (Object o : messages) {
      Map<String, Object> m = (Map<String, Object>) o;
      assertThat(m.get("role")).isIn("system", "user", "assistant", "tool");
      if (m.get("role").equals("tool")) {
        assertThat(m.get("tool_call_id")).isInstanceOf(String.class);
        assertThat(m.get("content")).isInstanceOf(String.class);
      } else if (m.get("content") instanceof List<?> parts) {
        for (Object part : parts) {
          assertThat(((Map<String, Object>) part).get("type")).isIn("text", "image_url");
        }
      }
      if (m.get("tool_calls") instanceof List<?> calls) {
        for (Object call : calls) {
          Map<String, Object> fn = (Map<String, Object>) ((Map<String, Object>) call).get("function");
          assertThat(fn.get("arguments")).isInstanceOf(String.class);
        }
      }
    }
    if (body.get("tools") instanceof List<?> tools) {
      for (Object t : tools) {
        Map<String, Object> tool = (Map<String, Object>) t;
        assertThat(tool.get("type")).isEqualTo("function");
        assertThat(((Map<String, Object>) tool.get("function")).keySet()).contains("name", "parameters");
      }
    }
  }

  private static void assertValidAnswer(Capture c, HttpResponse<String> r) {
    if (c.path().endsWith("/count_tokens")) {
      Object n = ((Map<?, ?>) JsonIo.parse(r.body().getBytes(StandardCharsets.UTF_8))).get("input_tokens");
      assertThat(n).isInstanceOfSatisfying(Long.class, v -> assertThat(v).isPositive());
    } else if (c.stream()) {
      assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v)
          .startsWith("text/event-stream"));
      AnthropicStreams.assertValid(r.body());
    } else {
      Map<?, ?> message = (Map<?, ?>) JsonIo.parse(r.body().getBytes(StandardCharsets.UTF_8));
      assertThat(message.get("type")).isEqualTo("message");
      assertThat(message.get("content")).isInstanceOf(List.class);
    }
  }
}
