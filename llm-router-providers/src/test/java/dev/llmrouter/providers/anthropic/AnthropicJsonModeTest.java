package dev.llmrouter.providers.anthropic;

import static dev.llmrouter.providers.anthropic.AnthropicProviderTest.MESSAGE_STOP;
import static dev.llmrouter.providers.anthropic.AnthropicProviderTest.blockStart;
import static dev.llmrouter.providers.anthropic.AnthropicProviderTest.blockStop;
import static dev.llmrouter.providers.anthropic.AnthropicProviderTest.delta;
import static dev.llmrouter.providers.anthropic.AnthropicProviderTest.json;
import static dev.llmrouter.providers.anthropic.AnthropicProviderTest.messageDelta;
import static dev.llmrouter.providers.anthropic.AnthropicProviderTest.messageStart;
import static dev.llmrouter.providers.anthropic.AnthropicProviderTest.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.Reasoning;
import dev.llmrouter.api.ResponseFormat;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.api.Tool;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.api.spi.Secret;
import dev.llmrouter.providers.ProviderContractTest.Recorder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** OpenAI-style JSON mode against the Messages API, which does it with a tool the model is told to call. */
class AnthropicJsonModeTest {
  @StartStop
  private final MockWebServer server = new MockWebServer();

  private Provider provider;

  private Provider provider() {
    if (provider == null) {
      provider = new AnthropicProviderFactory().create(new DeploymentSettings("claude", "anthropic",
          "claude-sonnet-4-20250514", Secret.of("sk-ant-test"), server.url("/").toString(), null,
          Duration.ofSeconds(10), Duration.ofSeconds(10), Map.of(), Map.of()));
    }
    return provider;
  }

  @AfterEach
  void close() {
    if (provider != null) {
      provider.close();
    }
  }

  private static Map<String, Object> weatherSchema() {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", Map.of("city", Map.of("type", "string")));
    schema.put("required", List.of("city"));
    return schema;
  }

  private static ChatRequest.Builder weatherAsJson() {
    return ChatRequest.builder("claude-sonnet-4-20250514").user("Weather in Paris as JSON").maxTokens(256)
        .responseFormat(ResponseFormat.jsonSchema("weather", weatherSchema(), true));
  }

  /** A tool_use answer in the Messages API's format, as the model gives it for the JSON tool. */
  private static final String JSON_TOOL_ANSWER = """
      {"id":"msg_01JsonMode","type":"message","role":"assistant","model":"claude-sonnet-4-20250514",
       "content":[{"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9","name":"json_response",
                   "input":{"city":"Paris","temperature_c":18}}],
       "stop_reason":"tool_use","stop_sequence":null,
       "usage":{"input_tokens":412,"output_tokens":38}}
      """;

