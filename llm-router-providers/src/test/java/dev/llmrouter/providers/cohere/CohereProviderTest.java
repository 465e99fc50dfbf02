package dev.llmrouter.providers.cohere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.ContextWindowExceededException;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.Message;
import dev.llmrouter.api.Role;
import dev.llmrouter.api.ToolChoice;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.providers.ProviderContractTest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * Cohere's v2 Chat API against MockWebServer, with bodies in its wire format: {@code message.content} as typed parts,
 * {@code tool_plan} and {@code tool_calls}, {@code finish_reason} in capitals, {@code usage} with {@code billed_units}
 * and {@code tokens}; the stream's typed events ({@code message-start}, {@code content-start/-delta/-end},
 * {@code tool-plan-delta}, {@code tool-call-start/-delta/-end}, {@code message-end}); errors as
 * {@code {"id", "message"}}. References: https://docs.cohere.com/reference/chat,
 * https://docs.cohere.com/reference/chat-stream, https://docs.cohere.com/docs/streaming.
 */
class CohereProviderTest extends ProviderContractTest {
  private static final String ID = "c14c80c3-18eb-4519-9460-6c92edd8cfb4";

  @Override
  protected Provider newProvider(DeploymentSettings settings) {
    return new CohereProviderFactory().create(settings);
  }

  @Override
  protected String providerId() {
    return "cohere";
  }

  @Override
  protected String apiBase() {
    return server.url("/").toString();
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
  }

  private static String usage(int in, int out) {
    return "{\"billed_units\":{\"input_tokens\":" + in + ",\"output_tokens\":" + out + "},\"tokens\":{"
        + "\"input_tokens\":" + (in + 196) + ",\"output_tokens\":" + out + "}}";
  }

  private static MockResponse sse(String... events) {
    StringBuilder sb = new StringBuilder();
    for (String e : events) {
      String type = e.substring(e.indexOf("\"type\":\"") + 8);
      sb.append("event: ").append(type, 0, type.indexOf('"')).append("\ndata: ").append(e).append("\n\n");
    }
    return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(sb.toString()).build();
  }

  private static String start() {
    return "{\"id\":\"" + ID + "\",\"type\":\"message-start\",\"delta\":{\"message\":{\"role\":\"assistant\","
        + "\"content\":[],\"tool_plan\":\"\",\"tool_calls\":[],\"citations\":[]}}}";
  }

  private static String textDelta(String text) {
    return "{\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"text\":\"" + text + "\"}}}}";
  }

  private static String end(String reason, int in, int out) {
    return "{\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"" + reason + "\",\"usage\":" + usage(in, out)
        + "}}";
  }

  @Override
  protected MockResponse textResponse() {
    return json("{\"id\":\"" + ID + "\",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"text\","
        + "\"text\":\"Hello there!\"}]},\"finish_reason\":\"COMPLETE\",\"usage\":" + usage(12, 4) + "}");
  }

  @Override
  protected MockResponse toolCallResponse() {
    return json("{\"id\":\"" + ID + "\",\"message\":{\"role\":\"assistant\",\"tool_plan\":\"I will look up the "
        + "weather in Paris.\",\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":"
        + "\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},\"finish_reason\":\"TOOL_CALL\","
        + "\"usage\":" + usage(82, 17) + "}");
  }

  @Override
  protected MockResponse streamedTextResponse() {
    return sse(start(),
        "{\"type\":\"content-start\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"type\":\"text\",\"text\":\"\"}}}}",
        textDelta("Hello"), textDelta(" there"), textDelta("!"),
        "{\"type\":\"content-end\",\"index\":0}",
        end("COMPLETE", 12, 4));
  }

  @Override
  protected MockResponse streamedToolCallResponse() {
    return sse(start(),
        "{\"type\":\"tool-plan-delta\",\"delta\":{\"message\":{\"tool_plan\":\"I will look up\"}}}",
        "{\"type\":\"tool-plan-delta\",\"delta\":{\"message\":{\"tool_plan\":\" the weather.\"}}}",
        "{\"type\":\"tool-call-start\",\"index\":0,\"delta\":{\"message\":{\"tool_calls\":{\"id\":\"call_1\",\"type\":"
            + "\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}}}}",
        "{\"type\":\"tool-call-delta\",\"index\":0,\"delta\":{\"message\":{\"tool_calls\":{\"function\":{\"arguments\":"
            + "\"{\\\"\"}}}}}",
        "{\"type\":\"tool-call-delta\",\"index\":0,\"delta\":{\"message\":{\"tool_calls\":{\"function\":{\"arguments\":"
            + "\"city\\\":\\\"\"}}}}}",
        "{\"type\":\"tool-call-delta\",\"index\":0,\"delta\":{\"message\":{\"tool_calls\":{\"function\":{\"arguments\":"
            + "\"Paris\\\"}\"}}}}}",
        "{\"type\":\"tool-call-end\",\"index\":0}",
        end("TOOL_CALL", 82, 17));
  }

  @Override
  protected MockResponse.Builder errorResponse(int status, String message) {
    return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
        .body("{\"id\":\"4c1f3e2a-9b8d-4e6f-a1b2-c3d4e5f60718\",\"message\":\"" + message + "\"}");
  }

