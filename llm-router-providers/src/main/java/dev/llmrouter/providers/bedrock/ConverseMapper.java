package dev.llmrouter.providers.bedrock;

import static dev.llmrouter.providers.internal.JsonValues.number;
import static dev.llmrouter.providers.internal.JsonValues.putIfNotNull;
import static dev.llmrouter.providers.internal.JsonValues.string;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.Message;
import dev.llmrouter.api.Role;
import dev.llmrouter.api.Tool;
import dev.llmrouter.api.ToolChoice;
import dev.llmrouter.api.Usage;
import dev.llmrouter.wire.JsonIo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Between the API's records and Bedrock's Converse API, both ways, without HTTP:
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html and
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html. Converse is the same
 * for every model family on Bedrock.
 *
 * <p>The rules where the two do not map one to one: system text and system or developer messages go to
 * {@code system}; consecutive messages of one role are one message (Converse wants turns to alternate); tool results
 * are {@code toolResult} blocks of a user message ({@code status: error} for an error), their content {@code json}
 * when the result is a JSON object, else {@code text}; images are base64 {@code bytes} with their format (Converse
 * takes no image URLs: a URL is a 400 naming it); {@code tool_choice} none sends no tools when the conversation has
 * no tool blocks (Converse has no "none"), required is {@code any}; {@code top_k} and a thinking budget go in
 * {@code additionalModelRequestFields} (the model family's own names, Anthropic's for Claude); thinking comes and
 * goes as {@code reasoningContent} with its signature. Usage: {@code inputTokens} excludes the cache reads and
 * writes, which are added, as for Anthropic. Converse answers carry no id: one is made.
 */
final class ConverseMapper {
  private ConverseMapper() {}

