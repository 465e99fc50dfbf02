package dev.llmrouter.providers.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.Message;
import dev.llmrouter.api.ModelNotFoundException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.Reasoning;
import dev.llmrouter.api.Role;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.api.ToolChoice;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.api.spi.Secret;
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
 * Ollama's native chat API against MockWebServer, with bodies in its wire format: a chat response with
 * {@code message}, {@code done}, {@code done_reason} and the counts ({@code prompt_eval_count}, {@code eval_count},
 * durations in nanoseconds); a stream of newline-delimited objects with {@code done: false} and a last one with
 * {@code done: true} and the counts; tool calls whole, with arguments as an object and no id; errors as
 * {@code {"error": "..."}}. Reference: https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion
 * (and its "Chat request (with tools)" and "Chat request (Streaming)" examples).
 */
class OllamaProviderTest extends ProviderContractTest {
  private static final String CREATED = "2025-06-12T14:13:43.416799Z";

  @Override
  protected Provider newProvider(DeploymentSettings settings) {
    return new OllamaChatFactory().create(settings);
  }

  @Override
  protected String providerId() {
    return "ollama_chat";
  }

  @Override
  protected String apiBase() {
    return server.url("/").toString();
  }

  @Override
  protected String streamAccept() {
    return "application/x-ndjson";
  }

  private Provider ollama(Map<String, Object> params) {
    return new OllamaChatFactory().create(new DeploymentSettings("d1", "ollama_chat", "llama3.2", null, apiBase(),
        null, Duration.ofSeconds(10), Duration.ofSeconds(10), Map.of(), params));
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder().addHeader("Content-Type", "application/json; charset=utf-8").body(body).build();
  }

  private static MockResponse ndjson(String... lines) {
    return new MockResponse.Builder().addHeader("Content-Type", "application/x-ndjson")
        .body(String.join("\n", lines) + "\n").build();
  }

  private static String line(String content) {
    return "{\"model\":\"llama3.2\",\"created_at\":\"" + CREATED + "\",\"message\":{\"role\":\"assistant\","
        + "\"content\":\"" + content + "\"},\"done\":false}";
  }

  private static String last(String reason, int prompt, int eval) {
    return "{\"model\":\"llama3.2\",\"created_at\":\"" + CREATED + "\",\"message\":{\"role\":\"assistant\","
        + "\"content\":\"\"},\"done_reason\":\"" + reason + "\",\"done\":true,\"total_duration\":4883583458,"
        + "\"load_duration\":1334875,\"prompt_eval_count\":" + prompt + ",\"prompt_eval_duration\":342546000,"
        + "\"eval_count\":" + eval + ",\"eval_duration\":4535599000}";
  }

  private static final String WEATHER_CALL = "{\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}}";

  @Override
  protected MockResponse textResponse() {
    return json("{\"model\":\"llama3.2\",\"created_at\":\"" + CREATED + "\",\"message\":{\"role\":\"assistant\","
        + "\"content\":\"Hello there!\"},\"done_reason\":\"stop\",\"done\":true,\"total_duration\":5191566416,"
        + "\"load_duration\":2154458,\"prompt_eval_count\":12,\"prompt_eval_duration\":383809000,\"eval_count\":4,"
        + "\"eval_duration\":4799921000}");
  }

  @Override
  protected MockResponse toolCallResponse() {
    return json("{\"model\":\"llama3.2\",\"created_at\":\"" + CREATED + "\",\"message\":{\"role\":\"assistant\","
        + "\"content\":\"\",\"tool_calls\":[" + WEATHER_CALL.replace("{\"function\"", "{\"id\":\"call_1\",\"function\"")
        + "]},\"done_reason\":\"stop\",\"done\":true,\"total_duration\":885095291,\"load_duration\":3753500,"
        + "\"prompt_eval_count\":122,\"prompt_eval_duration\":328493000,\"eval_count\":33,"
        + "\"eval_duration\":552222000}");
  }

  @Override
  protected MockResponse streamedTextResponse() {
    return ndjson(line("Hello"), line(" there"), line("!"), last("stop", 12, 4));
  }

  @Override
  protected MockResponse streamedToolCallResponse() {
    return ndjson("{\"model\":\"llama3.2\",\"created_at\":\"" + CREATED + "\",\"message\":{\"role\":\"assistant\","
        + "\"content\":\"\",\"tool_calls\":[" + WEATHER_CALL.replace("{\"function\"", "{\"id\":\"call_1\",\"function\"")
        + "]},\"done\":false}", last("stop", 82, 17));
  }

  @Override
  protected MockResponse.Builder errorResponse(int status, String message) {
    return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json; charset=utf-8")
        .body("{\"error\":\"" + message + "\"}");
  }

  @Override
  protected String streamTextChunk(String text) {
    return line(text) + "\n";
  }

  /** Ollama streams a tool call whole: its arguments come in one delta, not in fragments. */
  @Override
  protected boolean toolCallsArriveWhole() {
    return true;
  }

  @Test
  void sendsTheNativeBodyToApiChatWithOptionsAndKeepAlive() throws Exception {
    server.enqueue(textResponse());
    Map<String, Object> options = new java.util.LinkedHashMap<>();
    options.put("num_ctx", 8192);
    options.put("temperature", 0.9); // the call's 0.2 goes over it
    try (Provider p = ollama(Map.of("keep_alive", "10m", "options", options))) {
      p.chat(ChatRequest.builder("llama3.2").system("Be brief.").user("Say hello").maxTokens(64).temperature(0.2)
          .stop(List.of("\n\n")).seed(7L).build());
    }
    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/api/chat");
    assertThat(request.getHeaders().get("Authorization")).isNull();
    assertThat(request.getBody().utf8()).isEqualTo("{\"model\":\"llama3.2\",\"messages\":["
        + "{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Say hello\"}],"
        + "\"options\":{\"num_ctx\":8192,\"temperature\":0.2,\"num_predict\":64,\"seed\":7,\"stop\":[\"\\n\\n\"]},"
        + "\"stream\":false,\"keep_alive\":\"10m\"}");
  }

