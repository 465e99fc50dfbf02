package dev.llmrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.wire.JsonIo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a Messages API event stream the way a strict client reads it: each event's {@code event:} line names its
 * data's type; {@code message_start} first with numeric usage (cache counts included); blocks one at a time, indexes
 * 0, 1, 2..., each delta of its block's kind; one {@code message_delta} with a known stop reason and numeric output
 * tokens; {@code message_stop} last (or an {@code error} event ending a failed stream).
 */
final class AnthropicStreams {
  private static final Set<String> STOP_REASONS = Set.of("end_turn", "max_tokens", "stop_sequence", "tool_use",
      "pause_turn", "refusal");

  private AnthropicStreams() {}

  /** The stream's events as (name, data) pairs. */
  static List<Map.Entry<String, Map<String, Object>>> events(String body) {
    List<Map.Entry<String, Map<String, Object>>> out = new ArrayList<>();
    for (String block : body.split("\n\n")) {
      if (block.isBlank()) {
        continue;
      }
      String name = null;
      String data = null;
      for (String line : block.split("\n")) {
        if (line.startsWith("event: ")) {
          name = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data = line.substring(6);
        }
      }
      assertThat(name).as("every event has an event: line: " + block).isNotNull();
      assertThat(data).as("every event has data: " + block).isNotNull();
      @SuppressWarnings("unchecked")
      Map<String, Object> parsed = (Map<String, Object>) JsonIo.parse(data.getBytes(StandardCharsets.UTF_8));
      assertThat(parsed.get("type")).as("event name and data type").isEqualTo(name);
      out.add(Map.entry(name, parsed));
    }
    return out;
  }

  /** Asserts a complete, valid stream and returns its events. */
  @SuppressWarnings("unchecked")
  static List<Map.Entry<String, Map<String, Object>>> assertValid(String body) {
    List<Map.Entry<String, Map<String, Object>>> events = events(body);
    assertThat(events).isNotEmpty();
    assertThat(events.get(0).getKey()).isEqualTo("message_start");
    Map<String, Object> usage = (Map<String, Object>) ((Map<String, Object>) events.get(0).getValue().get("message"))
        .get("usage");
    for (String field : List.of("input_tokens", "output_tokens", "cache_creation_input_tokens",
        "cache_read_input_tokens")) {
      assertThat(usage.get(field)).as("message_start usage." + field).isInstanceOf(Long.class);
    }
    int nextIndex = 0;
    Integer open = null;
    String openType = null;
    boolean delta = false;
    for (int i = 1; i < events.size(); i++) {
      String name = events.get(i).getKey();
      Map<String, Object> data = events.get(i).getValue();
      switch (name) {
        case "ping" -> { }
        case "content_block_start" -> {
          assertThat(open).as("a block starts only after the last one stopped").isNull();
          assertThat(((Number) data.get("index")).intValue()).isEqualTo(nextIndex);
          open = nextIndex++;
          openType = (String) ((Map<String, Object>) data.get("content_block")).get("type");
        }
        case "content_block_delta" -> {
          assertThat(((Number) data.get("index")).intValue()).as("a delta of the open block").isEqualTo(open);
          String type = (String) ((Map<String, Object>) data.get("delta")).get("type");
          String expected = switch (openType) {
            case "text" -> "text_delta";
            case "tool_use" -> "input_json_delta";
            case "thinking" -> type.equals("signature_delta") ? "signature_delta" : "thinking_delta";
            default -> type;
          };
          assertThat(type).as("a " + openType + " block's delta").isEqualTo(expected);
        }
        case "content_block_stop" -> {
          assertThat(((Number) data.get("index")).intValue()).isEqualTo(open);
          open = null;
        }
        case "message_delta" -> {
          assertThat(open).as("every block stopped before message_delta").isNull();
          assertThat(delta).as("one message_delta").isFalse();
          delta = true;
          assertThat(((Map<String, Object>) data.get("delta")).get("stop_reason")).isIn(STOP_REASONS.toArray());
          assertThat(((Map<String, Object>) data.get("usage")).get("output_tokens")).isInstanceOf(Long.class);
        }
        case "message_stop" -> assertThat(i).as("message_stop is last").isEqualTo(events.size() - 1);
        default -> throw new AssertionError("unexpected event " + name);
      }
    }
    assertThat(delta).as("a message_delta").isTrue();
    assertThat(events.get(events.size() - 1).getKey()).isEqualTo("message_stop");
    return events;
  }
}
