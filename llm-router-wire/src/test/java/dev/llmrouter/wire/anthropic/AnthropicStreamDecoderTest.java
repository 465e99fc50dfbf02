package dev.llmrouter.wire.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.RateLimitedException;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.api.StreamEvent.BlockType;
import dev.llmrouter.api.Usage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicStreamDecoderTest {
  private final AnthropicStreamDecoder decoder = new AnthropicStreamDecoder();

  private List<StreamEvent> decodeAll(String... data) {
    List<StreamEvent> out = new ArrayList<>();
    for (String d : data) {
      out.addAll(decoder.decode(d));
    }
    return out;
  }

  @Test
  void serverToolBlocksAreSkippedIndexesRenumberedAndPingsRelayed() {
    List<StreamEvent> events = decodeAll(
        "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"content\":[],\"model\":\"claude-x\",\"stop_reason\":null,\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":10,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":90,"
            + "\"output_tokens\":1}}}",
        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"server_tool_use\","
            + "\"id\":\"srvtoolu_1\",\"name\":\"web_search\",\"input\":{}}}",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\","
            + "\"partial_json\":\"{\\\"query\\\":\\\"x\\\"}\"}}",
        "{\"type\":\"content_block_stop\",\"index\":0}",
        "{\"type\": \"ping\"}",
        "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
        "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}",
        "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"citations_delta\",\"citation\":{}}}",
        "{\"type\":\"content_block_stop\",\"index\":1}",
        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
            + "\"usage\":{\"output_tokens\":7}}",
        "{\"type\":\"message_stop\"}");
    assertThat(events).containsExactly(
        new StreamEvent.MessageStart("msg_1", "claude-x", new Usage(100, 1, 90, 0, 0)),
        new StreamEvent.Ping(),
        StreamEvent.BlockStart.text(0),
        new StreamEvent.TextDelta(0, "Hi"),
        new StreamEvent.BlockStop(0),
        new StreamEvent.MessageDelta(FinishReason.STOP, "end_turn", new Usage(100, 7, 90, 0, 0)),
        new StreamEvent.MessageStop());
    assertThat(decoder.stopped()).isTrue();
  }

  @Test
  void usageRepeatedInMessageDeltaWins() {
    List<StreamEvent> events = decodeAll(
        "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_2\",\"model\":\"m\",\"content\":[],"
            + "\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}",
        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\"},\"usage\":{\"input_tokens\":6,"
            + "\"cache_creation_input_tokens\":40,\"cache_read_input_tokens\":0,\"output_tokens\":64}}");
    assertThat(events.get(1)).isEqualTo(
        new StreamEvent.MessageDelta(FinishReason.LENGTH, "max_tokens", new Usage(46, 64, 0, 40, 0)));
    assertThat(decoder.stopped()).isFalse();
  }

  @Test
  void redactedThinkingCarriesItsDataOnTheStartEvent() {
    List<StreamEvent> events = decodeAll("{\"type\":\"content_block_start\",\"index\":0,"
        + "\"content_block\":{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgB\"}}");
    assertThat(events).containsExactly(
        new StreamEvent.BlockStart(0, BlockType.REDACTED_THINKING, null, null, "EmwKAhgB"));
  }

  @Test
  void errorEventsBecomeTaxonomyExceptions() {
    assertThatThrownBy(() -> decoder.decode(
        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"))
        .isInstanceOf(ProviderUnavailableException.class)
        .hasMessageContaining("Overloaded")
        .satisfies(e -> assertThat(((LlmException) e).providerError()).contains("overloaded_error"));
    assertThatThrownBy(() -> decoder.decode(
        "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}"))
        .isInstanceOf(RateLimitedException.class);
    assertThatThrownBy(() -> decoder.decode("{not json"))
        .isInstanceOf(ProviderUnavailableException.class);
  }

  @Test
  void aDeltaForABlockThatNeverStartedIsPassedOn() {
    List<StreamEvent> events = decodeAll(
        "{\"type\":\"content_block_delta\",\"index\":3,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\"}}",
        "{\"type\":\"content_block_delta\",\"index\":3,\"delta\":{\"type\":\"text_delta\",\"text\":\"b\"}}");
    assertThat(events).containsExactly(new StreamEvent.TextDelta(0, "a"), new StreamEvent.TextDelta(0, "b"));
  }
}