  @Override
  protected String streamTextChunk(String text) {
    return "event: content-delta\ndata: " + textDelta(text) + "\n\n";
  }

  @Test
  void sendsCoheresBodyToV2ChatWithBearerAuth() throws Exception {
    server.enqueue(textResponse());
    provider().chat(ChatRequest.builder("command-a-03-2025").system("Be brief.").user("Say hello").maxTokens(64)
        .temperature(0.3).topP(0.9).topK(40).stop(List.of("END")).seed(7L).build());
    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v2/chat");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);
    assertThat(request.getBody().utf8()).isEqualTo("{\"model\":\"command-a-03-2025\",\"messages\":["
        + "{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Say hello\"}],"
        + "\"temperature\":0.3,\"p\":0.9,\"k\":40,\"max_tokens\":64,\"stop_sequences\":[\"END\"],\"seed\":7,"
        + "\"stream\":false}");
  }

  @Test
  void billedUnitsAreTheUsageAndTheToolPlanAndCitationsAreDropped() {
    server.enqueue(json("{\"id\":\"" + ID + "\",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"text\","
        + "\"text\":\"Paris is sunny.\"}],\"citations\":[{\"start\":0,\"end\":5,\"text\":\"Paris\",\"sources\":[{"
        + "\"type\":\"tool\",\"id\":\"get_weather_1byjy32y4hvq:0\",\"tool_output\":{\"weather\":\"sunny\"}}]}]},"
        + "\"finish_reason\":\"COMPLETE\",\"usage\":" + usage(30, 5) + "}"));
    ChatResponse response = provider().chat(simpleRequest());
    assertThat(response.content()).containsExactly(new ContentBlock.Text("Paris is sunny."));
    assertThat(response.usage().inputTokens()).isEqualTo(30);
    server.enqueue(toolCallResponse());
    ChatResponse call = provider().chat(toolRequest());
    assertThat(call.content()).hasSize(1).allMatch(b -> b instanceof ContentBlock.ToolCall);
    assertThat(call.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
  }

  @Test
  void aToolRoundTripSendsTheCallAndTheResultInCoheresShape() throws Exception {
    server.enqueue(textResponse());
    ContentBlock.ToolCall call = new ContentBlock.ToolCall("get_weather_1byjy32y4hvq", "get_weather",
        "{\"city\":\"Paris\"}");
    provider().chat(toolRequest().toBuilder()
        .addMessage(new Message(Role.ASSISTANT, List.of(call), null))
        .addMessage(new Message(Role.USER, List.of(ContentBlock.ToolResult.ofText(call.id(), "sunny, 24C")), null))
        .toolChoice(ToolChoice.required()).build());
    String body = server.takeRequest().getBody().utf8();
    assertThat(body).contains("{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"get_weather_1byjy32y4hvq\","
        + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}");
    assertThat(body).contains("{\"role\":\"tool\",\"tool_call_id\":\"get_weather_1byjy32y4hvq\",\"content\":"
        + "\"sunny, 24C\"}");
    assertThat(body).contains("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"")
        .contains("\"tool_choice\":\"REQUIRED\"");
    assertThatThrownBy(() -> provider().chat(toolRequest().toBuilder().toolChoice(ToolChoice.tool("get_weather"))
        .build())).isInstanceOf(InvalidRequestException.class).hasMessageContaining("tool_choice");
  }

  @Test
  void coheresTooManyTokensIsAContextWindowOverflow() {
    server.enqueue(errorResponse(400, "too many tokens: total number of tokens in the prompt cannot exceed 128000 - "
        + "received 131072. Try using a shorter prompt").build());
    assertThatThrownBy(() -> provider().chat(simpleRequest())).isInstanceOf(ContextWindowExceededException.class);
  }

  @Test
  void aStreamThatEndsBeforeMessageEndIsAnError() throws Exception {
    server.enqueue(sse(start(), "{\"type\":\"content-start\",\"index\":0,\"delta\":{\"message\":{\"content\":{"
        + "\"type\":\"text\",\"text\":\"\"}}}}", textDelta("Hel")));
    Recorder recorder = new Recorder() {};
    provider().stream(simpleRequest(), recorder);
    assertThatThrownBy(() -> recorder.done.get(10, TimeUnit.SECONDS)).hasMessageContaining("before message-end");
  }

  @Test
  void cohereChatIsTheSameApiAndAKeyIsRequired() throws Exception {
    server.enqueue(textResponse());
    try (Provider p = new CohereProviderFactory.CohereChat().create(new DeploymentSettings("d1", "cohere_chat",
        "command-r-plus", dev.llmrouter.api.spi.Secret.of(API_KEY), server.url("/v2/").toString(), null,
        java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(10), java.util.Map.of(), java.util.Map.of()))) {
      assertThat(p.chat(simpleRequest()).text()).isEqualTo("Hello there!");
    }
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/v2/chat");
    assertThatThrownBy(() -> new CohereProviderFactory().create(dev.llmrouter.api.spi.DeploymentSettings.of("cohere",
        "command-a-03-2025", null, null))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("api_key");
  }
}
