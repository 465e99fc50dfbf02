package dev.llmrouter.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.llmrouter.api.AuthenticationException;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.ContextWindowExceededException;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.LlmTimeoutException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.RateLimitedException;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.api.StreamListener;
import dev.llmrouter.api.Tool;
import dev.llmrouter.api.ToolChoice;
import dev.llmrouter.api.spi.Cancellable;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.api.spi.Secret;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every HTTP provider shares, run against MockWebServer with bodies in the provider's own
 * wire format. A provider's test extends this, supplies the recorded bodies, and adds tests of the exact
 * JSON it sends.
 */
public abstract class ProviderContractTest {
  protected static final String API_KEY = "sk-test-secret-key-0123456789";

  @StartStop
  protected final MockWebServer server = new MockWebServer();

  private Provider provider;

  /** The provider under test, pointed at {@code settings.apiBase()}. */
  protected abstract Provider newProvider(DeploymentSettings settings);

  protected abstract String providerId();

  /** The api_base to configure for the mock server (e.g. with or without {@code /v1}). */
  protected String apiBase() {
    return server.url("/v1").toString();
  }

  /** A completed answer whose text is "Hello there!", 12 input and 4 output tokens, natural stop. */
  protected abstract MockResponse textResponse();

  /** A completed answer calling tool {@code get_weather} (id {@code call_1}) with {@code {"city":"Paris"}}. */
  protected abstract MockResponse toolCallResponse();

  /** A streamed answer with text "Hello there!" in more than one delta, then usage 12 in / 4 out. */
  protected abstract MockResponse streamedTextResponse();

  /** A streamed tool call to {@code get_weather} (id {@code call_1}) whose arguments arrive in fragments. */
  protected abstract MockResponse streamedToolCallResponse();

  /** The provider's error body for a status, with the given message. */
  protected abstract MockResponse.Builder errorResponse(int status, String message);

  /** One streamed chunk in the provider's format carrying {@code text}, to build slow streams from. */
  protected abstract String streamTextChunk(String text);

  /** The {@code Accept} header of a stream request: server-sent events unless the provider streams otherwise. */
  /** {@link #streamTextChunk} as bytes; a binary stream format (AWS event-stream) overrides this instead. */
  protected okio.ByteString streamTextChunkBytes(String text) {
    return okio.ByteString.encodeUtf8(streamTextChunk(text));
  }

  protected String streamAccept() {
    return "text/event-stream";
  }

  /** Server-sent events of {@code data:} lines only (OpenAI's and Azure's streams), as one response. */
  protected static MockResponse sseData(String... events) {
    StringBuilder sb = new StringBuilder();
    for (String e : events) {
      sb.append("data: ").append(e).append("\n\n");
    }
    return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream; charset=utf-8")
        .body(sb.toString()).build();
  }

  protected Provider provider() {
    if (provider == null) {
      provider = newProvider(new DeploymentSettings("test-deployment", providerId(), "test-model",
          Secret.of(API_KEY), apiBase(), null, Duration.ofSeconds(10), Duration.ofSeconds(10), Map.of(), Map.of()));
    }
    return provider;
  }

  /** A second provider, like {@link #provider()} but with {@code stream_timeout} set; closed after the test. */
  private Provider withStreamTimeout;

  protected Provider provider(Duration streamTimeout) {
    if (withStreamTimeout != null) {
      withStreamTimeout.close();
    }
    withStreamTimeout = newProvider(new DeploymentSettings("test-deployment", providerId(), "test-model",
        Secret.of(API_KEY), apiBase(), null, Duration.ofSeconds(10), streamTimeout, Map.of(), Map.of()));
    return withStreamTimeout;
  }

  @AfterEach
  void closeProvider() {
    if (provider != null) {
      provider.close();
    }
    if (withStreamTimeout != null) {
      withStreamTimeout.close();
    }
  }

  protected static ChatRequest simpleRequest() {
    return ChatRequest.builder("test-model").user("Say hello").maxTokens(64).build();
  }

  protected static ChatRequest toolRequest() {
    return ChatRequest.builder("test-model")
        .user("What's the weather in Paris?")
        .maxTokens(64)
        .addTool(new Tool("get_weather", "Current weather for a city", Map.of(
            "type", "object",
            "properties", Map.of("city", Map.of("type", "string")),
            "required", List.of("city"))))
        .toolChoice(ToolChoice.auto())
        .build();
  }