  static Map<String, Object> toRequestBody(ChatRequest request) {
    Map<String, Object> body = new LinkedHashMap<>();
    List<Object> system = new ArrayList<>();
    request.system().forEach(b -> text(system, b));
    boolean toolBlocks = false;
    List<Object> messages = new ArrayList<>();
    String lastRole = null;
    List<Object> content = null;
    for (Message m : request.messages()) {
      if (m.role() == Role.SYSTEM || m.role() == Role.DEVELOPER) {
        m.content().forEach(b -> text(system, b));
        continue;
      }
      String role = m.role() == Role.ASSISTANT ? "assistant" : "user";
      List<Object> blocks = blocks(m.content());
      toolBlocks |= m.content().stream().anyMatch(b -> b instanceof ContentBlock.ToolCall
          || b instanceof ContentBlock.ToolResult);
      if (blocks.isEmpty()) {
        continue;
      }
      if (role.equals(lastRole)) {
        content.addAll(blocks);
      } else {
        content = new ArrayList<>(blocks);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", role);
        message.put("content", content);
        messages.add(message);
        lastRole = role;
      }
    }
    body.put("messages", messages);
    if (!system.isEmpty()) {
      body.put("system", system);
    }
    Map<String, Object> inference = new LinkedHashMap<>();
    putIfNotNull(inference, "maxTokens", request.maxTokens());
    putIfNotNull(inference, "temperature", request.temperature());
    putIfNotNull(inference, "topP", request.topP());
    if (!request.stop().isEmpty()) {
      inference.put("stopSequences", request.stop());
    }
    if (!inference.isEmpty()) {
      body.put("inferenceConfig", inference);
    }
    boolean none = request.toolChoice() != null && request.toolChoice().mode() == ToolChoice.Mode.NONE;
    if (!request.tools().isEmpty() && (!none || toolBlocks)) {
      List<Object> tools = new ArrayList<>();
      for (Tool t : request.tools()) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", t.name());
        if (t.description() != null) {
          spec.put("description", t.description());
        }
        spec.put("inputSchema", Map.of("json", t.parameters() == null ? Map.of("type", "object") : t.parameters()));
        tools.add(Map.of("toolSpec", spec));
      }
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("tools", tools);
      if (request.toolChoice() != null && !none) {
        config.put("toolChoice", switch (request.toolChoice().mode()) {
          case REQUIRED -> Map.of("any", Map.of());
          case TOOL -> Map.of("tool", Map.of("name", request.toolChoice().toolName()));
          default -> Map.of("auto", Map.of());
        });
      }
      body.put("toolConfig", config);
    }
    Map<String, Object> additional = new LinkedHashMap<>();
    putIfNotNull(additional, "top_k", request.topK());
    if (request.reasoning() != null) {
      int budget = request.reasoning().budgetTokens() != null ? request.reasoning().budgetTokens()
          : budgetFor(request.reasoning().effort());
      additional.put("thinking", Map.of("type", "enabled", "budget_tokens", budget));
    }
    if (!additional.isEmpty()) {
      body.put("additionalModelRequestFields", additional);
    }
    return body;
  }

  private static int budgetFor(String effort) {
    return switch (effort == null ? "" : effort.toLowerCase(Locale.ROOT)) {
      case "minimal", "low" -> 1024;
      case "medium" -> 2048;
      default -> 4096;
    };
  }

  private static List<Object> blocks(List<ContentBlock> blocks) {
    List<Object> out = new ArrayList<>();
    for (ContentBlock b : blocks) {
      if (b instanceof ContentBlock.Text t) {
        text(out, t);
      } else if (b instanceof ContentBlock.Image i) {
        if (i.data() == null) {
          throw new InvalidRequestException("bedrock takes images as base64 data, not URLs (" + i.url() + ")", 400,
              "image", null);
        }
        String type = i.mediaType() == null ? "image/png" : i.mediaType();
        out.add(Map.of("image", Map.of("format", type.substring(type.indexOf('/') + 1), "source",
            Map.of("bytes", i.data()))));
      } else if (b instanceof ContentBlock.ToolCall c) {
        Object input = JsonIo.parseOrNull(c.argumentsJson() == null || c.argumentsJson().isBlank() ? "{}"
            : c.argumentsJson());
        out.add(Map.of("toolUse", Map.of("toolUseId", c.id(), "name", c.name(), "input",
            input instanceof Map<?, ?> ? input : Map.of())));
      } else if (b instanceof ContentBlock.ToolResult r) {
        Object parsed = JsonIo.parseOrNull(r.text());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("toolUseId", r.toolCallId());
        result.put("content", List.of(parsed instanceof Map<?, ?> ? Map.of("json", parsed) : Map.of("text",
            r.text())));
        if (r.isError()) {
          result.put("status", "error");
        }
        out.add(Map.of("toolResult", result));
      } else if (b instanceof ContentBlock.Thinking t && t.thinking() != null) {
        Map<String, Object> reasoning = new LinkedHashMap<>();
        reasoning.put("text", t.thinking());
        if (t.signature() != null) {
          reasoning.put("signature", t.signature());
        }
        out.add(Map.of("reasoningContent", Map.of("reasoningText", reasoning)));
      } else if (b instanceof ContentBlock.RedactedThinking r) {
        out.add(Map.of("reasoningContent", Map.of("redactedContent", r.data())));
      }
    }
    return out;
  }

  private static void text(List<Object> parts, ContentBlock b) {
    if (b instanceof ContentBlock.Text t && t.text() != null && !t.text().isEmpty()) {
      parts.add(Map.of("text", t.text()));
    }
  }

  /** A Converse answer. */
  static ChatResponse toChatResponse(Map<?, ?> body) {
    Map<?, ?> output = body.get("output") instanceof Map<?, ?> o ? o : Map.of();
    Map<?, ?> message = output.get("message") instanceof Map<?, ?> m ? m : Map.of();
    List<ContentBlock> content = new ArrayList<>();
    if (message.get("content") instanceof List<?> blocks) {
      for (Object o : blocks) {
        if (!(o instanceof Map<?, ?> block)) {
          continue;
        }
        if (block.get("text") instanceof String text && !text.isEmpty()) {
          content.add(new ContentBlock.Text(text));
        } else if (block.get("toolUse") instanceof Map<?, ?> use) {
          Object input = use.get("input");
          content.add(new ContentBlock.ToolCall(string(use.get("toolUseId")), string(use.get("name")),
              JsonIo.toJson(input == null ? Map.of() : input)));
        } else if (block.get("reasoningContent") instanceof Map<?, ?> reasoning) {
          if (reasoning.get("reasoningText") instanceof Map<?, ?> r) {
            content.add(new ContentBlock.Thinking(string(r.get("text")), string(r.get("signature"))));
          } else if (reasoning.get("redactedContent") instanceof String data) {
            content.add(new ContentBlock.RedactedThinking(data));
          }
        }
      }
    }
    String raw = string(body.get("stopReason"));
    return new ChatResponse(newId(), null, null, null, content, finishReason(raw), raw, usage(body.get("usage")),
        null, null);
  }

  static String newId() {
    return "msg_bdrk_" + UUID.randomUUID().toString().replace("-", "");
  }

  static FinishReason finishReason(String raw) {
    if (raw == null) {
      return FinishReason.OTHER;
    }
    return switch (raw) {
      case "end_turn", "stop_sequence" -> FinishReason.STOP;
      case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
      case "tool_use" -> FinishReason.TOOL_CALLS;
      case "guardrail_intervened", "content_filtered" -> FinishReason.CONTENT_FILTER;
      default -> FinishReason.OTHER;
    };
  }

  /** {@code inputTokens} does not count the cache reads and writes: they are added, as Anthropic's mapper does. */
  static Usage usage(Object u) {
    Map<?, ?> usage = u instanceof Map<?, ?> m ? m : Map.of();
    long read = number(usage.get("cacheReadInputTokens"));
    long write = number(usage.get("cacheWriteInputTokens"));
    return new Usage(number(usage.get("inputTokens")) + read + write, number(usage.get("outputTokens")), read, write,
        0);
  }
}