  @Test
  void aToolRoundTripSendsTheCallWithObjectArgumentsAndTheResultWithTheToolsName() throws Exception {
    server.enqueue(json("{\"model\":\"llama3.2\",\"created_at\":\"" + CREATED + "\",\"message\":{\"role\":"
        + "\"assistant\",\"content\":\"\",\"tool_calls\":[" + WEATHER_CALL + "]},\"done_reason\":\"stop\","
        + "\"done\":true,\"prompt_eval_count\":122,\"eval_count\":33}"));
    server.enqueue(textResponse());
    ChatRequest first = toolRequest();
    ChatResponse call = provider().chat(first);
    assertThat(call.toolCalls()).hasSize(1);
    ContentBlock.ToolCall tool = call.toolCalls().get(0);
    assertThat(tool.id()).isEqualTo("call_0"); // Ollama gave none
    assertThat(tool.argumentsJson()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(call.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);

    provider().chat(first.toBuilder()
        .addMessage(new Message(Role.ASSISTANT, List.of(tool), null))
        .addMessage(new Message(Role.USER, List.of(ContentBlock.ToolResult.ofText("call_0", "sunny, 24C")), null))
        .build());
    server.takeRequest();
    String second = server.takeRequest().getBody().utf8();
    assertThat(second).contains("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
        + "\"description\":\"Current weather for a city\",\"parameters\":{");
    assertThat(second).contains("{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":"
        + "\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}}]}");
    assertThat(second).contains("{\"role\":\"tool\",\"content\":\"sunny, 24C\",\"tool_name\":\"get_weather\"}");
  }

  @Test
  void imagesGoAsBase64AndAnImageUrlIsRefusedByName() throws Exception {
    server.enqueue(textResponse());
    provider().chat(ChatRequest.builder("llama3.2").addMessage(new Message(Role.USER, List.of(
        new ContentBlock.Text("What is this?"), ContentBlock.Image.ofBase64("image/png", "iVBORw0KGgo=")), null))
        .build());
    assertThat(server.takeRequest().getBody().utf8()).contains("{\"role\":\"user\",\"content\":\"What is this?\","
        + "\"images\":[\"iVBORw0KGgo=\"]}");
    assertThatThrownBy(() -> provider().chat(ChatRequest.builder("llama3.2").addMessage(new Message(Role.USER,
        List.of(ContentBlock.Image.ofUrl("https://example.com/cat.png")), null)).build()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("base64").hasMessageContaining("cat.png");
    assertThatThrownBy(() -> provider().chat(toolRequest().toBuilder().toolChoice(ToolChoice.required()).build()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("tool_choice");
  }

  @Test
  void thinkingIsAskedForAndComesBackAsAThinkingBlock() throws Exception {
    server.enqueue(ndjson(
        "{\"model\":\"qwen3\",\"created_at\":\"" + CREATED + "\",\"message\":{\"role\":\"assistant\",\"content\":\"\","
            + "\"thinking\":\"The user greets.\"},\"done\":false}",
        line("Hello"), line(" there!"), last("stop", 12, 4)));
    Recorder recorder = new Recorder() {};
    provider().stream(simpleRequest().toBuilder().reasoning(new Reasoning(null, 1024)).build(), recorder);
    ChatResponse response = recorder.done.get(10, TimeUnit.SECONDS);
    assertThat(server.takeRequest().getBody().utf8()).contains("\"think\":true").contains("\"stream\":true");
    assertThat(response.content().get(0)).isEqualTo(new ContentBlock.Thinking("The user greets.", null));
    assertThat(response.text()).isEqualTo("Hello there!");
  }

  @Test
  void anUnknownModelIsNotFoundAndAnErrorLineMidStreamEndsIt() throws Exception {
    server.enqueue(errorResponse(404, "model \\\"llama9\\\" not found, try pulling it first").build());
    assertThatThrownBy(() -> provider().chat(simpleRequest())).isInstanceOf(ModelNotFoundException.class)
        .hasMessageContaining("try pulling it first");

    server.enqueue(ndjson(line("Hel"), "{\"error\":\"an error was encountered while running the model: "
        + "unexpected EOF\"}"));
    Recorder recorder = new Recorder() {};
    provider().stream(simpleRequest(), recorder);
    assertThatThrownBy(() -> recorder.done.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(ProviderUnavailableException.class).hasMessageContaining("unexpected EOF");

    server.enqueue(ndjson(line("Hel"), line("lo")));
    Recorder cut = new Recorder() {};
    provider().stream(simpleRequest(), cut);
    assertThatThrownBy(() -> cut.done.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .hasMessageContaining("before its last line");
  }

  @Test
  void anOpenAiStyleApiBaseIsTakenForTheServersAddress() throws Exception {
    server.enqueue(textResponse());
    try (Provider p = new OllamaChatFactory().create(new DeploymentSettings("d1", "ollama_chat", "llama3.2", null,
        server.url("/v1/").toString(), null, Duration.ofSeconds(10), Duration.ofSeconds(10), Map.of(), Map.of()))) {
      p.chat(simpleRequest());
    }
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/api/chat");
    assertThatThrownBy(() -> ollama(Map.of("options", "num_ctx=8192"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("options must be a map");
  }
}
