package dev.llmrouter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.providers.ProviderContractTest;
import dev.llmrouter.providers.ProviderContractTest.DisconnectDetectingBody;
import dev.llmrouter.testing.FakeClock;
import dev.llmrouter.testing.FakeScheduler;
import dev.llmrouter.testing.OpenAiBodies;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Streaming through the whole router: events in order, retry before the first event, cancel closes upstream. */
class RouterStreamingTest {
  @StartStop
  private final MockWebServer openai = new MockWebServer();
  @StartStop
  private final MockWebServer anthropic = new MockWebServer();
  private final FakeClock clock = new FakeClock();
  private final FakeScheduler scheduler = new FakeScheduler(clock);
  private Router router;

  @AfterEach
  void close() {
    router.close();
    scheduler.close();
  }

  private Router router() {
    router = Router.builder()
        .configYaml("""
            model_list:
              - model_name: gpt
                litellm_params: {model: openai/gpt-4o-mini, api_base: "${OPENAI}", api_key: sk-o}
              - model_name: claude
                litellm_params: {model: anthropic/claude-sonnet-4-5, api_base: "${ANTHROPIC}", api_key: sk-a}
            router_settings: {num_retries: 1}
            """)
        .environment(Map.of("OPENAI", openai.url("/v1").toString(), "ANTHROPIC", anthropic.url("/").toString()))
        .clock(clock)
        .retryScheduler(scheduler)
        .build();
    return router;
  }

  /** Records events; {@link #kinds()} names them in order. */
  static class Collector extends ProviderContractTest.Recorder {
    List<String> kinds() {
      return events.stream().map(e -> e.getClass().getSimpleName()).toList();
    }
  }

  @Test
  void anOpenAiStreamYieldsTextThenFinalUsageAndTheCost() throws Exception {
    router();
    openai.enqueue(OpenAiBodies.stream("Hel", "lo", 1_000_000, 1_000_000));
    Collector c = new Collector();

    ChatResponse response = router.stream(ChatRequest.builder("gpt").user("Hi").build(), c).completion()
        .get(10, TimeUnit.SECONDS);

    assertThat(c.done.get()).isSameAs(response);
    assertThat(c.kinds()).containsExactly("MessageStart", "BlockStart", "TextDelta", "TextDelta", "BlockStop",
        "MessageDelta", "MessageStop");
    assertThat(response.text()).isEqualTo("Hello");
    assertThat(response.usage().outputTokens()).isEqualTo(1_000_000);
    assertThat(response.cost().usd()).contains(new BigDecimal("0.75"));
    assertThat(response.deployment()).isEqualTo("gpt#0");
    assertThat(((StreamEvent.MessageStart) c.events.get(0)).deployment()).as("named for the caller")
        .isEqualTo("gpt#0");
  }

  @Test
  void aStreamCallRunsOnTheCallingThreadAndReturnsTheWholeAnswer() throws Exception {
    router();
    openai.enqueue(OpenAiBodies.stream("Hel", "lo", 10, 2));
    Collector c = new Collector();

    RouterCall call = router.newStreamCall(ChatRequest.builder("gpt").user("Hi").build(), c);
    ChatResponse response = call.execute();

    assertThat(response.text()).isEqualTo("Hello");
    assertThat(response.callInfo().callId()).isEqualTo(call.callId());
    assertThat(c.kinds()).containsExactly("MessageStart", "BlockStart", "TextDelta", "TextDelta", "BlockStop",
        "MessageDelta", "MessageStop");
    assertThat(((StreamEvent.MessageStart) c.events.get(0)).alias()).isEqualTo("gpt");
    assertThat(c.done).as("execute() answers; onComplete is not called").isNotDone();
    org.assertj.core.api.Assertions.assertThatThrownBy(call::execute).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anAnthropicStreamWithAToolCallYieldsArgumentFragmentsInOrder() throws Exception {
    router();
    anthropic.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body("""
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5-20250929","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":472,"output_tokens":2}}}

        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Let me check."}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        event: content_block_start
        data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01","name":"get_weather","input":{}}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\": "}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"\\"Paris\\"}"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":1}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}

        event: message_stop
        data: {"type":"message_stop"}

        """).build());
    Collector c = new Collector();

    ChatResponse response = router.stream(ChatRequest.builder("claude").user("Weather?").build(), c).completion()
        .get(10, TimeUnit.SECONDS);

    assertThat(c.kinds()).containsExactly("MessageStart", "BlockStart", "TextDelta", "BlockStop", "BlockStart",
        "ToolArgumentsDelta", "ToolArgumentsDelta", "BlockStop", "MessageDelta", "MessageStop");
    assertThat(response.toolCalls().get(0).argumentsJson()).isEqualTo("{\"city\": \"Paris\"}");
    assertThat(response.usage().inputTokens()).isEqualTo(472);
    assertThat(response.usage().outputTokens()).isEqualTo(89);
    // claude-sonnet-4-5: $3 / $15 per 1M tokens
    assertThat(response.cost().usd()).contains(new BigDecimal("0.002751"));
  }

  @Test
  void aFailureBeforeTheFirstEventIsRetried() throws Exception {
    router();
    openai.enqueue(OpenAiBodies.error(503, "server_error", "busy").build());
    openai.enqueue(OpenAiBodies.stream("A", "B", 1, 2));
    Collector c = new Collector();

    ChatResponse response = router.stream(ChatRequest.builder("gpt").user("Hi").build(), c).completion()
        .get(10, TimeUnit.SECONDS);

    assertThat(response.text()).isEqualTo("AB");
    assertThat(response.callInfo().attempts()).isEqualTo(2);
    assertThat(c.kinds()).filteredOn("MessageStart"::equals).hasSize(1);
  }

  @Test
  void cancellingTheStreamClosesTheUpstreamConnection() throws Exception {
    router();
    DisconnectDetectingBody body = new DisconnectDetectingBody("data: {\"id\":\"c\",\"object\":"
        + "\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
        + "\"delta\":{\"content\":\"tick \"},\"finish_reason\":null}]}\n\n");
    openai.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build());
    CountDownLatch firstText = new CountDownLatch(1);
    Collector c = new Collector() {
      @Override
      public void onEvent(StreamEvent event) {
        super.onEvent(event);
        if (event instanceof StreamEvent.TextDelta) {
          firstText.countDown();
        }
      }
    };

    StreamHandle handle = router.stream(ChatRequest.builder("gpt").user("Hi").build(), c);
    assertThat(firstText.await(10, TimeUnit.SECONDS)).isTrue();
    handle.cancel();

    assertThat(body.disconnected.await(5, TimeUnit.SECONDS)).as("upstream saw the connection close").isTrue();
    assertThat(handle.completion()).isCompletedExceptionally();
    assertThat(c.done).isNotDone();
  }
}
