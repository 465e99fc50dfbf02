package dev.llmrouter.providers.ollama;

import static dev.llmrouter.providers.internal.JsonValues.number;
import static dev.llmrouter.providers.internal.JsonValues.putIfNotNull;
import static dev.llmrouter.providers.internal.JsonValues.string;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.Message;
import dev.llmrouter.api.ResponseFormat;
import dev.llmrouter.api.Role;
import dev.llmrouter.api.ToolChoice;
import dev.llmrouter.api.Usage;
import dev.llmrouter.wire.JsonIo;
import dev.llmrouter.wire.openai.OpenAiMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Between the API's records and Ollama's native chat API ({@code POST /api/chat}), both ways, without HTTP:
 * https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion.
 *
 * <p>What does not map, by rule: Ollama takes images as base64 only (an image URL is a 400 naming it); it has no
 * {@code tool_choice}, so {@code none} sends no tools and {@code required} or a named tool is a 400 (the model
 * decides by itself); tool calls carry no ids, so one is made per call ({@code call_<n>}), and a tool result is sent
 * with the name of the call it answers ({@code tool_name}), found in the conversation.
 */
final class OllamaMapper {
  private OllamaMapper() {}

  /** The request body; {@code options} and {@code keep_alive} from the deployment come first, the call's over them. */
  static Map<String, Object> toRequestBody(ChatRequest request, boolean stream, OllamaConfig config) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", request.model());
    body.put("messages", messages(request));
    boolean noTools = request.toolChoice() != null && request.toolChoice().mode() == ToolChoice.Mode.NONE;
    if (!request.tools().isEmpty() && !noTools) {
      if (request.toolChoice() != null && request.toolChoice().mode() != ToolChoice.Mode.AUTO) {
        throw new InvalidRequestException("ollama has no tool_choice: it cannot be made to call a tool ("
            + request.toolChoice().mode().name().toLowerCase(java.util.Locale.ROOT) + "); send tool_choice auto or none",
            400, "tool_choice", null);
      }
      List<Object> tools = new ArrayList<>();
      request.tools().forEach(t -> tools.add(OpenAiMapper.tool(t)));
      body.put("tools", tools);
    }
    ResponseFormat format = request.responseFormat();
    if (format != null && format.type() == ResponseFormat.Type.JSON_SCHEMA && format.schema() != null) {
      body.put("format", format.schema());
    } else if (format != null && format.type() == ResponseFormat.Type.JSON_OBJECT) {
      body.put("format", "json");
    }
    Map<String, Object> options = new LinkedHashMap<>(config.options());
    putIfNotNull(options, "temperature", request.temperature());
    putIfNotNull(options, "top_p", request.topP());
    putIfNotNull(options, "top_k", request.topK());
    putIfNotNull(options, "num_predict", request.maxTokens());
    putIfNotNull(options, "seed", request.seed());
    if (!request.stop().isEmpty()) {
      options.put("stop", request.stop());
    }
    if (!options.isEmpty()) {
      body.put("options", options);
    }
    if (request.reasoning() != null) {
      body.put("think", true);
    }
    body.put("stream", stream);
    if (config.keepAlive() != null) {
      body.put("keep_alive", config.keepAlive());
    }
    return body;
  }

  private static List<Object> messages(ChatRequest request) {
    List<Object> out = new ArrayList<>();
    if (!request.system().isEmpty()) {
      out.add(message("system", text(request.system()), null));
    }
    Map<String, String> toolNames = new HashMap<>();
    for (Message m : request.messages()) {
      for (ContentBlock b : m.content()) {
        if (b instanceof ContentBlock.ToolCall c) {
          toolNames.put(c.id(), c.name());
        }
      }
    }
    for (Message m : request.messages()) {
      List<ContentBlock> rest = new ArrayList<>();
      for (ContentBlock b : m.content()) {
        if (b instanceof ContentBlock.ToolResult r) {
          Map<String, Object> tool = message("tool", r.text(), null);
          String name = toolNames.get(r.toolCallId());
          if (name != null) {
            tool.put("tool_name", name);
          }
          out.add(tool);
        } else {
          rest.add(b);
        }
      }
      if (rest.isEmpty() && !m.content().isEmpty()) {
        continue;
      }
      out.add(m.role() == Role.ASSISTANT ? assistant(rest) : message(role(m.role()), text(rest), images(rest)));
    }
    return out;
  }

  private static Map<String, Object> assistant(List<ContentBlock> blocks) {
    Map<String, Object> out = message("assistant", text(blocks), null);
    StringBuilder thinking = new StringBuilder();
    List<Object> calls = new ArrayList<>();
    for (ContentBlock b : blocks) {
      if (b instanceof ContentBlock.Thinking t && t.thinking() != null) {
        thinking.append(t.thinking());
      } else if (b instanceof ContentBlock.ToolCall c) {
        Object args = JsonIo.parseOrNull(c.argumentsJson() == null || c.argumentsJson().isBlank() ? "{}"
            : c.argumentsJson());
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", c.name());
        function.put("arguments", args instanceof Map<?, ?> ? args : Map.of());
        calls.add(Map.of("function", function));
      }
    }
    if (thinking.length() > 0) {
      out.put("thinking", thinking.toString());
    }
    if (!calls.isEmpty()) {
      out.put("tool_calls", calls);
    }
    return out;
  }

  private static Map<String, Object> message(String role, String content, List<String> images) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("role", role);
    out.put("content", content);
    if (images != null && !images.isEmpty()) {
      out.put("images", images);
    }
    return out;
  }

  private static String role(Role role) {
    return switch (role) {
      case SYSTEM, DEVELOPER -> "system";
      case USER -> "user";
      case ASSISTANT -> "assistant";
      case TOOL -> "tool";
    };
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

  private static List<String> images(List<ContentBlock> blocks) {
    List<String> out = new ArrayList<>();
    for (ContentBlock b : blocks) {
      if (b instanceof ContentBlock.Image i) {
        if (i.data() == null) {
          throw new InvalidRequestException("ollama takes images as base64 data, not URLs (" + i.url() + ")", 400,
              "images", null);
        }
        out.add(i.data());
      }
    }
    return out;
  }

  /** A whole answer ({@code stream: false}). */
  static ChatResponse toChatResponse(Map<?, ?> body) {
    Map<?, ?> message = body.get("message") instanceof Map<?, ?> m ? m : Map.of();
    List<ContentBlock> content = new ArrayList<>();
    if (message.get("thinking") instanceof String t && !t.isEmpty()) {
      content.add(new ContentBlock.Thinking(t, null));
    }
    if (message.get("content") instanceof String text && !text.isEmpty()) {
      content.add(new ContentBlock.Text(text));
    }
    List<ContentBlock.ToolCall> calls = toolCalls(message, 0);
    content.addAll(calls);
    String raw = body.get("done_reason") instanceof String r ? r : null;
    return new ChatResponse(id(body), null, null, string(body.get("model")), content,
        finishReason(raw, !calls.isEmpty()), raw, usage(body), null, null);
  }

  /** The tool calls of a message, numbered from {@code first} for their ids. */
  static List<ContentBlock.ToolCall> toolCalls(Map<?, ?> message, int first) {
    List<ContentBlock.ToolCall> out = new ArrayList<>();
    if (message.get("tool_calls") instanceof List<?> calls) {
      int n = first;
      for (Object c : calls) {
        if (c instanceof Map<?, ?> call && call.get("function") instanceof Map<?, ?> f) {
          String id = call.get("id") instanceof String s && !s.isBlank() ? s : "call_" + n;
          Object args = f.get("arguments");
          String json = args instanceof String s ? s : JsonIo.toJson(args == null ? Map.of() : args);
          out.add(new ContentBlock.ToolCall(id, string(f.get("name")), json));
          n++;
        }
      }
    }
    return out;
  }

  static FinishReason finishReason(String raw, boolean toolCalls) {
    if (toolCalls) {
      return FinishReason.TOOL_CALLS;
    }
    if (raw == null) {
      return FinishReason.OTHER;
    }
    return switch (raw) {
      case "stop" -> FinishReason.STOP;
      case "length" -> FinishReason.LENGTH;
      default -> FinishReason.OTHER;
    };
  }

  /** {@code prompt_eval_count} in, {@code eval_count} out (Ollama leaves the first out when the prompt was cached). */
  static Usage usage(Map<?, ?> body) {
    return Usage.of(number(body.get("prompt_eval_count")), number(body.get("eval_count")));
  }

  /** Ollama's answers have no id: one from the time it was made, like {@code ollama-2023-12-12T14:13:43.416799Z}. */
  static String id(Map<?, ?> body) {
    return "ollama-" + (body.get("created_at") instanceof String s ? s : "0");
  }
}
