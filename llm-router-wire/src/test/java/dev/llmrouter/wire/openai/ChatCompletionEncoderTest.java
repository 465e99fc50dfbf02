package dev.llmrouter.wire.openai;

import static dev.llmrouter.wire.openai.JsonTestSupport.list;
import static dev.llmrouter.wire.openai.JsonTestSupport.obj;
import static dev.llmrouter.wire.openai.JsonTestSupport.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.CallInfo;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.Usage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatCompletionEncoderTest {
  private static final long CREATED = 1_741_569_952L;

  private static ChatResponse response(List<ContentBlock> content, FinishReason reason, Usage usage) {
    return new ChatResponse("resp_123", "smart", "openai-eu", "gpt-4o-2024-08-06", content, reason, "raw", usage,
        null, new CallInfo("call-9", 1, false, Duration.ofMillis(5), Duration.ofMillis(4)));
  }

  @Test
  void textAnswerEncodesAsChatCompletion() {
    Map<String, Object> json = parse(ChatCompletionEncoder.encode(
        response(List.of(new ContentBlock.Text("Hello "), new ContentBlock.Text("there.")), FinishReason.STOP,
            new Usage(19, 10, 4, 0, 2)), CREATED));

    assertThat(json.get("id")).isEqualTo("chatcmpl-resp_123");
    assertThat(json.get("object")).isEqualTo("chat.completion");
    assertThat(json.get("created")).isEqualTo((double) CREATED);
    assertThat(json.get("model")).isEqualTo("smart");
    List<Object> choices = list(json.get("choices"));
    assertThat(choices).hasSize(1);
    Map<String, Object> choice = obj(choices.get(0));
    assertThat(choice.get("index")).isEqualTo(0.0);
    assertThat(choice.get("finish_reason")).isEqualTo("stop");
    Map<String, Object> message = obj(choice.get("message"));
    assertThat(message.get("role")).isEqualTo("assistant");
    assertThat(message.get("content")).isEqualTo("Hello there.");
    assertThat(message).doesNotContainKeys("tool_calls", "reasoning_content");
    assertThat(json.get("usage")).isEqualTo(Map.of(
        "prompt_tokens", 19.0, "completion_tokens", 10.0, "total_tokens", 29.0,
        "prompt_tokens_details", Map.of("cached_tokens", 4.0),
        "completion_tokens_details", Map.of("reasoning_tokens", 2.0)));
  }

  @Test
  void toolCallsOnlyGiveNullContent() {
    Map<String, Object> json = parse(ChatCompletionEncoder.encode(response(List.of(
        new ContentBlock.ToolCall("call_abc", "get_weather", "{\"city\":\"Paris\"}"),
        new ContentBlock.ToolCall("call_def", "get_time", "{\"tz\":\"CET\"}")), FinishReason.TOOL_CALLS,
        Usage.of(50, 30)), CREATED));

    Map<String, Object> choice = obj(list(json.get("choices")).get(0));
    assertThat(choice.get("finish_reason")).isEqualTo("tool_calls");
    Map<String, Object> message = obj(choice.get("message"));
    assertThat(message).containsEntry("content", null);
    assertThat(message.get("tool_calls")).isEqualTo(List.of(
        Map.of("id", "call_abc", "type", "function",
            "function", Map.of("name", "get_weather", "arguments", "{\"city\":\"Paris\"}")),
        Map.of("id", "call_def", "type", "function",
            "function", Map.of("name", "get_time", "arguments", "{\"tz\":\"CET\"}"))));
  }

  @Test
  void thinkingBecomesReasoningContentBesideText() {
    Map<String, Object> json = parse(ChatCompletionEncoder.encode(response(List.of(
        new ContentBlock.Thinking("First, ", "sig"), new ContentBlock.Thinking("add.", null),
        new ContentBlock.RedactedThinking("xyz"), new ContentBlock.Text("4")), FinishReason.STOP, Usage.ZERO),
        CREATED));

    Map<String, Object> message = obj(obj(list(json.get("choices")).get(0)).get("message"));
    assertThat(message.get("reasoning_content")).isEqualTo("First, add.");
    assertThat(message.get("content")).isEqualTo("4");
  }

  @Test
  void emptyAnswerHasEmptyStringContent() {
    Map<String, Object> json = parse(ChatCompletionEncoder.encode(
        response(List.of(), FinishReason.LENGTH, Usage.ZERO), CREATED));

    Map<String, Object> choice = obj(list(json.get("choices")).get(0));
    assertThat(obj(choice.get("message")).get("content")).isEqualTo("");
    assertThat(choice.get("finish_reason")).isEqualTo("length");
  }

  @Test
  void openAiIdsAreKeptAsTheyAre() {
    ChatResponse r = new ChatResponse("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "fast", null, null,
        List.of(new ContentBlock.Text("x")), FinishReason.STOP, null, null, null, null);

    assertThat(parse(ChatCompletionEncoder.encode(r, CREATED)).get("id"))
        .isEqualTo("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
  }

  @ParameterizedTest
  @CsvSource({"STOP,stop", "LENGTH,length", "TOOL_CALLS,tool_calls", "CONTENT_FILTER,content_filter",
      "PAUSE,stop", "OTHER,stop"})
  void finishReasonsMapToOpenAiWords(FinishReason reason, String expected) {
    Map<String, Object> json = parse(ChatCompletionEncoder.encode(
        response(List.of(new ContentBlock.Text("x")), reason, Usage.ZERO), CREATED));

    assertThat(obj(list(json.get("choices")).get(0)).get("finish_reason")).isEqualTo(expected);
  }

  @Test
  void modelsListEveryAlias() {
    Map<String, Object> json = parse(ModelsEncoder.encode(List.of("fast", "smart"), 1_700_000_000L));

    assertThat(json.get("object")).isEqualTo("list");
    assertThat(json.get("data")).isEqualTo(List.of(
        Map.of("id", "fast", "object", "model", "created", 1.7e9, "owned_by", "llm-router"),
        Map.of("id", "smart", "object", "model", "created", 1.7e9, "owned_by", "llm-router")));
    assertThat(parse(ModelsEncoder.encode(List.of(), 0)).get("data")).isEqualTo(List.of());
  }
}
