package dev.llmrouter.benchmarks;

import dev.llmrouter.Router;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.wire.anthropic.MessagesDecoder;
import dev.llmrouter.wire.anthropic.MessagesEncoder;
import dev.llmrouter.wire.openai.ChatCompletionDecoder;
import dev.llmrouter.wire.openai.ChatCompletionEncoder;
import dev.llmrouter.wire.openai.DecodedRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The proxy's codecs on the bench's request ({@code ../shared/bench/body.json}) and its answer: OpenAI Chat
 * Completions and Anthropic Messages, decode and encode.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBench {
  private static final byte[] OPENAI = ("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":"
      + "\"You are a helpful assistant.\"},{\"role\":\"user\",\"content\":\"Say hello in five words.\"}],"
      + "\"max_tokens\":16,\"temperature\":0}").getBytes(StandardCharsets.UTF_8);
  private static final byte[] ANTHROPIC = ("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":16,\"system\":"
      + "\"You are a helpful assistant.\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello in five words.\"}]}")
      .getBytes(StandardCharsets.UTF_8);
  private static final Map<String, String> HEADERS = Map.of("anthropic-version", "2023-06-01");

  private ChatResponse response;

  @Setup(Level.Trial)
  public void answer() {
    try (Router router = Router.builder().configYaml("""
        model_list:
          - model_name: gpt-4o-mini
            litellm_params: {model: mock/gpt-4o-mini, mock_response: "Hello from the mock."}
        """).build()) {
      response = router.complete(ChatCompletionDecoder.decode(OPENAI).request());
    }
  }

  @Benchmark
  public DecodedRequest openAiDecode() {
    return ChatCompletionDecoder.decode(OPENAI);
  }

  @Benchmark
  public String openAiEncode() {
    return ChatCompletionEncoder.encode(response, 1_764_633_600L);
  }

  @Benchmark
  public Object anthropicDecode() {
    return MessagesDecoder.decode(ANTHROPIC, HEADERS, false);
  }

  @Benchmark
  public String anthropicEncode() {
    return MessagesEncoder.encode(response, "claude-sonnet-4-5");
  }
}
