package dev.llmrouter.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Json;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.llmrouter.wire.anthropic.AnthropicWire;
import dev.llmrouter.wire.openai.OpenAiWire;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RecordAdapters} reads and writes the JSON Moshi's own record adapter does. */
class RecordAdaptersTest {
  private final Moshi ours = new Moshi.Builder().add(new RecordAdapters()).build();
  private final Moshi moshis = new Moshi.Builder().build();

  /** A record of this test's own: primitives, names, a nested list. */
  public record Sample(@Json(name = "max_tokens") int maxTokens, boolean stream, String text, List<Part> parts,
                       Object extra) {}

  public record Part(String type, @Json(name = "partial_json") String partialJson) {}

  private <T> void sameBothWays(Class<T> type, String json) throws Exception {
    JsonAdapter<T> mine = ours.adapter(type);
    JsonAdapter<T> theirs = moshis.adapter(type);
    assertThat(mine.toString()).contains("RecordAdapters");
    T a = mine.fromJson(json);
    T b = theirs.fromJson(json);
    assertThat(a).isEqualTo(b);
    assertThat(mine.toJson(a)).isEqualTo(theirs.toJson(b));
  }

  @Test
  void anOpenAiCompletionAsMoshiReadsAndWritesIt() throws Exception {
    sameBothWays(OpenAiWire.Completion.class, """
        {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini","system_fingerprint":"fp",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Hi","refusal":null,
           "tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{\\"a\\":1}"}}]},
           "logprobs":null,"finish_reason":"tool_calls"}],
         "usage":{"prompt_tokens":9,"completion_tokens":7,"total_tokens":16,
           "prompt_tokens_details":{"cached_tokens":2},"completion_tokens_details":{"reasoning_tokens":3}}}""");
  }

  @Test
  void anAnthropicStreamEventAsMoshiReadsAndWritesIt() throws Exception {
    sameBothWays(AnthropicWire.SseEvent.class, """
        {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},
         "usage":{"output_tokens":15,"input_tokens":null}}""");
    sameBothWays(AnthropicWire.SseEvent.class, """
        {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"q\\":"}}""");
  }

  @Test
  void absentPrimitivesAreTheirDefaultsNullsAreLeftOutUnknownNamesSkipped() throws Exception {
    JsonAdapter<Sample> mine = ours.adapter(Sample.class);
    Sample s = mine.fromJson("""
        {"unknown":{"deep":[1,2]},"text":"t","parts":[{"type":"x","partial_json":"{"},null]}""");
    assertThat(s).isEqualTo(new Sample(0, false, "t", java.util.Arrays.asList(new Part("x", "{"), null), null));
    assertThat(mine.toJson(new Sample(5, true, null, List.of(new Part("x", null)), null)))
        .isEqualTo("{\"max_tokens\":5,\"stream\":true,\"parts\":[{\"type\":\"x\"}]}");
    assertThat(mine.fromJson("null")).isNull();
    assertThat(mine.toJson(null)).isEqualTo("null");
  }
}
