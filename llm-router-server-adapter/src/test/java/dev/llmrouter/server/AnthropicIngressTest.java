package dev.llmrouter.server;

import static dev.llmrouter.server.ProxyFixture.MASTER_KEY;
import static dev.llmrouter.server.ProxyFixture.PROVIDER_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.wire.JsonIo;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Messages API at the edges: failures mid-stream and before it, disconnects, keep-alives, base paths, the models
 * list, the ways to present a key, wildcard routes and group aliases, Anthropic's error shape on every path under
 * {@code /v1/messages}, and what avante.nvim's two providers send.
 */
class AnthropicIngressTest {
  @StartStop
  private final MockWebServer upstream = new MockWebServer();
  private ProxyFixture proxy;

  @AfterEach
  void stop() throws Exception {
    if (proxy != null) {
      proxy.assertNoKeyLeaked();
      proxy.close();
    }
  }

  private void start(String modelList) throws Exception {
    proxy = ProxyFixture.start(config(modelList, ""));
  }

  private static String config(String modelList, String more) {
    return """
        model_list:
        %s
        router_settings:
          num_retries: 0
        %s
        general_settings:
          master_key: %s
          max_request_size_mb: 0.05
        """.formatted(modelList.indent(2).stripTrailing(), more, MASTER_KEY);
  }

  private String anthropicDeployment(String alias) {
    return "- model_name: " + alias + "\n  litellm_params: {model: anthropic/claude-sonnet-4-5, api_base: \""
        + upstream.url("/") + "\", api_key: " + PROVIDER_KEY + "}";
  }

  private String openAiDeployment(String alias, String model) {
    return "- model_name: \"" + alias + "\"\n  litellm_params: {model: \"openai/" + model + "\", api_base: \""
        + upstream.url("/v1") + "\", api_key: " + PROVIDER_KEY + "}";
  }

  private static String body(String model, boolean stream) {
    return "{\"model\":\"" + model + "\",\"max_tokens\":1024,\"stream\":" + stream
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
  }

