package dev.llmrouter.providers.cohere;

import static dev.llmrouter.providers.internal.JsonValues.number;
import static dev.llmrouter.providers.internal.JsonValues.putIfNotNull;
import static dev.llmrouter.providers.internal.JsonValues.string;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.ResponseFormat;
import dev.llmrouter.api.ToolChoice;
import dev.llmrouter.api.Usage;
import dev.llmrouter.wire.openai.OpenAiMapper;
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
      request.tools().forEach(t -> tools.add(OpenAiMapper.tool(t)));
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

  /**
   * Cohere v2's messages are OpenAI's (system, user with text and {@code image_url} parts, assistant with
   * {@code tool_calls}, tool with {@code tool_call_id}), but for two things: no {@code developer} role (it is a
   * system message) and no {@code name}.
   */
  @SuppressWarnings("unchecked")
  private static List<Object> messages(ChatRequest request) {
    List<Object> out = OpenAiMapper.messages(request);
    for (Object m : out) {
      Map<String, Object> message = (Map<String, Object>) m;
      message.remove("name");
      if ("developer".equals(message.get("role"))) {
        message.put("role", "system");
      }
    }
    return out;
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
}
