package dev.llmrouter.wire.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.Message;
import dev.llmrouter.api.Reasoning;
import dev.llmrouter.api.ResponseFormat;
import dev.llmrouter.api.Role;
import dev.llmrouter.api.StreamAccumulator;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.api.Tool;
import dev.llmrouter.api.ToolChoice;
import dev.llmrouter.api.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiMapperTest {

  private static String body(ChatRequest request) {
    return OpenAiJson.write(OpenAiMapper.toRequestBody(request, false, false));
  }

  private static OpenAiWire.Completion completion(String json) {
    return OpenAiJson.readCompletion(json);
  }

  @Test
  void systemBlocksLeadAndASystemMessageInTheMiddleStaysInPlace() {
    ChatRequest request = ChatRequest.builder("gpt-4o")
        .system("You are terse.")
        .user("Hi")
        .addMessage(new Message(Role.DEVELOPER, List.of(new ContentBlock.Text("Answer in French."))))
        .addMessage(new Message(Role.USER, List.of(new ContentBlock.Text("Bonjour")), "alice"))
        .build();
    assertThat(body(request)).isEqualTo("{\"model\":\"gpt-4o\",\"messages\":["
        + "{\"role\":\"system\",\"content\":\"You are terse.\"},"
        + "{\"role\":\"user\",\"content\":\"Hi\"},"
        + "{\"role\":\"developer\",\"content\":\"Answer in French.\"},"
        + "{\"role\":\"user\",\"content\":\"Bonjour\",\"name\":\"alice\"}]}");
  }

  @Test
  void imagesAndSeveralTextsBecomeContentParts() {
    ChatRequest request = ChatRequest.builder("gpt-4o").addMessage(new Message(Role.USER, List.of(
        new ContentBlock.Text("What is in these?"),
        new ContentBlock.Image("https://example.com/cat.png", null, null, "low", null),
        ContentBlock.Image.ofBase64("image/png", "iVBORw0KGgo=")))).build();
    assertThat(body(request)).isEqualTo("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":["
        + "{\"type\":\"text\",\"text\":\"What is in these?\"},"
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.png\",\"detail\":\"low\"}},"
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0KGgo=\"}}]}]}");
  }

  @Test
  void toolCallsAndToolResultsRoundTripWhileThinkingIsDropped() {
    ChatRequest request = ChatRequest.builder("gpt-4o")
        .user("Weather in Paris and Rome?")
        .addMessage(new Message(Role.ASSISTANT, List.of(
            new ContentBlock.Thinking("Two cities, two calls.", "sig"),
            new ContentBlock.ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
            new ContentBlock.ToolCall("call_2", "get_weather", "{\"city\":\"Rome\"}"))))
        .addMessage(new Message(Role.USER, List.of(
            ContentBlock.ToolResult.ofText("call_1", "18C"),
            ContentBlock.ToolResult.ofText("call_2", "24C"),
            new ContentBlock.Text("Which is warmer?"))))
        .addMessage(new Message(Role.TOOL, List.of(ContentBlock.ToolResult.ofText("call_3", "ok"))))
        .addTool(new Tool("get_weather", "Current weather", Map.of("type", "object"), true, null))
        .toolChoice(ToolChoice.tool("get_weather"))
        .parallelToolCalls(false)
        .build();
    assertThat(body(request)).isEqualTo("{\"model\":\"gpt-4o\",\"messages\":["
        + "{\"role\":\"user\",\"content\":\"Weather in Paris and Rome?\"},"
        + "{\"role\":\"assistant\",\"tool_calls\":["
        + "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
        + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}},"
        + "{\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
        + "\"arguments\":\"{\\\"city\\\":\\\"Rome\\\"}\"}}]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"18C\"},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"call_2\",\"content\":\"24C\"},"
        + "{\"role\":\"user\",\"content\":\"Which is warmer?\"},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"call_3\",\"content\":\"ok\"}],"
        + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"Current weather\","
        + "\"parameters\":{\"type\":\"object\"},\"strict\":true}}],"
        + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}},"
        + "\"parallel_tool_calls\":false}");
  }

  @Test
  void assistantTextBesideToolCallsIsKept() {
    ChatRequest request = ChatRequest.builder("m").addMessage(new Message(Role.ASSISTANT, List.of(
        new ContentBlock.Text("Let me check."), new ContentBlock.ToolCall("c", "f", null)))).build();
    assertThat(body(request)).contains("{\"role\":\"assistant\",\"content\":\"Let me check.\",\"tool_calls\":["
        + "{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}");
  }

  @Test
  void toolChoiceModesAreStrings() {
    assertThat(OpenAiMapper.toolChoice(ToolChoice.auto())).isEqualTo("auto");
    assertThat(OpenAiMapper.toolChoice(ToolChoice.none())).isEqualTo("none");
    assertThat(OpenAiMapper.toolChoice(ToolChoice.required())).isEqualTo("required");
  }

  @Test
  void responseFormatReasoningEffortAndTheRestOfTheKnobs() {
    ChatRequest request = ChatRequest.builder("o3-mini").user("x")
        .responseFormat(ResponseFormat.jsonSchema("answer", Map.of("type", "object"), true))
        .reasoning(Reasoning.effort("high"))
        .topP(0.9).stop(List.of("END")).seed(7L).endUser("u-1").metadata(Map.of("team", "a"))
        .build();
    assertThat(body(request)).isEqualTo("{\"model\":\"o3-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
        + "\"top_p\":0.9,\"stop\":[\"END\"],\"seed\":7,"
        + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"answer\","
        + "\"schema\":{\"type\":\"object\"},\"strict\":true}},"
        + "\"reasoning_effort\":\"high\",\"user\":\"u-1\",\"metadata\":{\"team\":\"a\"}}");
    assertThat(OpenAiJson.write(OpenAiMapper.responseFormat(ResponseFormat.jsonObject())))
        .isEqualTo("{\"type\":\"json_object\"}");
  }

  @Test
  void budgetOnlyReasoningAndTopKAreNotSent() {
    ChatRequest request = ChatRequest.builder("m").user("x").reasoning(Reasoning.budget(1024)).topK(3).build();
    assertThat(body(request)).isEqualTo("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
  }

  @Test
  void finishReasonsAreNormalised() {
    assertThat(OpenAiMapper.finishReason("stop")).isEqualTo(FinishReason.STOP);
    assertThat(OpenAiMapper.finishReason("length")).isEqualTo(FinishReason.LENGTH);
    assertThat(OpenAiMapper.finishReason("tool_calls")).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(OpenAiMapper.finishReason("function_call")).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(OpenAiMapper.finishReason("content_filter")).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(OpenAiMapper.finishReason("eos")).isEqualTo(FinishReason.OTHER);
    assertThat(OpenAiMapper.finishReason(null)).isEqualTo(FinishReason.OTHER);
  }

  @Test
  void usageDetailsAreRead() {
    ChatResponse r = OpenAiMapper.toChatResponse(completion("{\"id\":\"x\",\"choices\":[],\"usage\":{"
        + "\"prompt_tokens\":100,\"completion_tokens\":50,\"prompt_tokens_details\":{\"cached_tokens\":64},"
        + "\"completion_tokens_details\":{\"reasoning_tokens\":30}}}"));
    assertThat(r.usage()).isEqualTo(new Usage(100, 50, 64, 0, 30));
    ChatResponse deepseek = OpenAiMapper.toChatResponse(completion("{\"id\":\"y\",\"choices\":[],\"usage\":{"
        + "\"prompt_tokens\":100,\"completion_tokens\":5,\"prompt_cache_hit_tokens\":80,"
        + "\"prompt_cache_miss_tokens\":20}}"));
    assertThat(deepseek.usage()).isEqualTo(new Usage(100, 5, 80, 0, 0));
  }

  @Test
  void reasoningContentBecomesAThinkingBlockBeforeTheText() {
    ChatResponse r = OpenAiMapper.toChatResponse(completion("{\"id\":\"d\",\"model\":\"deepseek-reasoner\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"4\","
        + "\"reasoning_content\":\"2+2 is 4.\"},\"finish_reason\":\"stop\"}]}"));
    assertThat(r.content()).containsExactly(new ContentBlock.Thinking("2+2 is 4.", null), new ContentBlock.Text("4"));
    assertThat(r.providerModel()).isEqualTo("deepseek-reasoner");
  }

  @Test
  void chunksBecomeBlocksWithOneFinalMessageDelta() {
    OpenAiStreamTranslator t = new OpenAiStreamTranslator();
    List<StreamEvent> events = new ArrayList<>();
    String pre = "{\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":";
    events.addAll(t.onChunk(completion(pre + "{\"reasoning_content\":\"hm\"},\"finish_reason\":null}]}")));
    events.addAll(t.onChunk(completion(pre + "{\"content\":\"Hi\"},\"finish_reason\":null}]}")));
    events.addAll(t.onChunk(completion(pre + "{\"tool_calls\":[{\"index\":0,\"id\":\"a\",\"type\":\"function\","
        + "\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"x\\\":\"}}]},\"finish_reason\":null}]}")));
    events.addAll(t.onChunk(completion(pre + "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"1}\"}}]},"
        + "\"finish_reason\":null}]}")));
    events.addAll(t.onChunk(completion(pre + "{\"tool_calls\":[{\"index\":1,\"id\":\"b\",\"type\":\"function\","
        + "\"function\":{\"name\":\"g\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}")));
    events.addAll(t.onChunk(completion("{\"id\":\"c1\",\"model\":\"m\",\"choices\":[],"
        + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3}}")));
    events.addAll(t.finish());
    assertThat(t.finish()).isEmpty();

    assertThat(events).containsExactly(
        new StreamEvent.MessageStart("c1", "m"),
        StreamEvent.BlockStart.thinking(0), new StreamEvent.ThinkingDelta(0, "hm"), new StreamEvent.BlockStop(0),
        StreamEvent.BlockStart.text(1), new StreamEvent.TextDelta(1, "Hi"), new StreamEvent.BlockStop(1),
        StreamEvent.BlockStart.toolCall(2, "a", "f"), new StreamEvent.ToolArgumentsDelta(2, "{\"x\":"),
        new StreamEvent.ToolArgumentsDelta(2, "1}"), new StreamEvent.BlockStop(2),
        StreamEvent.BlockStart.toolCall(3, "b", "g"), new StreamEvent.ToolArgumentsDelta(3, "{}"),
        new StreamEvent.BlockStop(3),
        new StreamEvent.MessageDelta(FinishReason.TOOL_CALLS, "tool_calls", Usage.of(9, 3)),
        new StreamEvent.MessageStop());
    StreamAccumulator acc = new StreamAccumulator();
    events.forEach(acc::accept);
    assertThat(acc.toResponse().toolCalls()).containsExactly(new ContentBlock.ToolCall("a", "f", "{\"x\":1}"),
        new ContentBlock.ToolCall("b", "g", "{}"));
  }
}
