package dev.llmrouter.wire.anthropic;

import com.squareup.moshi.JsonWriter;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.Usage;
import dev.llmrouter.wire.JsonIo;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/** Pieces of the Messages API's response side shared by the plain and the streamed encoder. */
final class AnthropicText {
  private static final Set<String> STOP_REASONS = Set.of("end_turn", "max_tokens", "stop_sequence", "tool_use",
      "pause_turn", "refusal", "model_context_window_exceeded");

  private AnthropicText() {}

  /** Anthropic's {@code stop_reason}: the provider's own word when it is one of Anthropic's, else the mapped one. */
  static String stopReason(FinishReason reason, String raw) {
    if (raw != null && STOP_REASONS.contains(raw)) {
      return raw;
    }
    return switch (reason == null ? FinishReason.OTHER : reason) {
      case LENGTH -> "max_tokens";
      case TOOL_CALLS -> "tool_use";
      case CONTENT_FILTER -> "refusal";
      case PAUSE -> "pause_turn";
      case STOP, OTHER -> "end_turn";
    };
  }

  /**
   * Anthropic's usage object, every count a number: {@code input_tokens} without the cached parts, which go in
   * {@code cache_creation_input_tokens} and {@code cache_read_input_tokens}.
   */
  static void usage(JsonWriter w, Usage u) throws IOException {
    w.beginObject();
    w.name("input_tokens").value(u.uncachedInputTokens());
    w.name("cache_creation_input_tokens").value(u.cacheWriteTokens());
    w.name("cache_read_input_tokens").value(u.cacheReadTokens());
    w.name("output_tokens").value(u.outputTokens());
    w.endObject();
  }

  /** A tool call's input: its arguments as an object; arguments that are no JSON object are kept under "_raw". */
  static void toolInput(JsonWriter w, ContentBlock.ToolCall call) throws IOException {
    Object parsed = JsonIo.parseOrNull(call.argumentsJson());
    JsonIo.writeValue(w, parsed instanceof Map<?, ?> ? parsed : Map.of("_raw", call.argumentsJson()));
  }

  /** A message id as Anthropic spells them. */
  static String messageId(String id) {
    return id == null || id.isEmpty() ? "msg_" + java.util.UUID.randomUUID().toString().replace("-", "")
        : id.startsWith("msg_") ? id : "msg_" + id;
  }
}
