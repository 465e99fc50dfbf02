package dev.llmrouter.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy in front of a MockWebServer upstream, driven by the official OpenAI Java SDK as a real client. */
class OpenAiSdkTest {
  @StartStop
  private final MockWebServer upstream = new MockWebServer();

  private ProxyFixture proxy;
  private OpenAIClient client;

  @BeforeEach
  void start() throws Exception {
    proxy = ProxyFixture.start(ProxyFixture.config(upstream.url("/v1").toString(), null));
    client = OpenAIOkHttpClient.builder()
        .baseUrl(proxy.baseUrl() + "/v1")
        .apiKey(ProxyFixture.MASTER_KEY)
        .maxRetries(0)
        .timeout(Duration.ofSeconds(20))
        .build();
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    proxy.assertNoKeyLeaked();
    proxy.close();
  }

  @Test
  void plainCompletionIsServedByTheUpstreamWithTheProviderKey() throws Exception {
    upstream.enqueue(json(200, completion("Hello from upstream.")));

    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("gpt-4o-mini").addUserMessage("Hi").temperature(0.2).build());

    assertThat(completion.choices().get(0).message().content()).contains("Hello from upstream.");
    assertThat(completion.model()).isEqualTo("gpt-4o-mini");
    assertThat(completion.id()).startsWith("chatcmpl-");
    RecordedRequest sent = upstream.takeRequest();
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + ProxyFixture.PROVIDER_KEY);
    assertThat(sent.getBody().utf8()).contains("\"model\":\"gpt-4o-mini\"").contains("\"temperature\":0.2");
  }

  @Test
  void streamedChunksReachTheClientBeforeTheUpstreamHasFinished() throws Exception {
    SlowSseBody body = new SlowSseBody(List.of("One ", "two ", "three ", "four."), 300);
    upstream.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
        .body(body).build());

    StringBuilder text = new StringBuilder();
    boolean firstContentBeforeUpstreamDone = false;
    boolean sawContent = false;
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
        ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Count").build())) {
      for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
        if (chunk.choices().isEmpty()) {
          continue;
        }
        String delta = chunk.choices().get(0).delta().content().orElse("");
        if (!delta.isEmpty() && !sawContent) {
          sawContent = true;
          firstContentBeforeUpstreamDone = body.finished.getCount() > 0;
        }
        text.append(delta);
      }
    }

    assertThat(text.toString()).isEqualTo("One two three four.");
    assertThat(firstContentBeforeUpstreamDone).as("first chunk arrived while the upstream was still writing").isTrue();
    assertThat(body.finished.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void toolCallRoundTrip() throws Exception {
    upstream.enqueue(json(200, """
        {"id":"chatcmpl-t1","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,
        "message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_42","type":"function",
        "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},"finish_reason":"tool_calls"}],
        "usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}"""));
    upstream.enqueue(json(200, completion("It is sunny in Paris.")));

    FunctionDefinition weather = weatherFunction();
    ChatCompletionCreateParams first = ChatCompletionCreateParams.builder().model("gpt-4o-mini")
        .addUserMessage("Weather in Paris?").addFunctionTool(weather).build();
    ChatCompletion call = client.chat().completions().create(first);

    List<ChatCompletionMessageToolCall> calls = call.choices().get(0).message().toolCalls().orElseThrow();
    ChatCompletionMessageFunctionToolCall toolCall = calls.get(0).asFunction();
    assertThat(toolCall.id()).isEqualTo("call_42");
    assertThat(toolCall.function().name()).isEqualTo("get_weather");
    assertThat(toolCall.function().arguments()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(call.choices().get(0).finishReason().toString()).isEqualTo("tool_calls");
    String firstSent = upstream.takeRequest().getBody().utf8();
    assertThat(firstSent).contains("\"tools\"").contains("\"get_weather\"");

    ChatCompletion answer = client.chat().completions().create(first.toBuilder()
        .addMessage(ChatCompletionAssistantMessageParam.builder().addToolCall(calls.get(0)).build())
        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId("call_42").content("sunny, 24C").build())
        .build());

    assertThat(answer.choices().get(0).message().content()).contains("It is sunny in Paris.");
    String secondSent = upstream.takeRequest().getBody().utf8();
    assertThat(secondSent).contains("\"tool_call_id\":\"call_42\"").contains("sunny, 24C")
        .contains("\"id\":\"call_42\"");
  }

  /** {@code get_weather(city)}, the tool of the SDK tests. */
  static FunctionDefinition weatherFunction() {
    return FunctionDefinition.builder().name("get_weather").description("Weather in a city")
        .parameters(FunctionParameters.builder()
            .putAdditionalProperty("type", JsonValue.from("object"))
            .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
            .putAdditionalProperty("required", JsonValue.from(List.of("city")))
            .build())
        .build();
  }

  @Test
  void upstreamFailureIsAnOpenAiErrorWithoutTheKey() {
    upstream.enqueue(json(503, """
        {"error":{"message":"The engine is overloaded (key sk-provider-b81e55d4c2 ignored)","type":"server_error"}}"""
        .replace("sk-provider-b81e55d4c2", "****")));

    assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("gpt-4o-mini").addUserMessage("Hi").build()))
        .isInstanceOfSatisfying(OpenAIServiceException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(502);
          assertThat(e.getMessage()).contains("overloaded");
        });
  }

  @Test
  void unknownModelIs404NamingTheModelsEndpoint() {
    assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("no-such-model").addUserMessage("Hi").build()))
        .isInstanceOfSatisfying(OpenAIServiceException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(404);
          assertThat(e.getMessage()).contains("/v1/models");
        });
  }

  static MockResponse json(int status, String body) {
    return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(body).build();
  }

  static String completion(String text) {
    return """
        {"id":"chatcmpl-up1","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,
        "message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
        "usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7}}""".formatted(text);
  }

  /** An OpenAI event stream written one chunk at a time with a pause between: a slow upstream. */
  static final class SlowSseBody implements MockResponseBody {
    final CountDownLatch finished = new CountDownLatch(1);
    private final List<String> pieces;
    private final long pauseMillis;

    SlowSseBody(List<String> pieces, long pauseMillis) {
      this.pieces = pieces;
      this.pauseMillis = pauseMillis;
    }

    @Override
    public long getContentLength() {
      return -1;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      try {
        sink.writeUtf8(event("{\"role\":\"assistant\",\"content\":\"\"}", null));
        sink.flush();
        for (String piece : pieces) {
          Thread.sleep(pauseMillis);
          sink.writeUtf8(event("{\"content\":\"" + piece + "\"}", null));
          sink.flush();
        }
        sink.writeUtf8(event("{}", "stop"));
        sink.writeUtf8("data: [DONE]\n\n");
        sink.flush();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        finished.countDown();
      }
    }

    static String event(String delta, String finishReason) {
      return "data: {\"id\":\"chatcmpl-s1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
          + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
          + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]}\n\n";
    }
  }
}