  @Test
  void aSchemaBecomesAForcedToolWhoseCallComesBackAsText() throws Exception {
    server.enqueue(json(JSON_TOOL_ANSWER));

    ChatResponse response = provider().chat(weatherAsJson().build());

    JsonAssert.assertJson(server.takeRequest().getBody().utf8(), """
        {"model":"claude-sonnet-4-20250514","max_tokens":256,
         "messages":[{"role":"user","content":[{"type":"text","text":"Weather in Paris as JSON"}]}],
         "tools":[{"name":"json_response",
                   "description":"Give your final answer by calling this tool; its input is the answer, a JSON object named 'weather' that matches the schema.",
                   "input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}],
         "tool_choice":{"type":"tool","name":"json_response"}}
        """);
    assertThat(response.text()).isEqualTo("{\"city\":\"Paris\",\"temperature_c\":18}");
    assertThat(response.toolCalls()).isEmpty();
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.rawFinishReason()).isEqualTo("tool_use");
    assertThat(response.usage().outputTokens()).isEqualTo(38);
  }

  @Test
  void jsonObjectModeAsksForAnyObject() throws Exception {
    server.enqueue(json(JSON_TOOL_ANSWER));
    provider().chat(ChatRequest.builder("claude-sonnet-4-20250514").user("Hi").maxTokens(64)
        .responseFormat(ResponseFormat.jsonObject()).build());
    assertThat(server.takeRequest().getBody().utf8())
        .contains("\"input_schema\":{\"type\":\"object\"}")
        .contains("\"tool_choice\":{\"type\":\"tool\",\"name\":\"json_response\"}");
  }

  @Test
  void withTheCallersToolsTheModelMustCallOneAndItsOwnCallsStayToolCalls() throws Exception {
    server.enqueue(json("""
        {"id":"msg_01Tools","type":"message","role":"assistant","model":"claude-sonnet-4-20250514",
         "content":[{"type":"tool_use","id":"toolu_01Weather","name":"get_weather","input":{"city":"Paris"}}],
         "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":500,"output_tokens":41}}
        """));

    ChatResponse response = provider().chat(weatherAsJson()
        .addTool(new Tool("get_weather", "Current weather for a city", weatherSchema())).build());

    String sent = server.takeRequest().getBody().utf8();
    assertThat(sent).contains("\"tools\":[{\"name\":\"get_weather\"").contains("{\"name\":\"json_response\"")
        .contains("\"tool_choice\":{\"type\":\"any\"}");
    assertThat(response.toolCalls()).extracting(c -> c.name()).containsExactly("get_weather");
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
  }

  @Test
  void withThinkingTheModelIsAskedNotForced() throws Exception {
    server.enqueue(json(JSON_TOOL_ANSWER));
    provider().chat(weatherAsJson().maxTokens(4096).reasoning(new Reasoning(null, 2048)).build());
    assertThat(server.takeRequest().getBody().utf8()).contains("\"tool_choice\":{\"type\":\"auto\"}")
        .contains("\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048}");
  }

  @Test
  void aStreamedJsonAnswerArrivesAsTextDeltas() throws Exception {
    server.enqueue(sse(
        messageStart("{\"input_tokens\":412,\"output_tokens\":1}"),
        blockStart(0, "{\"type\":\"tool_use\",\"id\":\"toolu_01Stream\",\"name\":\"json_response\",\"input\":{}}"),
        delta(0, "{\"type\":\"input_json_delta\",\"partial_json\":\"\"}"),
        delta(0, "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\": \"}"),
        delta(0, "{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Paris\\\"}\"}"),
        blockStop(0),
        messageDelta("tool_use", 38),
        MESSAGE_STOP));
    Recorder recorder = AnthropicProviderTest.newRecorder();

    provider().stream(weatherAsJson().build(), recorder);
    ChatResponse response = recorder.done.get(10, TimeUnit.SECONDS);

    assertThat(recorder.events).filteredOn(e -> e instanceof StreamEvent.BlockStart)
        .containsExactly(new StreamEvent.BlockStart(0, StreamEvent.BlockType.TEXT, null, null, null));
    assertThat(recorder.events).noneMatch(e -> e instanceof StreamEvent.ToolArgumentsDelta);
    assertThat(recorder.events).filteredOn(e -> e instanceof StreamEvent.TextDelta)
        .extracting(e -> ((StreamEvent.TextDelta) e).text()).containsExactly("", "{\"city\": ", "\"Paris\"}");
    assertThat(recorder.events).filteredOn(e -> e instanceof StreamEvent.MessageDelta)
        .extracting(e -> ((StreamEvent.MessageDelta) e).finishReason()).containsExactly(FinishReason.STOP);
    assertThat(response.text()).isEqualTo("{\"city\": \"Paris\"}");
    assertThat(response.toolCalls()).isEmpty();
    assertThat(server.takeRequest().getBody().utf8()).contains("\"tool_choice\":{\"type\":\"tool\"");
  }

  @Test
  void aCallersToolWithTheReservedNameIsRefusedBeforeAnyRequest() {
    ChatRequest clash = weatherAsJson().addTool(new Tool("json_response", "mine", Map.of())).build();
    assertThatThrownBy(() -> provider().chat(clash)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("json_response");
    assertThat(server.getRequestCount()).isZero();
  }
}
