package dev.llmrouter.wire.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.Dialect;
import dev.llmrouter.api.Message;
import dev.llmrouter.api.Role;
import dev.llmrouter.api.Tool;
import dev.llmrouter.api.ToolChoice;
import dev.llmrouter.wire.BadRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Messages request decoder's documented rules, one by one. */
class MessagesDecoderTest {
  private static ChatRequest decode(String json) {
    return MessagesDecoder.decode(json.getBytes(StandardCharsets.UTF_8), Map.of("anthropic-beta", "b1"), false)
        .request();
  }

  @Test
  void systemBlocksKeepTheirCacheHintsAndABillingHeaderBlockIsLeftOut() {
    ChatRequest r = decode("""
        {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"hi"}],
         "system":[{"type":"text","text":"x-anthropic-billing-header: cc_version=2.1.330.83a; cc_entrypoint=sdk-cli;"},
                   {"type":"text","text":"You are Claude Code.","cache_control":{"type":"ephemeral"}}]}""");
    assertThat(r.system()).hasSize(1);
    ContentBlock.Text text = (ContentBlock.Text) r.system().get(0);
    assertThat(text.text()).isEqualTo("You are Claude Code.");
    assertThat(text.cacheControl().type()).isEqualTo("ephemeral");
    assertThat(r.nativeRequest().body().get("system").toString()).contains("x-anthropic-billing-header");
    assertThat(r.nativeRequest().headers()).containsEntry("anthropic-beta", "b1");
    assertThat(r.dialect()).isEqualTo(Dialect.ANTHROPIC);
  }

  @Test
  void aSystemMessageInsideMessagesStaysInPlace() {
    ChatRequest r = decode("""
        {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"hi"},
         {"role":"system","content":[{"type":"text","text":"# Environment"}]}]}""");
    assertThat(r.messages()).extracting(Message::role).containsExactly(Role.USER, Role.SYSTEM);
    assertThat(r.messages().get(1).text()).isEqualTo("# Environment");
  }

  @Test
  void toolUseAndToolResultsMapWithTheirIdsErrorsAndContent() {
    ChatRequest r = decode("""
        {"model":"m","max_tokens":10,"messages":[
          {"role":"assistant","content":[{"type":"text","text":"Running it."},
            {"type":"tool_use","id":"toolu_1","name":"Bash","input":{"command":"echo hi","n":2}}]},
          {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"hi","is_error":false},
            {"type":"tool_result","tool_use_id":"toolu_2","is_error":true,
             "content":[{"type":"text","text":"denied"},{"type":"tool_reference","tool_name":"Grep"}]}]}]}""");
    ContentBlock.ToolCall call = (ContentBlock.ToolCall) r.messages().get(0).content().get(1);
    assertThat(call.id()).isEqualTo("toolu_1");
    assertThat(call.argumentsJson()).isEqualTo("{\"command\":\"echo hi\",\"n\":2}");
    ContentBlock.ToolResult ok = (ContentBlock.ToolResult) r.messages().get(1).content().get(0);
    ContentBlock.ToolResult failed = (ContentBlock.ToolResult) r.messages().get(1).content().get(1);
    assertThat(ok.isError()).isFalse();
    assertThat(ok.text()).isEqualTo("hi");
    assertThat(failed.isError()).isTrue();
    assertThat(failed.text()).isEqualTo("deniedTool loaded: Grep");
  }

  @Test
  void deferredAndServerRunToolsAreLeftOutAndClientRunOnesBecomeFunctions() {
    ChatRequest r = decode("""
        {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"hi"}],"tools":[
          {"name":"Bash","description":"Run","input_schema":{"type":"object","additionalProperties":false}},
          {"name":"DeferredToolPlaceholder","description":"never","input_schema":{"type":"object"},"defer_loading":true},
          {"type":"web_search_20250305","name":"web_search","max_uses":5},
          {"type":"bash_20250124","name":"bash"},
          {"type":"text_editor_20250728","name":"str_replace_based_edit_tool","cache_control":{"type":"ephemeral"}}]}""");
    assertThat(r.tools()).extracting(Tool::name).containsExactly("Bash", "bash", "str_replace_based_edit_tool");
    assertThat(r.tools().get(0).parameters()).containsEntry("additionalProperties", false);
    assertThat(r.tools().get(1).parameters().get("properties").toString()).contains("command");
    assertThat(r.tools().get(2).parameters().get("properties").toString()).contains("old_str").contains("view_range");
    assertThat(r.tools().get(2).cacheControl()).isNotNull();
  }

  @Test
  void fieldsWithNoEquivalentStayInTheNativeBodyAndUnknownOnesAreAnthropicExtras() {
    ChatRequest r = decode("""
        {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"hi"}],
         "thinking":{"type":"adaptive","display":"omitted"},"output_config":{"effort":"high"},
         "context_management":{"edits":[]},"metadata":{"user_id":"{\\"device_id\\":\\"d\\"}"},
         "tool_choice":{"type":"any","disable_parallel_tool_use":true},"brand_new_field":1}""");
    assertThat(r.reasoning()).as("adaptive thinking has no equivalent").isNull();
    assertThat(r.extra()).containsOnlyKeys("brand_new_field");
    assertThat(r.user()).isEqualTo("{\"device_id\":\"d\"}");
    assertThat(r.toolChoice()).isEqualTo(ToolChoice.required());
    assertThat(r.parallelToolCalls()).isFalse();
    assertThat(r.nativeRequest().body()).containsKeys("thinking", "output_config", "context_management");
  }

  @Test
  void enabledThinkingBecomesABudget() {
    ChatRequest r = decode("""
        {"model":"m","max_tokens":5000,"messages":[{"role":"user","content":"hi"}],
         "thinking":{"type":"enabled","budget_tokens":2048}}""");
    assertThat(r.reasoning().budgetTokens()).isEqualTo(2048);
  }

  @Test
  void badFieldsAreNamed() {
    assertThatThrownBy(() -> decode("{\"model\":\"m\",\"messages\":[]}"))
        .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.param()).isEqualTo("max_tokens"));
    assertThatThrownBy(() -> decode("{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"tool\","
        + "\"content\":\"x\"}]}")).hasMessageContaining("messages[0].role");
    assertThatThrownBy(() -> decode("{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\","
        + "\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"file\"}}]}]}"))
        .hasMessageContaining("messages[0].content[0].source.type");
    assertThat(MessagesDecoder.decode("{\"model\":\"m\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8), Map.of(),
        true).request().maxTokens()).as("count_tokens has no max_tokens").isNull();
  }
}
