package dev.llmrouter.providers.cohere;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.InvalidRequestException;
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

/**
 * Between the API's records and Cohere's v2 Chat API ({@code POST /v2/chat}), both ways, without HTTP:
 * https://docs.cohere.com/reference/chat and https://docs.cohere.com/reference/chat-stream.
 *
 * <p>By rule: {@code citations} and the {@code tool_plan} (the model's note on how it will use the tools) are
 * dropped from answers, as neither has a place in the OpenAI or Anthropic shape; {@code usage} is Cohere's
 * {@code billed_units} (what Cohere charges for; {@code tokens} also counts the prompt Cohere adds), else
 * {@code tokens}; a named {@code tool_choice} is a 400 (Cohere takes only {@code REQUIRED} and {@code NONE}).
 */
final class CohereMapper {
  private CohereMapper() {}

  static Map<String, Object> toRequestBody(ChatRequest request, boolean stream) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", request.model());
    body.put("messages", messages(request));
    if (!request.tools().isEmpty()) {
      List<Object> tools = new ArrayList<>();
      for (Tool t : request.tools()) {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", t.name());
        if (t.description() != null) {
          function.put("description", t.description());
        }
        function.put("parameters", t.parameters());
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("type", "function");
        tool.put("function", function);
        tools.add(tool);
      }
      body.put("tools", tools);
    }
    ToolChoice choice = request.toolChoice();
    if (choice != null && choice.mode() != ToolChoice.Mode.AUTO) {
      body.put("tool_choice", switch (choice.mode()) {
        case NONE -> "NONE";
        case REQUIRED -> "REQUIRED";
        default -> throw new InvalidRequestException("cohere cannot be made to call one named tool ("
            + choice.toolName() + "); send tool_choice auto, required or none", 400, "tool_choice", null);
      });
    }
    ResponseFormat format = request.responseFormat();
    if (format != null && format.type() != ResponseFormat.Type.TEXT) {
      Map<String, Object> rf = new LinkedHashMap<>();
      rf.put("type", "json_object");
      if (format.type() == ResponseFormat.Type.JSON_SCHEMA && format.schema() != null) {
        rf.put("json_schema", format.schema());
      }
      body.put("response_format", rf);
    }
    putIfNotNull(body, "temperature", request.temperature());
    putIfNotNull(body, "p", request.topP());
    putIfNotNull(body, "k", request.topK());
    putIfNotNull(body, "max_tokens", request.maxTokens());
    if (!request.stop().isEmpty()) {
      body.put("stop_sequences", request.stop());
    }
    putIfNotNull(body, "seed", request.seed());
    if (request.reasoning() != null) {
      Map<String, Object> thinking = new LinkedHashMap<>();
      thinking.put("type", "enabled");
      putIfNotNull(thinking, "token_budget", request.reasoning().budgetTokens());
      body.put("thinking", thinking);
    }
    body.put("stream", stream);
    return body;
  }

  private static List<Object> messages(ChatRequest request) {
    List<Object> out = new ArrayList<>();
    if (!request.system().isEmpty()) {
      out.add(message("system", text(request.system())));
    }
    for (Message m : request.messages()) {
      List<ContentBlock> rest = new ArrayList<>();
      for (ContentBlock b : m.content()) {
        if (b instanceof ContentBlock.ToolResult r) {
          Map<String, Object> tool = new LinkedHashMap<>();
          tool.put("role", "tool");
          tool.put("tool_call_id", r.toolCallId());
          tool.put("content", r.text());
          out.add(tool);
        } else {
          rest.add(b);
        }
      }
      if (rest.isEmpty() && !m.content().isEmpty()) {
        continue;
      }
      out.add(m.role() == Role.ASSISTANT ? assistant(rest) : message(m.role().isSystem() ? "system" : "user",
          content(rest)));
    }
    return out;
  }

  private static Map<String, Object> assistant(List<ContentBlock> blocks) {
    List<Object> calls = new ArrayList<>();
    for (ContentBlock b : blocks) {
      if (b instanceof ContentBlock.ToolCall c) {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", c.name());
        function.put("arguments", c.argumentsJson() == null || c.argumentsJson().isBlank() ? "{}" : c.argumentsJson());
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("id", c.id());
        call.put("type", "function");
        call.put("function", function);
        calls.add(call);
      }
    }
    String text = text(blocks);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("role", "assistant");
    if (!text.isEmpty() || calls.isEmpty()) {
      out.put("content", text);
    }
    if (!calls.isEmpty()) {
      out.put("tool_calls", calls);
    }
    return out;
  }

  /** A string when it is text only, else Cohere's parts ({@code text} and {@code image_url}, images as data URLs). */
  private static Object content(List<ContentBlock> blocks) {
    if (blocks.stream().noneMatch(b -> b instanceof ContentBlock.Image)) {
      return text(blocks);
    }
    List<Object> parts = new ArrayList<>();
    for (ContentBlock b : blocks) {
      if (b instanceof ContentBlock.Text t) {
        parts.add(Map.of("type", "text", "text", t.text()));
      } else if (b instanceof ContentBlock.Image i) {
        String url = i.data() != null ? "data:" + i.mediaType() + ";base64," + i.data() : i.url();
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("type", "image_url");
        part.put("image_url", Map.of("url", url));
        parts.add(part);
      }
    }
    return parts;
  }

  private static Map<String, Object> message(String role, Object content) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("role", role);
    out.put("content", content);
    return out;
  }

  private static String text(List<ContentBlock> blocks) {
    StringBuilder sb = new StringBuilder();
    for (ContentBlock b : blocks) {
      if (b instanceof ContentBlock.Text t) {
        sb.append(t.text());
      }
    }
    return sb.toString();
  }

  static ChatResponse toChatResponse(Map<?, ?> body) {
    Map<?, ?> message = body.get("message") instanceof Map<?, ?> m ? m : Map.of();
    List<ContentBlock> content = new ArrayList<>();
    if (message.get("content") instanceof List<?> parts) {
      for (Object p : parts) {
        if (p instanceof Map<?, ?> part) {
          if ("thinking".equals(part.get("type")) && part.get("thinking") instanceof String t) {
            content.add(new ContentBlock.Thinking(t, null));
          } else if (part.get("text") instanceof String t && !t.isEmpty()) {
            content.add(new ContentBlock.Text(t));
          }
        }
      }
    }
    if (message.get("tool_calls") instanceof List<?> calls) {
      for (Object c : calls) {
        if (c instanceof Map<?, ?> call && call.get("function") instanceof Map<?, ?> f) {
          content.add(new ContentBlock.ToolCall(string(call.get("id")), string(f.get("name")),
              f.get("arguments") instanceof String a ? a : "{}"));
        }
      }
    }
    String raw = string(body.get("finish_reason"));
    return new ChatResponse(body.get("id") instanceof String id ? id : "cohere", null, null, null, content,
        finishReason(raw), raw, usage(body.get("usage")), null, null);
  }

  static FinishReason finishReason(String raw) {
    if (raw == null) {
      return FinishReason.OTHER;
    }
    return switch (raw) {
      case "COMPLETE", "STOP_SEQUENCE" -> FinishReason.STOP;
      case "MAX_TOKENS" -> FinishReason.LENGTH;
      case "TOOL_CALL" -> FinishReason.TOOL_CALLS;
      default -> FinishReason.OTHER;
    };
  }

  static Usage usage(Object usage) {
    if (!(usage instanceof Map<?, ?> u)) {
      return Usage.ZERO;
    }
    Map<?, ?> counts = u.get("billed_units") instanceof Map<?, ?> b ? b : u.get("tokens") instanceof Map<?, ?> t ? t
        : Map.of();
    return Usage.of(number(counts.get("input_tokens")), number(counts.get("output_tokens")));
  }

  private static long number(Object o) {
    return o instanceof Number n ? n.longValue() : 0;
  }

  static String string(Object o) {
    return o instanceof String s ? s : null;
  }

  private static void putIfNotNull(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
