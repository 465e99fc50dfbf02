package dev.llmrouter.wire.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.api.Usage;
import dev.llmrouter.wire.openai.OpenAiJson;
import dev.llmrouter.wire.openai.OpenAiStreamTranslator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Router events as Anthropic's events, and OpenAI chunks through both translations. */
class MessagesStreamEncoderTest {
  private final MessagesStreamEncoder encoder = new MessagesStreamEncoder("gw");

  private String encode(StreamEvent... events) {
    StringBuilder sb = new StringBuilder();
    for (StreamEvent e : events) {
      sb.append(encoder.encode(e));
    }
    return sb.toString();
  }

  @Test
  void aMessageStartCarriesNumericUsageCacheCountsIncluded() {
    String out = encode(new StreamEvent.MessageStart("msg_1", "claude", new Usage(125, 1, 100, 0, 0))
        .withRouting("d1", "claude-gw"));
    assertThat(out).startsWith("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
        + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-gw\",\"content\":[],\"stop_reason\":null,"
        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":25,\"cache_creation_input_tokens\":0,"
        + "\"cache_read_input_tokens\":100,\"output_tokens\":1}}}\n\n");
  }

  @Test
  void aDeltaNeverLandsInABlockOfAnotherKind() {
    String out = encode(new StreamEvent.MessageStart("m", null), StreamEvent.BlockStart.thinking(0),
        new StreamEvent.ThinkingDelta(0, "hmm"), new StreamEvent.TextDelta(0, "leaked"), new StreamEvent.BlockStop(0),
        StreamEvent.BlockStart.text(1), new StreamEvent.TextDelta(1, "Hi"), new StreamEvent.BlockStop(1),
        new StreamEvent.MessageDelta(FinishReason.STOP, "stop", Usage.of(3, 2)), new StreamEvent.MessageStop());
    assertThat(out).contains("\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hmm\"}")
        .doesNotContain("leaked").contains("\"stop_reason\":\"end_turn\"").endsWith("event: message_stop\n"
            + "data: {\"type\":\"message_stop\"}\n\n");
  }

  @Test
  void openBlocksCloseBeforeTheMessageEndsAndAnErrorIsAnErrorEvent() {
    String out = encode(StreamEvent.BlockStart.text(0), new StreamEvent.TextDelta(0, "Hi"),
        new StreamEvent.MessageDelta(FinishReason.LENGTH, "length", Usage.of(3, 2)));
    assertThat(out).startsWith("event: message_start").contains("event: content_block_stop\ndata: "
        + "{\"type\":\"content_block_stop\",\"index\":0}").contains("\"stop_reason\":\"max_tokens\"");
    assertThat(encoder.error(new ProviderUnavailableException("upstream reset")))
        .startsWith("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":");
  }

  /** OpenAI chunks with two parallel tool calls whose fragments interleave, and text after them. */
  @Test
  void interleavedToolCallFragmentsArriveWholeAndInOrderThroughBothTranslations() {
    OpenAiStreamTranslator translator = new OpenAiStreamTranslator();
    List<StreamEvent> events = new ArrayList<>();
    for (String chunk : List.of(
        "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\","
            + "\"type\":\"function\",\"function\":{\"name\":\"read\",\"arguments\":\"{\\\"pa\"}}]}}]}",
        "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\","
            + "\"type\":\"function\",\"function\":{\"name\":\"grep\",\"arguments\":\"{\\\"q\\\":\"}}]}}]}",
        "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
            + "\"function\":{\"arguments\":\"th\\\":\\\"a\\\"}\"}}]}}]}",
        "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Also: \"}}]}",
        "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,"
            + "\"function\":{\"arguments\":\"\\\"x\\\"}\"}}]}}]}",
        "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"done\"},\"finish_reason\":\"tool_calls\"}]}")) {
      events.addAll(translator.onChunk(OpenAiJson.readCompletion(chunk)));
    }
    events.addAll(translator.finish());

    StringBuilder sb = new StringBuilder();
    events.forEach(e -> sb.append(encoder.encode(e)));
    String out = sb.toString();

    // blocks one at a time: call_a whole, then call_b whole, then the text
    int a = out.indexOf("\"id\":\"call_a\"");
    int aStop = out.indexOf("\"type\":\"content_block_stop\",\"index\":0");
    int b = out.indexOf("\"id\":\"call_b\"");
    int bStop = out.indexOf("\"type\":\"content_block_stop\",\"index\":1");
    int text = out.indexOf("\"text\":\"Also: \"");
    assertThat(a).isLessThan(aStop);
    assertThat(aStop).isLessThan(b);
    assertThat(b).isLessThan(bStop);
    assertThat(bStop).isLessThan(text);
    assertThat(out).contains("\"partial_json\":\"{\\\"pa\"").contains("\"partial_json\":\"th\\\":\\\"a\\\"}\"")
        .contains("\"partial_json\":\"{\\\"q\\\":\"").contains("\"partial_json\":\"\\\"x\\\"}\"")
        .contains("\"text\":\"done\"").contains("\"stop_reason\":\"tool_use\"");
    assertThat(out.indexOf("\"partial_json\":\"th")).isLessThan(aStop);
    assertThat(out.indexOf("\"partial_json\":\"\\\"x")).isBetween(b, bStop);
  }
}
