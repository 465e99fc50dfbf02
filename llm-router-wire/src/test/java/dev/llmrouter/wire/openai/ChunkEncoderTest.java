package dev.llmrouter.wire.openai;

import static dev.llmrouter.wire.openai.JsonTestSupport.list;
import static dev.llmrouter.wire.openai.JsonTestSupport.obj;
import static dev.llmrouter.wire.openai.JsonTestSupport.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.RateLimitedException;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.api.StreamEvent.BlockStart;
import dev.llmrouter.api.StreamEvent.BlockStop;
import dev.llmrouter.api.StreamEvent.MessageDelta;
import dev.llmrouter.api.StreamEvent.MessageStart;
import dev.llmrouter.api.StreamEvent.MessageStop;
import dev.llmrouter.api.StreamEvent.TextDelta;
import dev.llmrouter.api.StreamEvent.ThinkingDelta;
import dev.llmrouter.api.StreamEvent.ToolArgumentsDelta;
import dev.llmrouter.api.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChunkEncoderTest {
  private static final long CREATED = 1_700_000_000L;

  private static List<Map<String, Object>> run(boolean includeUsage, StreamEvent... events) {
    ChunkEncoder encoder = new ChunkEncoder("chatcmpl-1", "smart", CREATED, includeUsage);
    List<Map<String, Object>> chunks = new ArrayList<>();
    for (StreamEvent event : events) {
      encoder.encode(event).forEach(json -> chunks.add(parse(json)));
    }
    return chunks;
  }

  private static Map<String, Object> choice(Map<String, Object> chunk) {
    List<Object> choices = list(chunk.get("choices"));
    assertThat(choices).hasSize(1);
    return obj(choices.get(0));
  }

  private static Map<String, Object> delta(Map<String, Object> chunk) {
    return obj(choice(chunk).get("delta"));
  }

  @Test
  void textStreamBecomesRoleContentAndFinishChunks() {
    List<Map<String, Object>> chunks = run(false,
        new MessageStart("msg_1", "gpt-4o"), BlockStart.text(0), new TextDelta(0, "Hel"), new TextDelta(0, "lo"),
        new BlockStop(0), new MessageDelta(FinishReason.STOP, "stop", Usage.of(5, 2)), new MessageStop());

    assertThat(chunks).hasSize(4);
    for (Map<String, Object> chunk : chunks) {
      assertThat(chunk).containsEntry("id", "chatcmpl-1").containsEntry("object", "chat.completion.chunk")
          .containsEntry("created", (double) CREATED).containsEntry("model", "smart").doesNotContainKey("usage");
      assertThat(choice(chunk).get("index")).isEqualTo(0.0);
    }
    assertThat(delta(chunks.get(0))).isEqualTo(Map.of("role", "assistant", "content", ""));
    assertThat(delta(chunks.get(1))).isEqualTo(Map.of("content", "Hel"));
    assertThat(delta(chunks.get(2))).isEqualTo(Map.of("content", "lo"));
    assertThat(choice(chunks.get(2))).containsEntry("finish_reason", null);
    assertThat(delta(chunks.get(3))).isEmpty();
    assertThat(choice(chunks.get(3))).containsEntry("finish_reason", "stop");
  }

  @Test
  void toolCallsAreNumberedFromZeroNotByBlockIndex() {
    List<Map<String, Object>> chunks = run(false,
        new MessageStart("msg_1", "claude"),
        BlockStart.thinking(0), new ThinkingDelta(0, "Need weather."), new BlockStop(0),
        BlockStart.text(1), new TextDelta(1, "Checking."), new BlockStop(1),
        BlockStart.toolCall(2, "toolu_a", "get_weather"), new ToolArgumentsDelta(2, "{\"city\":"),
        new ToolArgumentsDelta(2, "\"Paris\"}"), new BlockStop(2),
        BlockStart.toolCall(3, "toolu_b", "get_time"), new ToolArgumentsDelta(3, "{}"), new BlockStop(3),
        new MessageDelta(FinishReason.TOOL_CALLS, "tool_use", Usage.of(10, 20)), new MessageStop());

    List<Object> deltas = chunks.stream().map(c -> (Object) delta(c)).toList();
    assertThat(deltas).containsExactly(
        Map.of("role", "assistant", "content", ""),
        Map.of("reasoning_content", "Need weather."),
        Map.of("content", "Checking."),
        Map.of("tool_calls", List.of(Map.of("index", 0.0, "id", "toolu_a", "type", "function",
            "function", Map.of("name", "get_weather", "arguments", "")))),
        Map.of("tool_calls", List.of(Map.of("index", 0.0, "function", Map.of("arguments", "{\"city\":")))),
        Map.of("tool_calls", List.of(Map.of("index", 0.0, "function", Map.of("arguments", "\"Paris\"}")))),
        Map.of("tool_calls", List.of(Map.of("index", 1.0, "id", "toolu_b", "type", "function",
            "function", Map.of("name", "get_time", "arguments", "")))),
        Map.of("tool_calls", List.of(Map.of("index", 1.0, "function", Map.of("arguments", "{}")))),
        Map.of());
    assertThat(choice(chunks.get(chunks.size() - 1))).containsEntry("finish_reason", "tool_calls");
  }

  @Test
  void usageChunkFollowsTheFinishOnlyWhenAskedFor() {
    List<Map<String, Object>> chunks = run(true,
        new MessageStart("msg_1", "gpt-4o"), new TextDelta(0, "Hi"),
        new MessageDelta(FinishReason.LENGTH, "length", new Usage(12, 3, 8, 0, 1)), new MessageStop());

    assertThat(chunks).hasSize(4);
    assertThat(chunks.subList(0, 3)).allSatisfy(c -> assertThat(c).containsEntry("usage", null));
    assertThat(choice(chunks.get(2))).containsEntry("finish_reason", "length");
    Map<String, Object> last = chunks.get(3);
    assertThat(last).containsEntry("id", "chatcmpl-1").containsEntry("object", "chat.completion.chunk");
    assertThat(last.get("choices")).isEqualTo(List.of());
    assertThat(last.get("usage")).isEqualTo(Map.of(
        "prompt_tokens", 12.0, "completion_tokens", 3.0, "total_tokens", 15.0,
        "prompt_tokens_details", Map.of("cached_tokens", 8.0),
        "completion_tokens_details", Map.of("reasoning_tokens", 1.0)));
  }

  @Test
  void withoutUsageTheFinishChunkIsLast() {
    List<Map<String, Object>> chunks = run(false,
        new MessageStart("msg_1", "gpt-4o"), new TextDelta(0, "Hi"),
        new MessageDelta(FinishReason.STOP, "stop", Usage.of(1, 1)), new MessageStop());

    assertThat(chunks).hasSize(3);
    assertThat(chunks).noneSatisfy(c -> assertThat(c).containsKey("usage"));
  }

  @Test
  void roleChunkIsSentEvenWithoutMessageStart() {
    List<Map<String, Object>> chunks = run(false, new TextDelta(0, "Hi"));

    assertThat(chunks).hasSize(2);
    assertThat(delta(chunks.get(0))).containsEntry("role", "assistant");
    assertThat(delta(chunks.get(1))).isEqualTo(Map.of("content", "Hi"));
  }

  @Test
  void eventsWithoutOpenAiCounterpartsYieldNothing() {
    ChunkEncoder encoder = new ChunkEncoder("id", "m", 0, true);
    encoder.encode(new MessageStart("x", "y"));

    assertThat(encoder.encode(BlockStart.text(0))).isEmpty();
    assertThat(encoder.encode(new StreamEvent.SignatureDelta(0, "sig"))).isEmpty();
    assertThat(encoder.encode(new TextDelta(0, ""))).isEmpty();
    assertThat(encoder.encode(new BlockStop(0))).isEmpty();
    assertThat(encoder.encode(new MessageStop())).isEmpty();
  }

  @Test
  void errorEventUsesOpenAiErrorShape() {
    Map<String, Object> json = parse(ChunkEncoder.errorEvent(
        new RateLimitedException("slow down", Duration.ofSeconds(3))));

    assertThat(obj(json.get("error"))).containsEntry("message", "slow down")
        .containsEntry("type", "rate_limit_error").containsEntry("code", "rate_limit_exceeded");
  }
}
