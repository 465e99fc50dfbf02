package dev.llmrouter.wire.openai;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.Message;
import dev.llmrouter.api.ResponseFormat;
import dev.llmrouter.api.Role;
import dev.llmrouter.api.Tool;
import dev.llmrouter.api.ToolChoice;
import dev.llmrouter.api.Usage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pure functions between the API records and OpenAI's Chat Completions wire format. The request body is
 * built as JSON-like values (ordered maps, lists, strings, numbers) so that {@link ChatRequest#extra()} can
 * be merged in at the top level (it adds fields, never replaces one); null fields are left out.
 */
public final class OpenAiMapper {
  /** Top-level fields that {@code extra} may never replace. */
  static final Set<String> RESERVED = Set.of("model", "messages", "stream", "stream_options");

  private OpenAiMapper() {}

  // ---------------------------------------------------------------- request

  /**
   * The body of {@code POST /chat/completions}.
   *
   * @param useMaxCompletionTokens send the limit as {@code max_completion_tokens} instead of {@code max_tokens}
   */
  public static Map<String, Object> toRequestBody(ChatRequest request, boolean stream, boolean useMaxCompletionTokens) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", request.model());
    body.put("messages", messages(request));
    if (stream) {
      body.put("stream", true);
      body.put("stream_options", Map.of("include_usage", true));
    }
    if (!request.tools().isEmpty()) {
      List<Object> tools = new ArrayList<>();
      request.tools().forEach(t -> tools.add(tool(t)));
      body.put("tools", tools);
    }
    putIfNotNull(body, "tool_choice", toolChoice(request.toolChoice()));
    putIfNotNull(body, "parallel_tool_calls", request.parallelToolCalls());
    putIfNotNull(body, "temperature", request.temperature());
    putIfNotNull(body, "top_p", request.topP());
    putIfNotNull(body, useMaxCompletionTokens ? "max_completion_tokens" : "max_tokens", request.maxTokens());
    if (!request.stop().isEmpty()) {
      body.put("stop", request.stop());
    }
    putIfNotNull(body, "seed", request.seed());
    putIfNotNull(body, "response_format", responseFormat(request.responseFormat()));
    putIfNotNull(body, "reasoning_effort", request.reasoning() == null ? null : request.reasoning().effort());
    putIfNotNull(body, "user", request.user());
    if (!request.metadata().isEmpty()) {
      body.put("metadata", request.metadata());
    }
    // extra fills in fields the typed ones left out, never replacing one (nor model/messages/stream even when
    // absent, so it cannot turn a plain call into a stream). top_k is not an OpenAI parameter: it goes out only
    // when the caller puts it in extra.
    request.extra().forEach((name, value) -> {
      if (!RESERVED.contains(name)) {
        body.putIfAbsent(name, value);
      }
    });
    return body;
  }

  public static List<Object> messages(ChatRequest request) {
    List<Object> out = new ArrayList<>();
    if (!request.system().isEmpty()) {
      out.add(message("system", content(request.system()), null));
    }
    for (Message m : request.messages()) {
      addMessage(out, m);
    }
    return out;
  }

  private static void addMessage(List<Object> out, Message m) {
    if (m.role() == Role.ASSISTANT) {
      out.add(assistantMessage(m));
      return;
    }
    // Tool results become tool messages of their own, placed first: they answer the preceding assistant turn.
    List<ContentBlock> rest = new ArrayList<>();
    for (ContentBlock block : m.content()) {
      if (block instanceof ContentBlock.ToolResult r) {
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("role", "tool");
        tool.put("tool_call_id", r.toolCallId());
        tool.put("content", r.text());
        out.add(tool);
      } else {
        rest.add(block);
      }
    }
    if (rest.isEmpty() && !m.content().isEmpty()) {
      return; // only tool results
    }
    out.add(message(role(m.role()), content(rest), m.name()));
  }

  private static Map<String, Object> assistantMessage(Message m) {
    List<ContentBlock> parts = new ArrayList<>();
    List<Object> toolCalls = new ArrayList<>();
    for (ContentBlock block : m.content()) {
      if (block instanceof ContentBlock.ToolCall c) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("id", c.id());
        call.put("type", "function");
        call.put("function", object("name", c.name(), "arguments", c.argumentsJson()));
        toolCalls.add(call);
      } else {
        parts.add(block);
      }
    }
    Object content = toolCalls.isEmpty() || hasParts(parts) ? content(parts) : null;
    Map<String, Object> out = message("assistant", content, m.name());
    if (!toolCalls.isEmpty()) {
      out.put("tool_calls", toolCalls);
    }
    return out;
  }

  private static boolean hasParts(List<ContentBlock> blocks) {
    return blocks.stream().anyMatch(b -> b instanceof ContentBlock.Text || b instanceof ContentBlock.Image);
  }

  private static Map<String, Object> message(String role, Object content, String name) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("role", role);
    putIfNotNull(out, "content", content);
    putIfNotNull(out, "name", name);
    return out;
  }

  public static String role(Role role) {
    return switch (role) {
      case SYSTEM -> "system";
      case DEVELOPER -> "developer";
      case USER -> "user";
      case ASSISTANT -> "assistant";
      case TOOL -> "tool";
    };
  }

  /**
   * A string for a single text block, else an array of text and image parts. Thinking, tool calls and tool
   * results have no place in OpenAI content and are dropped.
   */
  public static Object content(List<ContentBlock> blocks) {
    List<ContentBlock> kept = blocks.stream()
        .filter(b -> b instanceof ContentBlock.Text || b instanceof ContentBlock.Image).toList();
    if (kept.isEmpty()) {
      return "";
    }
    if (kept.size() == 1 && kept.get(0) instanceof ContentBlock.Text t) {
      return t.text();
    }
    List<Object> parts = new ArrayList<>();
    for (ContentBlock block : kept) {
      if (block instanceof ContentBlock.Text t) {
        parts.add(object("type", "text", "text", t.text()));
      } else if (block instanceof ContentBlock.Image i) {
        Map<String, Object> image = new LinkedHashMap<>();
        image.put("url", i.url() != null ? i.url() : "data:" + i.mediaType() + ";base64," + i.data());
        putIfNotNull(image, "detail", i.detail());
        parts.add(object("type", "image_url", "image_url", image));
      }
    }
    return parts;
  }

  public static Map<String, Object> tool(Tool tool) {
    Map<String, Object> function = new LinkedHashMap<>();
    function.put("name", tool.name());
    putIfNotNull(function, "description", tool.description());
    if (!tool.parameters().isEmpty()) {
      function.put("parameters", tool.parameters());
    }
    putIfNotNull(function, "strict", tool.strict());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", "function");
    out.put("function", function);
    return out;
  }

  public static Object toolChoice(ToolChoice choice) {
    if (choice == null) {
      return null;
    }
    return switch (choice.mode()) {
      case AUTO -> "auto";
      case NONE -> "none";
      case REQUIRED -> "required";
      case TOOL -> object("type", "function", "function", object("name", choice.toolName()));
    };
  }

  public static Map<String, Object> responseFormat(ResponseFormat format) {
    if (format == null) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    switch (format.type()) {
      case TEXT -> out.put("type", "text");
      case JSON_OBJECT -> out.put("type", "json_object");
      case JSON_SCHEMA -> {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("name", format.name());
        schema.put("schema", format.schema());
        putIfNotNull(schema, "strict", format.strict());
        out.put("type", "json_schema");
        out.put("json_schema", schema);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- response

  /**
   * Why a 200 body is not a chat completion, or null when it is one: it needs a choice with a message that has
   * content, a refusal, reasoning or tool calls, unless it stopped for its length or a content filter.
   */
  public static String whyNotACompletion(OpenAiWire.Completion completion) {
    if (completion.choices() == null || completion.choices().isEmpty()) {
      return "no choices";
    }
    OpenAiWire.Choice choice = completion.choices().get(0);
    if (choice.message() == null) {
      return "no message in its first choice";
    }
    OpenAiWire.WireMessage m = choice.message();
    boolean hasSomething = m.content() != null || m.refusal() != null || reasoningText(m) != null
        || (m.toolCalls() != null && !m.toolCalls().isEmpty());
    String finish = choice.finishReason();
    if (!hasSomething && !"length".equals(finish) && !"content_filter".equals(finish)) {
      return "a message that has neither content nor tool calls";
    }
    return null;
  }

  public static ChatResponse toChatResponse(OpenAiWire.Completion completion) {
    OpenAiWire.Choice choice = completion.choices() == null || completion.choices().isEmpty()
        ? null : completion.choices().get(0);
    List<ContentBlock> content = new ArrayList<>();
    String raw = null;
    if (choice != null && choice.message() != null) {
      OpenAiWire.WireMessage m = choice.message();
      String reasoning = reasoningText(m);
      if (reasoning != null && !reasoning.isEmpty()) {
        content.add(new ContentBlock.Thinking(reasoning, null));
      }
      String text = text(m.content());
      if (text == null || text.isEmpty()) {
        text = m.refusal();
      }
      if (text != null && !text.isEmpty()) {
        content.add(new ContentBlock.Text(text));
      }
      if (m.toolCalls() != null) {
        for (OpenAiWire.WireToolCall call : m.toolCalls()) {
          OpenAiWire.WireFunction f = call.function();
          content.add(new ContentBlock.ToolCall(call.id() == null ? "" : call.id(),
              f == null || f.name() == null ? "" : f.name(), f == null ? null : f.arguments()));
        }
      }
    }
    if (choice != null) {
      raw = choice.finishReason();
    }
    return new ChatResponse(completion.id() == null ? "" : completion.id(), null, null, completion.model(), content,
        finishReason(raw), raw, usage(completion.usage()), null, null);
  }

  /** DeepSeek's {@code reasoning_content}, else OpenRouter's {@code reasoning} when it is text. */
  public static String reasoningText(OpenAiWire.WireMessage m) {
    if (m.reasoningContent() != null) {
      return m.reasoningContent();
    }
    return m.reasoning() instanceof String s ? s : null;
  }

  /** Message content as text: a string, or the text parts of an array joined. */
  public static String text(Object content) {
    if (content instanceof String s) {
      return s;
    }
    if (content instanceof List<?> parts) {
      StringBuilder sb = new StringBuilder();
      for (Object part : parts) {
        if (part instanceof Map<?, ?> p && p.get("text") instanceof String t) {
          sb.append(t);
        }
      }
      return sb.toString();
    }
    return null;
  }

  public static FinishReason finishReason(String raw) {
    if (raw == null) {
      return FinishReason.OTHER;
    }
    return switch (raw) {
      case "stop" -> FinishReason.STOP;
      case "length" -> FinishReason.LENGTH;
      case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
      case "content_filter" -> FinishReason.CONTENT_FILTER;
      default -> FinishReason.OTHER;
    };
  }

  public static Usage usage(OpenAiWire.WireUsage u) {
    if (u == null) {
      return Usage.ZERO;
    }
    long cached = u.promptTokensDetails() != null && u.promptTokensDetails().cachedTokens() != null
        ? u.promptTokensDetails().cachedTokens() : orZero(u.promptCacheHitTokens());
    long reasoning = u.completionTokensDetails() == null ? 0 : orZero(u.completionTokensDetails().reasoningTokens());
    return new Usage(orZero(u.promptTokens()), orZero(u.completionTokens()), cached, 0, reasoning);
  }

  private static long orZero(Long n) {
    return n == null ? 0 : Math.max(0, n);
  }

  /** An object with its keys in the order given (JSON key order matters to readers and tests). */
  private static Map<String, Object> object(Object... keysAndValues) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      out.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return out;
  }

  private static void putIfNotNull(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
