package dev.llmrouter.wire.openai;

import dev.llmrouter.wire.BadRequestException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.Message;
import dev.llmrouter.api.Reasoning;
import dev.llmrouter.api.ResponseFormat;
import dev.llmrouter.api.Role;
import dev.llmrouter.api.Tool;
import dev.llmrouter.api.ToolChoice;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatCompletionDecoderTest {

  @Test
  void minimalRequestDecodesToOneUserMessage() {
    DecodedRequest d = ChatCompletionDecoder.decode("""
        {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hello!"}]}""");

    assertThat(d.stream()).isFalse();
    assertThat(d.includeUsage()).isFalse();
    ChatRequest r = d.request();
    assertThat(r.model()).isEqualTo("gpt-4o");
    assertThat(r.messages()).containsExactly(Message.user("Hello!"));
    assertThat(r.temperature()).isNull();
    assertThat(r.maxTokens()).isNull();
    assertThat(r.toolChoice()).isNull();
    assertThat(r.extra()).isEmpty();
  }

  @Test
  void fullRequestMapsEveryField() {
    DecodedRequest d = ChatCompletionDecoder.decode("""
        {
          "model": "smart",
          "messages": [
            {"role": "developer", "content": "You are a helpful assistant."},
            {"role": "user", "name": "alice", "content": "What's the weather like in Boston today?"}
          ],
          "tools": [{
            "type": "function",
            "function": {
              "name": "get_current_weather",
              "description": "Get the current weather in a given location",
              "parameters": {
                "type": "object",
                "properties": {
                  "location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"},
                  "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}
                },
                "required": ["location"]
              },
              "strict": true
            }
          }],
          "tool_choice": {"type": "function", "function": {"name": "get_current_weather"}},
          "parallel_tool_calls": false,
          "temperature": 0.2,
          "top_p": 0.9,
          "max_completion_tokens": 512,
          "stop": ["\\n\\n", "END"],
          "seed": 42,
          "response_format": {"type": "json_object"},
          "reasoning_effort": "low",
          "user": "user-1234",
          "metadata": {"team": "search", "ticket": "T-1"},
          "n": 1,
          "stream": true,
          "stream_options": {"include_usage": true}
        }""");

    ChatRequest r = d.request();
    assertThat(d.stream()).isTrue();
    assertThat(d.includeUsage()).isTrue();
    assertThat(r.model()).isEqualTo("smart");
    assertThat(r.messages()).containsExactly(
        new Message(Role.DEVELOPER, List.of(new ContentBlock.Text("You are a helpful assistant."))),
        new Message(Role.USER, List.of(new ContentBlock.Text("What's the weather like in Boston today?")), "alice"));
    assertThat(r.system()).isEmpty();
    assertThat(r.tools()).hasSize(1);
    Tool tool = r.tools().get(0);
    assertThat(tool.name()).isEqualTo("get_current_weather");
    assertThat(tool.description()).isEqualTo("Get the current weather in a given location");
    assertThat(tool.strict()).isTrue();
    assertThat(tool.parameters()).containsEntry("type", "object").containsEntry("required", List.of("location"));
    assertThat(tool.parameters().keySet()).containsExactly("type", "properties", "required");
    assertThat(r.toolChoice()).isEqualTo(ToolChoice.tool("get_current_weather"));
    assertThat(r.parallelToolCalls()).isFalse();
    assertThat(r.temperature()).isEqualTo(0.2);
    assertThat(r.topP()).isEqualTo(0.9);
    assertThat(r.maxTokens()).isEqualTo(512);
    assertThat(r.stop()).containsExactly("\n\n", "END");
    assertThat(r.seed()).isEqualTo(42L);
    assertThat(r.responseFormat()).isEqualTo(ResponseFormat.jsonObject());
    assertThat(r.reasoning()).isEqualTo(Reasoning.effort("low"));
    assertThat(r.user()).isEqualTo("user-1234");
    assertThat(r.metadata()).containsExactly(Map.entry("team", "search"), Map.entry("ticket", "T-1"));
    assertThat(r.extra()).isEmpty();
  }

  @Test
  void toolConversationKeepsCallsAndResults() {
    ChatRequest r = ChatCompletionDecoder.decode("""
        {"model": "gpt-4o", "messages": [
          {"role": "system", "content": "Be brief."},
          {"role": "user", "content": "Weather in Paris and Rome?"},
          {"role": "assistant", "content": null, "reasoning_content": "I should call the tool twice.",
           "tool_calls": [
            {"id": "call_abc", "type": "function",
             "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Paris\\"}"}},
            {"id": "call_def", "type": "function",
             "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Rome\\"}"}}
          ]},
          {"role": "tool", "tool_call_id": "call_abc", "content": "18C, sunny"},
          {"role": "tool", "tool_call_id": "call_def", "content": [{"type": "text", "text": "22C"}]}
        ], "tool_choice": "required"}""").request();

    assertThat(r.messages()).containsExactly(
        Message.system("Be brief."),
        Message.user("Weather in Paris and Rome?"),
        new Message(Role.ASSISTANT, List.of(
            new ContentBlock.ToolCall("call_abc", "get_weather", "{\"city\": \"Paris\"}"),
            new ContentBlock.ToolCall("call_def", "get_weather", "{\"city\":\"Rome\"}"))),
        new Message(Role.TOOL, List.of(ContentBlock.ToolResult.ofText("call_abc", "18C, sunny"))),
        new Message(Role.TOOL, List.of(ContentBlock.ToolResult.ofText("call_def", "22C"))));
    assertThat(r.toolChoice()).isEqualTo(ToolChoice.required());
  }

  @Test
  void assistantTextBesideToolCallsIsKeptButEmptyTextIsDropped() {
    ChatRequest r = ChatCompletionDecoder.decode("""
        {"model": "m", "messages": [
          {"role": "assistant", "content": "Let me check.",
           "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]},
          {"role": "assistant", "content": "",
           "tool_calls": [{"id": "c2", "type": "function", "function": {"name": "g", "arguments": ""}}]}
        ]}""").request();

    assertThat(r.messages().get(0).content()).containsExactly(
        new ContentBlock.Text("Let me check."), new ContentBlock.ToolCall("c1", "f", "{}"));
    assertThat(r.messages().get(1).content()).containsExactly(new ContentBlock.ToolCall("c2", "g", "{}"));
  }

  @Test
  void imagePartsBecomeUrlOrBase64Images() {
    ChatRequest r = ChatCompletionDecoder.decode("""
        {"model": "gpt-4o", "messages": [{"role": "user", "content": [
          {"type": "text", "text": "What's in these images?"},
          {"type": "image_url", "image_url": {"url": "https://example.com/cat.jpg", "detail": "high"}},
          {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}
        ]}]}""").request();

    assertThat(r.messages().get(0).content()).containsExactly(
        new ContentBlock.Text("What's in these images?"),
        new ContentBlock.Image("https://example.com/cat.jpg", null, null, "high", null),
        ContentBlock.Image.ofBase64("image/png", "iVBORw0KGgo="));
  }

  @Test
  void jsonSchemaResponseFormatKeepsNameSchemaAndStrict() {
    ChatRequest r = ChatCompletionDecoder.decode("""
        {"model": "gpt-4o", "messages": [{"role": "user", "content": "Extract the event."}],
         "response_format": {"type": "json_schema", "json_schema": {
           "name": "calendar_event", "strict": true,
           "schema": {"type": "object", "properties": {"name": {"type": "string"}},
                      "required": ["name"], "additionalProperties": false}}}}""").request();

    assertThat(r.responseFormat().type()).isEqualTo(ResponseFormat.Type.JSON_SCHEMA);
    assertThat(r.responseFormat().name()).isEqualTo("calendar_event");
    assertThat(r.responseFormat().strict()).isTrue();
    assertThat(r.responseFormat().schema()).containsEntry("additionalProperties", false)
        .containsEntry("required", List.of("name"));
  }

  @Test
  void unknownFieldsGoToExtraUntouchedWithIntegersKept() {
    ChatRequest r = ChatCompletionDecoder.decode("""
        {"model": "m", "messages": [{"role": "user", "content": "hi"}],
         "frequency_penalty": 0.5, "presence_penalty": -0.25, "logit_bias": {"50256": -100},
         "logprobs": true, "top_logprobs": 5, "top_k": 40, "safety_identifier": "abc",
         "vendor_field": {"nested": [1, "two", null]}}""").request();

    assertThat(r.extra()).containsExactly(
        Map.entry("frequency_penalty", 0.5),
        Map.entry("presence_penalty", -0.25),
        Map.entry("logit_bias", Map.of("50256", -100L)),
        Map.entry("logprobs", true),
        Map.entry("top_logprobs", 5L),
        Map.entry("top_k", 40L),
        Map.entry("safety_identifier", "abc"),
        Map.entry("vendor_field", Map.of("nested", java.util.Arrays.asList(1L, "two", null))));
    assertThat(r.topK()).isNull();
  }

  @Test
  void maxTokensAndStopAcceptTheirShortForms() {
    ChatRequest r = ChatCompletionDecoder.decode("""
        {"model": "m", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 100, "stop": "###",
         "stream": false, "stream_options": {"include_usage": true}, "temperature": null}""").request();

    assertThat(r.maxTokens()).isEqualTo(100);
    assertThat(r.stop()).containsExactly("###");
    assertThat(r.temperature()).isNull();
  }

  @Test
  void maxCompletionTokensWinsOverMaxTokens() {
    ChatRequest r = ChatCompletionDecoder.decode("""
        {"model": "m", "messages": [{"role": "user", "content": "hi"}],
         "max_tokens": 100, "max_completion_tokens": 200}""").request();

    assertThat(r.maxTokens()).isEqualTo(200);
  }

  @Test
  void includeUsageOnlyCountsWhenStreaming() {
    DecodedRequest d = ChatCompletionDecoder.decode("""
        {"model": "m", "messages": [{"role": "user", "content": "hi"}],
         "stream_options": {"include_usage": true}}""");
    DecodedRequest streamed = ChatCompletionDecoder.decode("""
        {"model": "m", "messages": [{"role": "user", "content": "hi"}], "stream": true}""");

    assertThat(d.includeUsage()).isFalse();
    assertThat(streamed.stream()).isTrue();
    assertThat(streamed.includeUsage()).isFalse();
  }

  @Test
  void bytesAreReadAsUtf8() {
    byte[] body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"caf\u00e9 \u2615\"}]}"
        .getBytes(StandardCharsets.UTF_8);

    assertThat(ChatCompletionDecoder.decode(body).request().messages().get(0).text()).isEqualTo("caf\u00e9 \u2615");
  }

  @Test
  void toolChoiceStringsMapToModes() {
    assertThat(toolChoice("\"auto\"")).isEqualTo(ToolChoice.auto());
    assertThat(toolChoice("\"none\"")).isEqualTo(ToolChoice.none());
    assertThat(toolChoice("\"required\"")).isEqualTo(ToolChoice.required());
  }

  private static ToolChoice toolChoice(String json) {
    return ChatCompletionDecoder.decode(
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tool_choice\":" + json + "}")
        .request().toolChoice();
  }

  @Test
  void invalidJsonIsReportedWithoutParam() {
    assertThatThrownBy(() -> ChatCompletionDecoder.decode("{\"model\": \"m\", \"messages\": ["))
        .isInstanceOfSatisfying(BadRequestException.class, e -> {
          assertThat(e.param()).isNull();
          assertThat(e.getMessage()).startsWith("invalid JSON: ");
        });
    assertThatThrownBy(() -> ChatCompletionDecoder.decode("{\"model\": 'm'}"))
        .hasMessageStartingWith("invalid JSON: ").hasMessageNotContaining("setLenient");
    assertThatThrownBy(() -> ChatCompletionDecoder.decode("{} {}")).hasMessageStartingWith("invalid JSON: ");
    assertThatThrownBy(() -> ChatCompletionDecoder.decode("")).hasMessageStartingWith("invalid JSON: ");
  }

  @Test
  void bodyMustBeAnObject() {
    assertThatThrownBy(() -> ChatCompletionDecoder.decode("[1, 2]"))
        .hasMessage("the request body must be a JSON object, got array");
  }

  @Test
  void liteLlmsCacheControlsAreCallOptionsNeverSentUpstream() {
    ChatRequest r = ChatCompletionDecoder.decode("""
        {"model": "m", "messages": [{"role": "user", "content": "hi"}],
         "cache": {"no-store": true, "ttl": 300, "s-maxage": 1.5}}""").request();
    assertThat(r.options().cache()).isEqualTo(new ChatRequest.CacheUse(false, true, java.time.Duration.ofSeconds(300),
        java.time.Duration.ofMillis(1500)));
    assertThat(r.extra()).doesNotContainKey("cache");
    assertThat(ChatCompletionDecoder.decode("""
        {"model": "m", "messages": [{"role": "user", "content": "hi"}], "cache": {"no-cache": true}}""")
        .request().options().cache().noCache()).isTrue();
    assertThatThrownBy(() -> ChatCompletionDecoder.decode("""
        {"model": "m", "messages": [{"role": "user", "content": "hi"}], "cache": {"max-age": 5}}"""))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("cache.max-age")
        .hasMessageContaining("use no-cache, no-store, ttl or s-maxage");
    assertThatThrownBy(() -> ChatCompletionDecoder.decode("""
        {"model": "m", "messages": [{"role": "user", "content": "hi"}], "cache": {"ttl": 0}}"""))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("cache.ttl");
  }
}
