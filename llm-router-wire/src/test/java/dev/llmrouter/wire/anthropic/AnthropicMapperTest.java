package dev.llmrouter.wire.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.CacheControl;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.Message;
import dev.llmrouter.api.Reasoning;
import dev.llmrouter.api.ResponseFormat;
import dev.llmrouter.api.Role;
import dev.llmrouter.api.Tool;
import dev.llmrouter.api.ToolChoice;
import dev.llmrouter.api.Usage;
import dev.llmrouter.wire.anthropic.AnthropicWire.MessagesResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnthropicMapperTest {

  /** Compares with {@code expected} after compacting it (key order and number spelling count). */
  static void assertJson(String actual, String expected) {
    try {
      assertThat(actual).isEqualTo(AnthropicWire.RawJson.ofObject(expected).json());
    } catch (IOException e) {
      throw new AssertionError("expected JSON is malformed", e);
    }
  }

  private static String json(ChatRequest request) {
    return AnthropicMapper.requestJson(request, 4096, false);
  }

  @Test
  void systemBlocksKeepCacheControlAndSystemMessagesAnywhereJoinThem() {
    ChatRequest request = ChatRequest.builder("claude-x")
        .systemBlocks(List.of(new ContentBlock.Text("You are terse.", CacheControl.ephemeral()),
            new ContentBlock.Text("Long reference text", new CacheControl("ephemeral", "1h"))))
        .addMessage(Message.user("Hi"))
        .addMessage(Message.system("Answer in French."))
        .addMessage(Message.user("How are you?"))
        .addMessage(Message.assistant("Bien."))
        .addMessage(new Message(Role.DEVELOPER, List.of(new ContentBlock.Text("Be kind."))))
        .maxTokens(100)
        .build();
    assertJson(json(request), """
        {"model":"claude-x","max_tokens":100,
         "system":[
           {"type":"text","text":"You are terse.","cache_control":{"type":"ephemeral"}},
           {"type":"text","text":"Long reference text","cache_control":{"type":"ephemeral","ttl":"1h"}},
           {"type":"text","text":"Answer in French."},
           {"type":"text","text":"Be kind."}],
         "messages":[
           {"role":"user","content":[{"type":"text","text":"Hi"},{"type":"text","text":"How are you?"}]},
           {"role":"assistant","content":[{"type":"text","text":"Bien."}]}]}
        """);
  }

  @Test
  void oneSystemBlockWithoutCacheControlIsAPlainString() {
    ChatRequest request = ChatRequest.builder("claude-x").system("Be brief.").user("Hi").build();
    assertJson(json(request), """
        {"model":"claude-x","max_tokens":4096,"system":"Be brief.",
         "messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}]}
        """);
  }

  @Test
  void consecutiveMessagesOfOneRoleAreMergedAndEmptyTextDropped() {
    ChatRequest request = ChatRequest.builder("claude-x")
        .addMessage(Message.user("a"))
        .addMessage(Message.user("b"))
        .addMessage(Message.assistant(""))
        .addMessage(Message.assistant("c"))
        .addMessage(Message.assistant("d"))
        .addMessage(Message.user("e"))
        .build();
    assertJson(json(request), """
        {"model":"claude-x","max_tokens":4096,"messages":[
          {"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]},
          {"role":"assistant","content":[{"type":"text","text":"c"},{"type":"text","text":"d"}]},
          {"role":"user","content":[{"type":"text","text":"e"}]}]}
        """);
  }

  @Test
  void toolUseAndToolResultsWithIsErrorGoOutInAnthropicShape() {
    ChatRequest request = ChatRequest.builder("claude-x")
        .addMessage(Message.user("Weather in Paris and Oslo?"))
        .addMessage(new Message(Role.ASSISTANT, List.of(
            new ContentBlock.Text("Checking."),
            new ContentBlock.ToolCall("toolu_1", "get_weather", "{ \"city\": \"Paris\", \"days\": 3 }"),
            new ContentBlock.ToolCall("toolu_2", "get_weather", "{\"city\":\"Oslo\",\"temp\":1.50}",
                CacheControl.ephemeral()))))
        .addMessage(new Message(Role.TOOL, List.of(ContentBlock.ToolResult.ofText("toolu_1", "18C sunny"))))
        .addMessage(new Message(Role.TOOL, List.of(new ContentBlock.ToolResult("toolu_2",
            List.of(new ContentBlock.Text("city not found")), true, null))))
        .addMessage(Message.user("Thanks"))
        .build();
    assertJson(json(request), """
        {"model":"claude-x","max_tokens":4096,"messages":[
          {"role":"user","content":[{"type":"text","text":"Weather in Paris and Oslo?"}]},
          {"role":"assistant","content":[
            {"type":"text","text":"Checking."},
            {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris","days":3}},
            {"type":"tool_use","id":"toolu_2","name":"get_weather","input":{"city":"Oslo","temp":1.50},
             "cache_control":{"type":"ephemeral"}}]},
          {"role":"user","content":[
            {"type":"tool_result","tool_use_id":"toolu_1","content":"18C sunny"},
            {"type":"tool_result","tool_use_id":"toolu_2","content":"city not found","is_error":true},
            {"type":"text","text":"Thanks"}]}]}
        """);
  }

  @Test
  void toolResultsComeFirstWhenMergedAfterUserText() {
    ChatRequest request = ChatRequest.builder("claude-x")
        .addMessage(Message.user("Note this."))
        .addMessage(new Message(Role.USER, List.of(new ContentBlock.ToolResult("toolu_9",
            List.of(new ContentBlock.Text("ok"), ContentBlock.Image.ofBase64("image/png", "iVBOR")), false,
            CacheControl.ephemeral()))))
        .build();
    assertJson(json(request), """
        {"model":"claude-x","max_tokens":4096,"messages":[{"role":"user","content":[
          {"type":"tool_result","tool_use_id":"toolu_9","content":[
             {"type":"text","text":"ok"},
             {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBOR"}}],
           "cache_control":{"type":"ephemeral"}},
          {"type":"text","text":"Note this."}]}]}
        """);
  }

  @Test
  void toolCallArgumentsThatAreNotAJsonObjectAreRejectedNamingTheCall() {
    for (String bad : List.of("{\"city\":", "[1,2]", "\"x\"", "{} trailing")) {
      ChatRequest request = ChatRequest.builder("claude-x")
          .addMessage(new Message(Role.ASSISTANT, List.of(new ContentBlock.ToolCall("toolu_bad", "f", bad))))
          .build();
      assertThatThrownBy(() -> json(request)).as(bad)
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("toolu_bad");
    }
  }

  @Test
  void imagesGoAsBase64OrUrlSourcesAndDataUrlsAreUnpacked() {
    ChatRequest request = ChatRequest.builder("claude-x")
        .addMessage(new Message(Role.USER, List.of(
            ContentBlock.Image.ofBase64("image/jpeg", "/9j/4AAQ"),
            ContentBlock.Image.ofUrl("https://example.com/cat.png"),
            new ContentBlock.Image("data:image/webp;base64,UklGR", null, null, "high", CacheControl.ephemeral()),
            new ContentBlock.Text("What are these?"))))
        .build();
    assertJson(json(request), """
        {"model":"claude-x","max_tokens":4096,"messages":[{"role":"user","content":[
          {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/4AAQ"}},
          {"type":"image","source":{"type":"url","url":"https://example.com/cat.png"}},
          {"type":"image","source":{"type":"base64","media_type":"image/webp","data":"UklGR"},
           "cache_control":{"type":"ephemeral"}},
          {"type":"text","text":"What are these?"}]}]}
        """);
  }

  @Test
  void thinkingAndRedactedThinkingAreSentBackUnchanged() {
    ChatRequest request = ChatRequest.builder("claude-x")
        .addMessage(Message.user("2+2?"))
        .addMessage(new Message(Role.ASSISTANT, List.of(
            new ContentBlock.Thinking("Simple sum.", "EqQBCgIYAhIM"),
            new ContentBlock.RedactedThinking("EmwKAhgBEgy3"),
            new ContentBlock.Text("4"))))
        .reasoning(Reasoning.budget(2000))
        .build();
    assertJson(json(request), """
        {"model":"claude-x","max_tokens":4096,"messages":[
          {"role":"user","content":[{"type":"text","text":"2+2?"}]},
          {"role":"assistant","content":[
            {"type":"thinking","thinking":"Simple sum.","signature":"EqQBCgIYAhIM"},
            {"type":"redacted_thinking","data":"EmwKAhgBEgy3"},
            {"type":"text","text":"4"}]}],
         "thinking":{"type":"enabled","budget_tokens":2000}}
        """);
  }

  @Test
  void maxTokensComesFromTheRequestElseTheDeploymentDefaultRaisedAboveAThinkingBudget() {
    ChatRequest plain = ChatRequest.builder("m").user("x").build();
    assertThat(AnthropicMapper.toRequest(plain, 4096).maxTokens()).isEqualTo(4096);
    assertThat(AnthropicMapper.toRequest(plain, 1000).maxTokens()).isEqualTo(1000);
    assertThat(AnthropicMapper.toRequest(plain.toBuilder().maxTokens(50).build(), 1000).maxTokens()).isEqualTo(50);
    ChatRequest thinking = plain.toBuilder().reasoning(Reasoning.budget(8000)).build();
    assertThat(AnthropicMapper.toRequest(thinking, 4096).maxTokens()).isEqualTo(12096);
    assertThat(AnthropicMapper.toRequest(thinking.toBuilder().maxTokens(9000).build(), 4096).maxTokens())
        .isEqualTo(9000);
  }

  @Test
  void reasoningEffortBecomesAThinkingBudget() {
    assertThat(AnthropicMapper.thinkingBudget(Reasoning.effort("low"))).isEqualTo(1024);
    assertThat(AnthropicMapper.thinkingBudget(Reasoning.effort("minimal"))).isEqualTo(1024);
    assertThat(AnthropicMapper.thinkingBudget(Reasoning.effort("medium"))).isEqualTo(2048);
    assertThat(AnthropicMapper.thinkingBudget(Reasoning.effort("HIGH"))).isEqualTo(4096);
    assertThat(AnthropicMapper.thinkingBudget(Reasoning.effort("none"))).isNull();
    assertThat(AnthropicMapper.thinkingBudget(new Reasoning("low", 5000))).isEqualTo(5000);
    assertThat(AnthropicMapper.thinkingBudget(null)).isNull();
    assertThatThrownBy(() -> AnthropicMapper.thinkingBudget(Reasoning.effort("extreme")))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("extreme");
  }

  @Test
  void toolsToolChoiceAndParallelFlagAreMapped() {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", Map.of("city", Map.of("type", "string")));
    Tool weather = new Tool("get_weather", "Current weather", schema, true, CacheControl.ephemeral());
    ChatRequest request = ChatRequest.builder("claude-x").user("Paris?").addTool(weather)
        .addTool(new Tool("noop", null, Map.of()))
        .toolChoice(ToolChoice.tool("get_weather")).parallelToolCalls(false).build();
    assertJson(json(request), """
        {"model":"claude-x","max_tokens":4096,
         "messages":[{"role":"user","content":[{"type":"text","text":"Paris?"}]}],
         "tools":[
           {"name":"get_weather","description":"Current weather",
            "input_schema":{"type":"object","properties":{"city":{"type":"string"}}},
            "cache_control":{"type":"ephemeral"}},
           {"name":"noop","input_schema":{"type":"object"}}],
         "tool_choice":{"type":"tool","name":"get_weather","disable_parallel_tool_use":true}}
        """);
    assertThat(AnthropicMapper.toolChoice(ToolChoice.required(), null, true))
        .isEqualTo(new AnthropicWire.WireToolChoice("any", null, null));
    assertThat(AnthropicMapper.toolChoice(ToolChoice.none(), false, true))
        .isEqualTo(new AnthropicWire.WireToolChoice("none", null, null));
    assertThat(AnthropicMapper.toolChoice(null, false, true))
        .isEqualTo(new AnthropicWire.WireToolChoice("auto", null, true));
    assertThat(AnthropicMapper.toolChoice(null, false, false)).isNull();
    assertThat(AnthropicMapper.toolChoice(ToolChoice.auto(), true, true))
        .isEqualTo(new AnthropicWire.WireToolChoice("auto", null, null));
  }

  @Test
  void samplingStopUserAndExtrasAreMappedWhileSeedAndResponseFormatAreDropped() {
    ChatRequest request = ChatRequest.builder("claude-x").user("Hi").maxTokens(10)
        .temperature(0.5).topP(0.9).topK(40).stop(List.of("END", "\n\nHuman:"))
        .seed(42L).responseFormat(ResponseFormat.jsonObject()).endUser("user-123")
        .metadata(Map.of("trace", "t1"))
        .putExtra("service_tier", "auto").putExtra("max_tokens", 20).putExtra("model", "evil")
        .putExtra("container", null)
        .build();
    assertJson(AnthropicMapper.requestJson(request, 4096, true), """
        {"model":"claude-x",
         "messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}],
         "temperature":0.5,"top_p":0.9,"top_k":40,"stop_sequences":["END","\\n\\nHuman:"],
         "metadata":{"user_id":"user-123"},"stream":true,
         "service_tier":"auto","max_tokens":20,"container":null}
        """);
  }

  @Test
  void stopReasonsAreNormalisedKeepingTheRawValue() {
    assertThat(AnthropicMapper.finishReason("end_turn")).isEqualTo(FinishReason.STOP);
    assertThat(AnthropicMapper.finishReason("stop_sequence")).isEqualTo(FinishReason.STOP);
    assertThat(AnthropicMapper.finishReason("max_tokens")).isEqualTo(FinishReason.LENGTH);
    assertThat(AnthropicMapper.finishReason("tool_use")).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(AnthropicMapper.finishReason("refusal")).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(AnthropicMapper.finishReason("pause_turn")).isEqualTo(FinishReason.PAUSE);
    assertThat(AnthropicMapper.finishReason("something_new")).isEqualTo(FinishReason.OTHER);
    assertThat(AnthropicMapper.finishReason(null)).isEqualTo(FinishReason.OTHER);
  }

  @Test
  void responseBlocksStopReasonAndCacheUsageAreMapped() throws IOException {
    MessagesResponse wire = AnthropicWire.adapter(MessagesResponse.class).fromJson("""
        {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-20250514",
         "content":[
           {"type":"thinking","thinking":"Need the tool.","signature":"sig=="},
           {"type":"redacted_thinking","data":"ENCRYPTED"},
           {"type":"text","text":"Let me check."},
           {"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{"query":"x"}},
           {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{ "city" : "Paris", "n": 3, "x": null }}],
         "stop_reason":"tool_use","stop_sequence":null,
         "usage":{"input_tokens":3,"cache_creation_input_tokens":20,"cache_read_input_tokens":100,
                  "output_tokens":5,"service_tier":"standard"}}
        """);
    ChatResponse response = AnthropicMapper.toResponse(wire);
    assertThat(response.id()).isEqualTo("msg_01");
    assertThat(response.providerModel()).isEqualTo("claude-sonnet-4-20250514");
    assertThat(response.content()).containsExactly(
        new ContentBlock.Thinking("Need the tool.", "sig=="),
        new ContentBlock.RedactedThinking("ENCRYPTED"),
        new ContentBlock.Text("Let me check."),
        new ContentBlock.ToolCall("toolu_1", "get_weather", "{\"city\":\"Paris\",\"n\":3,\"x\":null}"));
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(response.rawFinishReason()).isEqualTo("tool_use");
    assertThat(response.usage()).isEqualTo(new Usage(123, 5, 100, 20, 0));
    assertThat(response.usage().uncachedInputTokens()).isEqualTo(3);
  }
}