  @Test
  void plainTextAnswerIsMapped() throws Exception {
    server.enqueue(textResponse());
    ChatResponse response = provider().chat(simpleRequest());
    assertThat(response.text()).isEqualTo("Hello there!");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.rawFinishReason()).isNotBlank();
    assertThat(response.usage().inputTokens()).isEqualTo(12);
    assertThat(response.usage().outputTokens()).isEqualTo(4);
    assertThat(response.id()).isNotBlank();
    // Header values, not Headers.toString(): OkHttp redacts Authorization there.
    assertThat(server.takeRequest().getHeaders().toMultimap().values().toString()).contains(API_KEY);
  }

  @Test
  void toolCallAnswerIsMapped() {
    server.enqueue(toolCallResponse());
    ChatResponse response = provider().chat(toolRequest());
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(response.toolCalls()).hasSize(1);
    ContentBlock.ToolCall call = response.toolCalls().get(0);
    assertThat(call.id()).isEqualTo("call_1");
    assertThat(call.name()).isEqualTo("get_weather");
    assertThat(call.argumentsJson().replace(" ", "")).isEqualTo("{\"city\":\"Paris\"}");
  }

  @Test
  void streamedTextArrivesInOrderWithFinalUsage() throws Exception {
    server.enqueue(streamedTextResponse());
    Recorder recorder = new Recorder();
    provider().stream(simpleRequest(), recorder);
    ChatResponse response = recorder.done.get(10, TimeUnit.SECONDS);

    assertThat(recorder.events.get(0)).isInstanceOf(StreamEvent.MessageStart.class);
    assertThat(recorder.events.get(recorder.events.size() - 1)).isInstanceOf(StreamEvent.MessageStop.class);
    List<String> deltas = recorder.events.stream().filter(e -> e instanceof StreamEvent.TextDelta)
        .map(e -> ((StreamEvent.TextDelta) e).text()).toList();
    assertThat(deltas.size()).isGreaterThan(1);
    assertThat(String.join("", deltas)).isEqualTo("Hello there!");
    StreamEvent.MessageDelta end = recorder.events.stream().filter(e -> e instanceof StreamEvent.MessageDelta)
        .map(e -> (StreamEvent.MessageDelta) e).findFirst().orElseThrow();
    assertThat(end.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(end.usage().inputTokens()).isEqualTo(12);
    assertThat(end.usage().outputTokens()).isEqualTo(4);
    int lastDelta = lastIndexOf(recorder.events, StreamEvent.TextDelta.class);
    assertThat(recorder.events.indexOf(end)).isGreaterThan(lastDelta);
    assertThat(response.text()).isEqualTo("Hello there!");
    assertThat(response.usage().outputTokens()).isEqualTo(4);
  }

  /** Whether the provider streams a tool call whole, its arguments in one delta (Gemini, Ollama), not in fragments. */
  protected boolean toolCallsArriveWhole() {
    return false;
  }

  @Test
  void streamedToolCallArgumentsArriveAsFragments() throws Exception {
    server.enqueue(streamedToolCallResponse());
    Recorder recorder = new Recorder();
    provider().stream(toolRequest(), recorder);
    ChatResponse response = recorder.done.get(10, TimeUnit.SECONDS);

    StreamEvent.BlockStart start = recorder.events.stream().filter(e -> e instanceof StreamEvent.BlockStart b
        && b.type() == StreamEvent.BlockType.TOOL_CALL).map(e -> (StreamEvent.BlockStart) e).findFirst().orElseThrow();
    assertThat(start.toolCallId()).isEqualTo("call_1");
    assertThat(start.toolName()).isEqualTo("get_weather");
    List<String> fragments = recorder.events.stream().filter(e -> e instanceof StreamEvent.ToolArgumentsDelta)
        .map(e -> ((StreamEvent.ToolArgumentsDelta) e).partialJson()).toList();
    if (toolCallsArriveWhole()) {
      assertThat(fragments).containsExactly("{\"city\":\"Paris\"}");
    } else {
      assertThat(fragments.size()).isGreaterThan(1);
      assertThat(String.join("", fragments).replace(" ", "")).isEqualTo("{\"city\":\"Paris\"}");
    }
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(response.toolCalls()).extracting(ContentBlock.ToolCall::name).containsExactly("get_weather");
  }

  @Test
  void unauthorizedIsAuthenticationErrorWithoutTheKey() {
    server.enqueue(errorResponse(401, "Invalid API key provided").build());
    assertThatThrownBy(() -> provider().chat(simpleRequest()))
        .isInstanceOf(AuthenticationException.class)
        .satisfies(e -> {
          LlmException le = (LlmException) e;
          assertThat(le.status()).isEqualTo(401);
          assertThat(le.retryable()).isFalse();
          assertThat(le.getMessage()).contains("Invalid API key provided").doesNotContain(API_KEY);
        });
  }

  @Test
  void badRequestIsInvalidRequestWithTheProviderMessage() {
    server.enqueue(errorResponse(400, "temperature: must be at most 2").build());
    assertThatThrownBy(() -> provider().chat(simpleRequest()))
        .isExactlyInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("temperature: must be at most 2");
  }

  @Test
  void contextWindowOverflowIsItsOwnKind() {
    server.enqueue(errorResponse(400, "prompt is too long: 250000 tokens > 200000 maximum context length").build());
    assertThatThrownBy(() -> provider().chat(simpleRequest())).isInstanceOf(ContextWindowExceededException.class);
  }

  @Test
  void rateLimitCarriesRetryAfter() {
    server.enqueue(errorResponse(429, "Rate limit reached").addHeader("Retry-After", "7").build());
    assertThatThrownBy(() -> provider().chat(simpleRequest()))
        .isInstanceOf(RateLimitedException.class)
        .satisfies(e -> {
          assertThat(((LlmException) e).retryAfter()).contains(Duration.ofSeconds(7));
          assertThat(((LlmException) e).retryable()).isTrue();
        });
  }

  @Test
  void serverErrorIsRetryableUnavailability() {
    server.enqueue(errorResponse(500, "The server had an error while processing your request").build());
    assertThatThrownBy(() -> provider().chat(simpleRequest()))
        .isInstanceOf(ProviderUnavailableException.class)
        .satisfies(e -> assertThat(((LlmException) e).status()).isEqualTo(500));
  }

  @Test
  void aBlockingCallGivesUpAtTheRequestsTimeout() {
    // The deployment allows 10 s; the router hands the call only what is left of the caller's timeout.
    server.enqueue(textResponse().newBuilder().headersDelay(30, TimeUnit.SECONDS).build());
    ChatRequest request = simpleRequest().toBuilder().timeout(Duration.ofMillis(200)).build();
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThatThrownBy(() -> provider().chat(request))
        .isInstanceOf(LlmTimeoutException.class)
        .satisfies(e -> assertThat(((LlmException) e).retryable()).isTrue()));
  }

  @Test
  void aBlockingCallWhoseBodyStallsGivesUpAtTheRequestsTimeout() {
    // The headers come at once, the body after 30 s: the limit covers the body too.
    server.enqueue(textResponse().newBuilder().bodyDelay(30, TimeUnit.SECONDS).build());
    ChatRequest request = simpleRequest().toBuilder().timeout(Duration.ofMillis(300)).build();
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThatThrownBy(() -> provider().chat(request))
        .isInstanceOf(LlmTimeoutException.class)
        .satisfies(e -> assertThat(((LlmException) e).retryable()).isTrue()));
  }

  @Test
  void errorBeforeTheStreamStartsReachesTheListener() throws Exception {
    server.enqueue(errorResponse(429, "Rate limit reached").addHeader("Retry-After", "2").build());
    Recorder recorder = new Recorder();
    provider().stream(simpleRequest(), recorder);
    assertThat(recorder.done).failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(RateLimitedException.class);
    assertThat(recorder.events).isEmpty();
  }

  @Test
  void cancellingAStreamClosesTheUpstreamConnection() throws Exception {
    DisconnectDetectingBody body = new DisconnectDetectingBody(streamTextChunkBytes("tick "));
    server.enqueue(new MockResponse.Builder()
        .addHeader("Content-Type", "text/event-stream")
        .body(body)
        .build());
    CountDownLatch firstDelta = new CountDownLatch(1);
    Recorder recorder = new Recorder() {
      @Override
      public void onEvent(StreamEvent event) {
        super.onEvent(event);
        if (event instanceof StreamEvent.TextDelta) {
          firstDelta.countDown();
        }
      }
    };
    Cancellable call = provider().stream(simpleRequest(), recorder);
    assertThat(firstDelta.await(10, TimeUnit.SECONDS)).isTrue();
    call.cancel();
    assertThat(body.disconnected.await(5, TimeUnit.SECONDS)).as("upstream saw the connection closed").isTrue();
  }

  @Test
  void aBlockingStreamDeliversEventsOnTheCallingThreadAndKeepsTheConnection() throws Exception {
    server.enqueue(streamedTextResponse());
    server.enqueue(textResponse());
    Recorder recorder = new Recorder();
    List<Thread> threads = new CopyOnWriteArrayList<>();
    StreamListener listener = new StreamListener() {
      @Override
      public void onEvent(StreamEvent event) {
        threads.add(Thread.currentThread());
        recorder.onEvent(event);
      }

      @Override
      public void onError(LlmException error) {
        throw new AssertionError("streamBlocking throws instead", error);
      }
    };

    ChatResponse response = provider().streamBlocking(simpleRequest(), listener, action -> { });
    provider().chat(simpleRequest());

    assertThat(response.text()).isEqualTo("Hello there!");
    assertThat(response.usage().outputTokens()).isEqualTo(4);
    assertThat(recorder.events.get(0)).isInstanceOf(StreamEvent.MessageStart.class);
    assertThat(recorder.events.get(recorder.events.size() - 1)).isInstanceOf(StreamEvent.MessageStop.class);
    assertThat(threads).isNotEmpty().allMatch(t -> t == Thread.currentThread());
    assertThat(server.takeRequest().getHeaders().get("Accept")).isEqualTo(streamAccept());
    assertThat(server.takeRequest().getConnectionIndex()).as("the next call reuses the stream's connection")
        .isEqualTo(0);
  }

  @Test
  void aBlockingStreamReturnsOnceTheAnswerIsWholeThoughTheUpstreamKeepsTheBodyOpen() throws Exception {
    okio.Buffer whole = new okio.Buffer();
    streamedTextResponse().getBody().writeTo(whole);
    StallingBody body = new StallingBody(whole.readByteString());
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build());
    try {
      ChatResponse response = assertTimeoutPreemptively(Duration.ofSeconds(5),
          () -> provider().streamBlocking(simpleRequest(), new Recorder(), action -> { }));
      assertThat(response.text()).isEqualTo("Hello there!");
    } finally {
      body.release.countDown();
    }
  }

  @Test
  void anErrorBeforeABlockingStreamStartsIsThrown() {
    server.enqueue(errorResponse(429, "Rate limit reached").addHeader("Retry-After", "2").build());
    Recorder recorder = new Recorder();
    assertThatThrownBy(() -> provider().streamBlocking(simpleRequest(), recorder, action -> { }))
        .isInstanceOf(RateLimitedException.class)
        .satisfies(e -> assertThat(((LlmException) e).retryAfter()).contains(Duration.ofSeconds(2)));
    assertThat(recorder.events).isEmpty();
  }

  @Test
  void raisingTheSignalStopsABlockingStreamAndClosesTheConnection() throws Exception {
    DisconnectDetectingBody body = new DisconnectDetectingBody(streamTextChunkBytes("tick "));
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build());
    CompletableFuture<Cancellable> registered = new CompletableFuture<>();
    Recorder recorder = new Recorder() {
      @Override
      public void onEvent(StreamEvent event) {
        super.onEvent(event);
        if (event instanceof StreamEvent.TextDelta && registered.isDone()) {
          new Thread(() -> registered.join().cancel()).start(); // the caller goes away, from another thread
        }
      }
    };
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(
        () -> provider().streamBlocking(simpleRequest(), recorder, registered::complete))
        .isInstanceOf(LlmException.class));
    assertThat(body.disconnected.await(5, TimeUnit.SECONDS)).as("upstream saw the connection closed").isTrue();
  }

  @Test
  void aBlockingStreamGivesUpAtTheRequestsTimeout() throws Exception {
    DisconnectDetectingBody body = new DisconnectDetectingBody(streamTextChunkBytes("tick "));
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build());
    ChatRequest request = simpleRequest().toBuilder().timeout(Duration.ofMillis(300)).build();
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThatThrownBy(
        () -> provider().streamBlocking(request, new Recorder(), action -> { }))
        .isInstanceOf(LlmTimeoutException.class));
    assertThat(body.disconnected.await(5, TimeUnit.SECONDS)).as("upstream saw the connection closed").isTrue();
  }

  @Test
  void aBlockingStreamSilentForItsStreamTimeoutEndsAsATimeoutAndClosesTheConnection() throws Exception {
    StallingBody body = new StallingBody(streamTextChunkBytes("tick "));
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build());
    Recorder recorder = new Recorder();
    try {
      assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThatThrownBy(
          () -> provider(Duration.ofMillis(300)).streamBlocking(simpleRequest(), recorder, action -> { }))
          .isInstanceOf(LlmTimeoutException.class)
          .hasMessageContaining("timeout"));
      assertThat(recorder.events).as("the chunk before the silence came through")
          .anyMatch(e -> e instanceof StreamEvent.TextDelta);
    } finally {
      body.release.countDown();
    }
  }

  @Test
  void aStreamSilentForItsStreamTimeoutEndsAsATimeout() throws Exception {
    StallingBody body = new StallingBody(streamTextChunkBytes("tick "));
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build());
    Recorder recorder = new Recorder();
    try {
      provider(Duration.ofMillis(300)).stream(simpleRequest(), recorder);
      assertThat(recorder.done).failsWithin(Duration.ofSeconds(5))
          .withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .withCauseInstanceOf(LlmTimeoutException.class);
    } finally {
      body.release.countDown();
    }
  }

  @Test
  void aStreamWhoseChunksKeepComingOutlivesItsStreamTimeoutAndEndsAtTheRequestsTimeout() throws Exception {
    // A chunk every 20 ms, for ever: the 200 ms between bytes never pass, the request's 1 s does.
    DisconnectDetectingBody body = new DisconnectDetectingBody(streamTextChunkBytes("tick "));
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build());
    Recorder recorder = new Recorder();
    ChatRequest request = simpleRequest().toBuilder().timeout(Duration.ofSeconds(1)).build();
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(
        () -> provider(Duration.ofMillis(200)).streamBlocking(request, recorder, action -> { }))
        .isInstanceOf(LlmTimeoutException.class));
    // 20 ms apart, more than 10 chunks took longer than the stream timeout: it was not what ended the stream
    assertThat(recorder.events.stream().filter(e -> e instanceof StreamEvent.TextDelta).count()).isGreaterThan(10);
    assertThat(body.disconnected.await(5, TimeUnit.SECONDS)).as("upstream saw the connection closed").isTrue();
  }

  private static int lastIndexOf(List<StreamEvent> events, Class<?> type) {
    for (int i = events.size() - 1; i >= 0; i--) {
      if (type.isInstance(events.get(i))) {
        return i;
      }
    }
    return -1;
  }

  /** Collects stream events; {@link #done} completes with the response or the error. */
  public static class Recorder implements StreamListener {
    public final List<StreamEvent> events = new CopyOnWriteArrayList<>();
    public final CompletableFuture<ChatResponse> done = new CompletableFuture<>();

    public Recorder() {}

    @Override
    public void onEvent(StreamEvent event) {
      events.add(event);
    }

    @Override
    public void onComplete(ChatResponse response) {
      done.complete(response);
    }

    @Override
    public void onError(LlmException error) {
      done.completeExceptionally(error);
    }
  }

  /** Writes a whole stream, then keeps the body open (no end, no close) until {@link #release}. */
  public static final class StallingBody implements MockResponseBody {
    public final CountDownLatch release = new CountDownLatch(1);
    private final okio.ByteString stream;

    public StallingBody(String stream) {
      this(okio.ByteString.encodeUtf8(stream));
    }

    public StallingBody(okio.ByteString stream) {
      this.stream = stream;
    }

    @Override
    public long getContentLength() {
      return -1;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      sink.write(stream);
      sink.flush();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * An endless event stream that writes one chunk every 20 ms until the client goes away; a failed write means
   * the client closed the connection.
   */
  public static final class DisconnectDetectingBody implements MockResponseBody {
    public final CountDownLatch disconnected = new CountDownLatch(1);
    private final okio.ByteString chunk;

    public DisconnectDetectingBody(String chunk) {
      this(okio.ByteString.encodeUtf8(chunk));
    }

    public DisconnectDetectingBody(okio.ByteString chunk) {
      this.chunk = chunk;
    }

    @Override
    public long getContentLength() {
      return -1;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      try {
        for (int i = 0; i < 1500; i++) { // at most 30 s
          sink.write(chunk);
          sink.flush();
          Thread.sleep(20);
        }
      } catch (IOException e) {
        disconnected.countDown();
        throw e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