  private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    List<String> all = new ArrayList<>(List.of("anthropic-version", "2023-06-01"));
    all.addAll(List.of(headers));
    return proxy.post(path, body, all.toArray(new String[0]));
  }

  private HttpResponse<String> authorized(String path, String body) throws Exception {
    return post(path, body, "x-api-key", MASTER_KEY);
  }

  private static void assertAnthropicError(HttpResponse<String> r, int status, String type) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    Map<?, ?> json = (Map<?, ?>) JsonIo.parse(r.body().getBytes(StandardCharsets.UTF_8));
    assertThat(json.get("type")).isEqualTo("error");
    Map<?, ?> error = (Map<?, ?>) json.get("error");
    assertThat(error.get("type")).isEqualTo(type);
    assertThat(error.get("message")).isInstanceOf(String.class);
    assertThat(r.headers().firstValue("request-id")).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
  }

  // ---- failures and disconnects

  @Test
  void anUpstreamErrorMidStreamEndsTheStreamWithAnErrorEvent() throws Exception {
    start(anthropicDeployment("claude-gw"));
    List<String> events = UpstreamBodies.anthropicTextEvents("Hel", "lo");
    List<String> cut = new ArrayList<>(events.subList(0, 4));
    cut.add(UpstreamBodies.event("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
        + "\"message\":\"Overloaded\"}}"));
    upstream.enqueue(UpstreamBodies.anthropicStream(cut));

    HttpResponse<String> r = authorized("/v1/messages", body("claude-gw", true));

    assertThat(r.statusCode()).isEqualTo(200);
    List<Map.Entry<String, Map<String, Object>>> got = AnthropicStreams.events(r.body());
    assertThat(got.get(0).getKey()).isEqualTo("message_start");
    assertThat(r.body()).contains("\"text\":\"Hel\"").doesNotContain("message_stop");
    Map.Entry<String, Map<String, Object>> last = got.get(got.size() - 1);
    assertThat(last.getKey()).isEqualTo("error");
    assertThat(((Map<?, ?>) last.getValue().get("error")).get("type")).isEqualTo("overloaded_error");
  }

  @Test
  void aConnectionResetMidStreamFromAnOpenAiUpstreamEndsWithAnErrorEvent() throws Exception {
    FaultyUpstream faulty = new FaultyUpstream();
    upstream.setDispatcher(faulty);
    String base = faulty.apiBase(upstream, FaultyUpstream.Fault.RESET_MID_RESPONSE);
    proxy = ProxyFixture.start(config("- model_name: gw\n  litellm_params: {model: openai/gpt-4o-mini, api_base: \""
        + base + "\", api_key: " + PROVIDER_KEY + "}", ""));

    HttpResponse<String> r = authorized("/v1/messages", body("gw", true));

    assertThat(r.statusCode()).isEqualTo(200);
    List<Map.Entry<String, Map<String, Object>>> got = AnthropicStreams.events(r.body());
    assertThat(got.get(got.size() - 1).getKey()).isEqualTo("error");
    assertThat(((Map<?, ?>) got.get(got.size() - 1).getValue().get("error")).get("type")).isEqualTo("api_error");
  }

  @Test
  void aFailureBeforeTheFirstByteStillFallsBack() throws Exception {
    proxy = ProxyFixture.start(config(anthropicDeployment("primary") + "\n"
        + "- model_name: backup\n  litellm_params: {model: mock/backup, mock_response: \"From the backup.\"}",
        "  fallbacks: [{primary: [backup]}]"));
    upstream.enqueue(UpstreamBodies.anthropicError(529, "overloaded_error", "Overloaded"));

    HttpResponse<String> r = authorized("/v1/messages", body("primary", true));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<Map.Entry<String, Map<String, Object>>> events = AnthropicStreams.assertValid(r.body());
    assertThat(r.body()).contains("\"text\":\"backup.\"");
    Map<?, ?> message = (Map<?, ?>) events.get(0).getValue().get("message");
    assertThat(message.get("model")).as("the alias that served").isEqualTo("backup");
    assertThat(r.headers().firstValue(RoutingHeaders.MODEL_GROUP)).contains("backup");
  }

  @Test
  void aClientThatLeavesMidStreamCancelsTheUpstreamWithinASecond() throws Exception {
    try (HangingUpstream hanging = new HangingUpstream()) {
      String base = hanging.apiBase().replace("/v1", "");
      proxy = ProxyFixture.start(config("- model_name: hang\n  litellm_params: {model: anthropic/claude-x, "
          + "api_base: \"" + base + "\", api_key: " + PROVIDER_KEY + ", timeout: 30}", ""));
      try (RawHttp raw = new RawHttp(proxy.server.port())) {
        raw.send("POST /v1/messages?beta=true HTTP/1.1", "Host: localhost", body("hang", true));
        assertThat(hanging.arrived.await(10, TimeUnit.SECONDS)).isTrue();
      } // the client leaves
      assertThat(hanging.closedByGateway.await(1000, TimeUnit.MILLISECONDS))
          .as("the upstream request was closed within a second of the client leaving").isTrue();
      String callId = proxy.calls.starts.keySet().iterator().next();
      assertThat(proxy.calls.endOf(callId, Duration.ofSeconds(5))).isInstanceOf(CancellationException.class);
    }
  }

  @Test
  void aSilentUpstreamGapGetsPingsAndTheStreamGoesOn() throws Exception {
    List<String> events = UpstreamBodies.anthropicTextEvents("after the gap");
    // message_start and the block start, then silence; the upstream's own ping (index 2) is left out
    try (GatedUpstream gated = new GatedUpstream(String.join("", events.subList(0, 2)),
        String.join("", events.subList(3, events.size())))) {
      proxy = ProxyFixture.start(config("- model_name: slow\n  litellm_params: {model: anthropic/claude-x, "
          + "api_base: \"" + gated.base() + "\", api_key: " + PROVIDER_KEY + "}", ""), Duration.ofMillis(100));
      HttpRequest request = HttpRequest.newBuilder(URI.create(proxy.baseUrl() + "/v1/messages"))
          .header("content-type", "application/json").header("x-api-key", MASTER_KEY)
          .POST(HttpRequest.BodyPublishers.ofString(body("slow", true))).build();
      HttpResponse<Stream<String>> r = proxy.http.send(request, HttpResponse.BodyHandlers.ofLines());
      StringBuilder seen = new StringBuilder();
      Iterator<String> lines = r.body().iterator();
      while (lines.hasNext()) {
        String line = lines.next();
        seen.append(line).append('\n');
        if (line.equals("event: ping")) {
          gated.gate.countDown(); // the gateway kept the stream alive; now the upstream goes on
        }
      }
      assertThat(seen.toString()).contains("event: ping").contains("after the gap");
      AnthropicStreams.assertValid(seen.toString());
    }
  }

  // ---- paths, keys, model names

  @Test
  void theProxyAnswersUnderABasePath() throws Exception {
    start(anthropicDeployment("claude-gw"));
    upstream.enqueue(UpstreamBodies.anthropicText("Hi"));

    HttpResponse<String> r = authorized("/some/prefix/v1/messages?beta=true", body("claude-gw", false));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("\"type\":\"message\"");
    assertThat(upstream.takeRequest().getTarget()).isEqualTo("/v1/messages");
  }

  @Test
  void theModelsListIsInAnthropicsShapeForAnAnthropicClient() throws Exception {
    proxy = ProxyFixture.start(config(anthropicDeployment("claude-gw") + "\n" + openAiDeployment("claude-*", "gpt-4o"),
        "  model_group_alias: {claude-sonnet-5-5: claude-gw}"));

    HttpResponse<String> anthropic = proxy.get("/v1/models?limit=1000", "x-api-key", MASTER_KEY,
        "anthropic-version", "2023-06-01");
    HttpResponse<String> openAi = proxy.get("/v1/models", "Authorization", "Bearer " + MASTER_KEY);

    assertThat(anthropic.statusCode()).isEqualTo(200);
    Map<?, ?> list = (Map<?, ?>) JsonIo.parse(anthropic.body().getBytes(StandardCharsets.UTF_8));
    assertThat(list.get("has_more")).isEqualTo(false);
    assertThat(list.get("first_id")).isEqualTo("claude-gw");
    assertThat(list.get("last_id")).isEqualTo("claude-sonnet-5-5");
    List<?> data = (List<?>) list.get("data");
    assertThat(data).hasSize(2);
    Map<?, ?> first = (Map<?, ?>) data.get(0);
    assertThat(first.get("type")).isEqualTo("model");
    assertThat(first.get("display_name")).isEqualTo("claude-gw");
    assertThat((String) first.get("created_at")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(openAi.body()).contains("\"object\":\"list\"").contains("\"id\":\"claude-gw\"")
        .doesNotContain("claude-*");
  }

  @Test
  void theKeyMayComeInAnyOfTheHeadersClientsUse() throws Exception {
    start(anthropicDeployment("claude-gw"));
    for (int i = 0; i < 4; i++) {
      upstream.enqueue(UpstreamBodies.anthropicText("Hi"));
    }
    assertThat(post("/v1/messages", body("claude-gw", false), "x-api-key", MASTER_KEY).statusCode())
        .isEqualTo(200);
    assertThat(post("/v1/messages", body("claude-gw", false), "Authorization", "Bearer " + MASTER_KEY).statusCode())
        .isEqualTo(200);
    assertThat(post("/v1/messages", body("claude-gw", false), "x-api-key", MASTER_KEY, "Authorization",
        "Bearer " + MASTER_KEY).statusCode()).as("both, as the Anthropic SDK sends them").isEqualTo(200);
    assertThat(post("/v1/messages", body("claude-gw", false), "Authorization", "Bearer some-claude-code-token",
        "x-litellm-api-key", "Bearer " + MASTER_KEY).statusCode())
        .as("x-litellm-api-key beside another token (ANTHROPIC_CUSTOM_HEADERS)").isEqualTo(200);
    assertAnthropicError(post("/v1/messages", body("claude-gw", false), "x-api-key", "sk-wrong"), 401,
        "authentication_error");
    assertAnthropicError(post("/v1/messages", body("claude-gw", false)), 401, "authentication_error");
  }

  @Test
  void wildcardRoutesAndGroupAliasesCatchClaudeCodesModelNames() throws Exception {
    proxy = ProxyFixture.start(config(openAiDeployment("gw-main", "gpt-4o") + "\n"
        + openAiDeployment("claude-*", "gpt-4o-mini") + "\n" + openAiDeployment("*", "*"),
        "  model_group_alias: {claude-opus-5-5: gw-main}"));
    for (int i = 0; i < 3; i++) {
      upstream.enqueue(UpstreamBodies.openAiText("Hi"));
    }

    HttpResponse<String> alias = authorized("/v1/messages", body("claude-opus-5-5", false));
    HttpResponse<String> wildcard = authorized("/v1/messages", body("claude-haiku-5-5", false));
    HttpResponse<String> anything = authorized("/v1/messages", body("qwen2.5-coder:7b", false));

    assertThat(List.of(alias.statusCode(), wildcard.statusCode(), anything.statusCode())).containsOnly(200);
    assertThat(upstream.takeRequest().getBody().utf8()).contains("\"model\":\"gpt-4o\"");
    assertThat(upstream.takeRequest().getBody().utf8()).contains("\"model\":\"gpt-4o-mini\"");
    assertThat(upstream.takeRequest().getBody().utf8()).as("model: openai/* passes the name on")
        .contains("\"model\":\"qwen2.5-coder:7b\"");
    assertThat(alias.body()).contains("\"model\":\"gw-main\"");
    assertThat(wildcard.body()).as("a wildcard alias reports the name asked for")
        .contains("\"model\":\"claude-haiku-5-5\"");
  }

  // ---- Anthropic's error shape on every path under /v1/messages

  @Test
  void everyErrorUnderTheMessagesPathsIsInAnthropicsShape() throws Exception {
    start(anthropicDeployment("claude-gw"));
    assertAnthropicError(proxy.get("/v1/messages", "x-api-key", MASTER_KEY), 405, "invalid_request_error");
    assertAnthropicError(authorized("/v1/messages/batches/nope", "{}"), 404, "not_found_error");
    assertAnthropicError(authorized("/v1/messages", "{\"model\":\"claude-gw\",\"max_tokens\":10,\"messages\":["
        + "{\"role\":\"user\",\"content\":\"" + "x".repeat(60_000) + "\"}]}"), 413, "request_too_large");
    assertAnthropicError(authorized("/v1/messages", "{\"model\":\"claude-gw\",\"messages\":[]}"), 400,
        "invalid_request_error");
    assertAnthropicError(authorized("/v1/messages", "{not json"), 400, "invalid_request_error");
    assertAnthropicError(post("/v1/messages", body("claude-gw", false), "x-api-key", MASTER_KEY, "Content-Type",
        "application/x-www-form-urlencoded"), 415, "invalid_request_error");
    assertAnthropicError(authorized("/v1/messages", body("nope", false)), 404, "not_found_error");
    upstream.enqueue(UpstreamBodies.anthropicError(429, "rate_limit_error", "slow down"));
    assertAnthropicError(authorized("/v1/messages", body("claude-gw", false)), 429, "rate_limit_error");
    assertThat(proxy.get("/v1/chat/nope").body()).as("OpenAI paths keep OpenAI's shape")
        .startsWith("{\"error\":{\"message\"");
  }

  // ---- avante.nvim

  @Test
  void avantesClaudeProviderGoesThroughToAnOpenAiModel() throws Exception {
    start(openAiDeployment("avante-model", "gpt-4o"));
    upstream.enqueue(UpstreamBodies.openAiToolCallStream("call_9", "str_replace_based_edit_tool",
        "{\"command\":\"view\",", "\"path\":\"/tmp/a.lua\"}"));
    String avante = """
        {"model":"avante-model","max_tokens":20480,"temperature":0.75,"stream":true,
         "system":[{"type":"text","text":"You are an excellent programming expert.","cache_control":{"type":"ephemeral"}}],
         "messages":[{"role":"user","content":[{"type":"text","text":"Look at a.lua","cache_control":{"type":"ephemeral"}}]}],
         "tools":[{"name":"ls","description":"List files","input_schema":{"type":"object","properties":{"path":{"type":"string"}}}},
                  {"type":"text_editor_20250728","name":"str_replace_based_edit_tool","cache_control":{"type":"ephemeral"}}]}
        """;

    HttpResponse<String> r = post("/v1/messages", avante, "x-api-key", MASTER_KEY, "anthropic-beta",
        "prompt-caching-2024-07-31");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    AnthropicStreams.assertValid(r.body());
    assertThat(r.body()).contains("\"name\":\"str_replace_based_edit_tool\"").contains("\"stop_reason\":\"tool_use\"");
    String sent = upstream.takeRequest().getBody().utf8();
    assertThat(sent).contains("\"name\":\"str_replace_based_edit_tool\"").contains("\"old_str\"")
        .contains("\"max_tokens\":16384").doesNotContain("cache_control").doesNotContain("text_editor_20250728");
  }

  @Test
  void avantesClaudeProviderPassesThroughToAnthropic() throws Exception {
    start(anthropicDeployment("avante-model"));
    upstream.enqueue(UpstreamBodies.anthropicStream(UpstreamBodies.anthropicTextEvents("ok")));
    String avante = "{\"model\":\"avante-model\",\"max_tokens\":20480,\"stream\":true,\"system\":[{\"type\":\"text\","
        + "\"text\":\"sys\",\"cache_control\":{\"type\":\"ephemeral\"}}],\"messages\":[{\"role\":\"user\",\"content\":"
        + "\"hi\"}],\"tools\":[{\"type\":\"text_editor_20250728\",\"name\":\"str_replace_based_edit_tool\"}]}";

    HttpResponse<String> r = post("/v1/messages", avante, "x-api-key", MASTER_KEY, "anthropic-beta",
        "prompt-caching-2024-07-31");

    assertThat(r.statusCode()).isEqualTo(200);
    RecordedRequest sent = upstream.takeRequest();
    assertThat(sent.getHeaders().get("anthropic-beta")).isEqualTo("prompt-caching-2024-07-31");
    assertThat(sent.getBody().utf8()).contains("\"type\":\"text_editor_20250728\"")
        .contains("\"model\":\"claude-sonnet-4-5\"");
  }

  @Test
  void avantesOpenAiProviderGetsChunksItCanRead() throws Exception {
    start(anthropicDeployment("avante-model"));
    // an Anthropic answer with text, then a tool call: OpenAI chunks must never carry both in one chunk
    List<String> events = new ArrayList<>(UpstreamBodies.anthropicTextEvents("Let me look."));
    events.remove(events.size() - 1); // message_stop
    events.remove(events.size() - 1); // message_delta
    events.add(UpstreamBodies.event("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,"
        + "\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"view\",\"input\":{}}}"));
    events.add(UpstreamBodies.event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,"
        + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"path\\\":\"}}"));
    events.add(UpstreamBodies.event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,"
        + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"a.lua\\\"}\"}}"));
    events.add(UpstreamBodies.event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}"));
    events.add(UpstreamBodies.event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
        + "\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":30}}"));
    events.add(UpstreamBodies.event("message_stop", "{\"type\":\"message_stop\"}"));
    upstream.enqueue(UpstreamBodies.anthropicStream(events));
    String avante = "{\"model\":\"avante-model\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
        + "\"max_completion_tokens\":20480,\"messages\":[{\"role\":\"system\",\"content\":\"sys\"},{\"role\":\"user\","
        + "\"content\":\"look at a.lua\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"view\","
        + "\"description\":\"View a file\",\"parameters\":{\"type\":\"object\",\"properties\":{\"path\":"
        + "{\"type\":\"string\"}}}}}]}";

    HttpResponse<String> r = proxy.post("/v1/chat/completions", avante, "Authorization", "Bearer " + MASTER_KEY);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).endsWith("data: [DONE]\n\n");
    String finish = null;
    StringBuilder arguments = new StringBuilder();
    for (String event : r.body().split("\n\n")) {
      assertThat(event).as(r.body()).startsWith("data: ");
      String data = event.substring("data: ".length());
      if (data.equals("[DONE]")) {
        continue;
      }
      Map<?, ?> chunk = (Map<?, ?>) JsonIo.parse(data.getBytes(StandardCharsets.UTF_8));
      for (Object c : (List<?>) chunk.get("choices")) {
        Map<?, ?> delta = (Map<?, ?>) ((Map<?, ?>) c).get("delta");
        boolean content = delta.get("content") instanceof String s && !s.isEmpty();
        assertThat(content && delta.containsKey("tool_calls")).as("content and tool calls in one chunk").isFalse();
        if (delta.get("tool_calls") instanceof List<?> calls) {
          for (Object call : calls) {
            Map<?, ?> fn = (Map<?, ?>) ((Map<?, ?>) call).get("function");
            assertThat(fn).as("a function object on every tool-call fragment").isNotNull();
            arguments.append(fn.get("arguments"));
          }
        }
        if (((Map<?, ?>) c).get("finish_reason") != null) {
          finish = (String) ((Map<?, ?>) c).get("finish_reason");
        }
      }
    }
    assertThat(finish).isEqualTo("tool_calls");
    assertThat(arguments.toString()).isEqualTo("{\"path\":\"a.lua\"}");
    assertThat(upstream.takeRequest().getBody().utf8()).contains("\"max_tokens\":20480");
  }
}
