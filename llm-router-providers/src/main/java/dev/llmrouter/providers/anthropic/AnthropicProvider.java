package dev.llmrouter.providers.anthropic;

import dev.llmrouter.wire.anthropic.AnthropicErrors;
import dev.llmrouter.wire.anthropic.JsonMode;
import dev.llmrouter.wire.anthropic.AnthropicStreamDecoder;
import dev.llmrouter.wire.anthropic.AnthropicWire;
import dev.llmrouter.wire.anthropic.AnthropicMapper;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.StreamAccumulator;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.api.StreamListener;
import dev.llmrouter.api.spi.CancelSignal;
import dev.llmrouter.api.spi.Cancellable;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.wire.anthropic.AnthropicWire.MessagesResponse;
import dev.llmrouter.providers.internal.BlockingCall;
import dev.llmrouter.providers.internal.BodyStreamCall;
import dev.llmrouter.providers.internal.HttpTransport;
import dev.llmrouter.providers.internal.SseCall;
import dev.llmrouter.providers.internal.StreamOutcome;
import dev.llmrouter.wire.HttpErrors;
import dev.llmrouter.api.Dialect;
import dev.llmrouter.wire.JsonIo;
import dev.llmrouter.wire.anthropic.NativeBodies;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import dev.llmrouter.providers.internal.JsonBody;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;

/** The Anthropic Messages API ({@code POST {api_base}/v1/messages}) over OkHttp. A thin adapter: see the mapper. */
final class AnthropicProvider implements Provider {
  private final AnthropicConfig config;
  private final HttpTransport transport;
  private final HttpTransport.Calls calls;
  private final HttpTransport.Streams streams;
  private final Clock clock;
  /** Parsed once: OkHttp's URL parsing (host normalisation included) is a measurable part of a call. */
  private final HttpUrl messagesUrl;
  private final HttpUrl streamUrl;
  private final HttpUrl countTokensUrl;
  /** Null for Anthropic's own API. */
  private final ClaudePlatform platform;

  AnthropicProvider(DeploymentSettings settings, Clock clock) {
    this(settings, clock, null);
  }

  AnthropicProvider(DeploymentSettings settings, Clock clock, ClaudePlatform platform) {
    this(settings, clock, platform, new HttpTransport());
  }

  /** On {@code transport} (a router's, from {@link HttpTransport#of}, or its own), which {@link #close()} closes. */
  AnthropicProvider(DeploymentSettings settings, Clock clock, ClaudePlatform platform, HttpTransport transport) {
    this.config = AnthropicConfig.from(settings);
    this.transport = transport;
    this.calls = transport.forCalls(settings);
    this.streams = transport.forStreams(settings);
    this.clock = clock;
    this.platform = platform;
    this.messagesUrl = HttpUrl.get(platform != null ? platform.url(false) : config.messagesUrl());
    this.streamUrl = platform != null ? HttpUrl.get(platform.url(true)) : messagesUrl;
    this.countTokensUrl = platform != null ? null : HttpUrl.get(config.messagesUrl() + "/count_tokens");
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    return chat(request, CancelSignal.NONE);
  }

  @Override
  public ChatResponse chat(ChatRequest request, CancelSignal signal) {
    Request http = httpRequest(messagesUrl, body(request, false), false, request);
    BlockingCall answer = calls.execute(http, request.options().timeout(), signal,
        AnthropicErrors.PROVIDER);
    Response response = answer.response();
    if (!response.isSuccessful()) {
      throw error(response, answer.body());
    }
    MessagesResponse parsed;
    try {
      parsed = AnthropicWire.adapter(MessagesResponse.class).fromJson(new okio.Buffer().write(answer.utf8()));
    } catch (IOException | RuntimeException e) {
      throw new ProviderUnavailableException("anthropic sent an unreadable response: " + e.getMessage(),
          response.code(), null, e);
    }
    if (parsed == null || parsed.content() == null) {
      throw new ProviderUnavailableException("anthropic answered 200 with " + (parsed == null ? "an empty body"
          : "no content") + ", which is not a message", response.code(), null, null);
    }
    ChatResponse message = AnthropicMapper.toResponse(parsed);
    return JsonMode.wanted(request) ? JsonMode.toText(message) : message;
  }

  @Override
  public Cancellable stream(ChatRequest request, StreamListener listener) {
    String json;
    try {
      json = body(request, true);
    } catch (LlmException e) { // a request Anthropic can't take still ends the stream through the listener
      listener.onError(e);
      return () -> { };
    }
    Relay relay = relay(request, json, listener);
    if (relay.frames != null) {
      relay.frames.enqueue(relay.framesListener());
    } else {
      relay.sse.enqueue(relay);
    }
    return () -> {
      relay.finished.set(true);
      relay.stop();
    };
  }

  /** Read on the calling thread: no hand-off to an OkHttp thread before the first event. */
  @Override
  public ChatResponse streamBlocking(ChatRequest request, StreamListener listener, CancelSignal signal) {
    StreamOutcome outcome = new StreamOutcome(listener);
    Relay relay = relay(request, body(request, true), outcome);
    if (relay.frames != null) {
      relay.frames.execute(request.options().timeout(), signal, relay.framesListener());
    } else {
      relay.sse.execute(request.options().timeout(), signal, relay);
    }
    return outcome.result(AnthropicErrors.PROVIDER);
  }

  private Relay relay(ChatRequest request, String json, StreamListener listener) {
    Request http = httpRequest(streamUrl, json, true, request);
    JsonMode.StreamMapper jsonMode = JsonMode.wanted(request) ? new JsonMode.StreamMapper() : null;
    return platform != null && platform.eventStream()
        ? new Relay(null, streams.awsEventStream(http), listener, jsonMode)
        : new Relay(streams.sse(http), null, listener, jsonMode);
  }

  /**
   * {@code POST /v1/messages/count_tokens}: the body as the caller sent it, or the mapped request without the fields
   * the count endpoint refuses.
   */
  @Override
  public OptionalLong countTokens(ChatRequest request) {
    if (platform != null) {
      return OptionalLong.empty(); // the router counts
    }
    String json;
    if (passThrough(request)) {
      json = NativeBodies.withModel(request.nativeRequest().body(), request.model(), null);
    } else {
      Map<String, Object> mapped = new LinkedHashMap<>(NativeBodies.object(
          AnthropicMapper.requestJson(request, config.defaultMaxTokens(), false)));
      mapped.keySet().retainAll(COUNTED);
      json = JsonIo.toJson(mapped);
    }
    Request http = httpRequest(countTokensUrl, json, false, request);
    BlockingCall answer = calls.execute(http, request.options().timeout(), CancelSignal.NONE,
        AnthropicErrors.PROVIDER);
    if (!answer.response().isSuccessful()) {
      throw error(answer.response(), answer.body());
    }
    Object tokens = NativeBodies.object(answer.body()).get("input_tokens");
    if (!(tokens instanceof Number n)) {
      throw new ProviderUnavailableException("anthropic answered count_tokens without input_tokens", 200, null, null);
    }
    return OptionalLong.of(n.longValue());
  }

  /** The fields {@code count_tokens} takes. */
  private static final Set<String> COUNTED = Set.of("model", "messages", "system", "tools", "tool_choice", "thinking");

  /** Whether the request goes on as its caller sent it: it came in through Anthropic's API, and is unchanged. */
  private static boolean passThrough(ChatRequest request) {
    return request.nativeRequest() != null && request.dialect() == Dialect.ANTHROPIC && !JsonMode.wanted(request);
  }

  private String body(ChatRequest request, boolean stream) {
    String json = passThrough(request)
        ? NativeBodies.withModel(request.nativeRequest().body(), request.model(), stream)
        : AnthropicMapper.requestJson(JsonMode.rewrite(request), config.defaultMaxTokens(), stream);
    return json;
  }



  /**
   * The deployment's headers, then the caller's {@code anthropic-*} headers as sent (a pass-through keeps them, so
   * the caller's betas and API version reach Anthropic; betas the deployment adds are appended).
   */
  private Request httpRequest(HttpUrl url, String json, boolean stream, ChatRequest request) {
    Request.Builder b = new Request.Builder().url(url).header("content-type", "application/json");
    Map<String, String> headers = new LinkedHashMap<>(config.headers());
    String deploymentBetas = headers.get("anthropic-beta");
    if (platform == null && config.apiKey() != null) {
      b.header("x-api-key", config.apiKey().reveal());
    }
    if (request.nativeRequest() != null && request.dialect() == Dialect.ANTHROPIC) {
      request.nativeRequest().headers().forEach((name, value) -> {
        if (name.equals("anthropic-beta") && headers.containsKey(name)) {
          Set<String> betas = new LinkedHashSet<>(List.of(value.split("\\s*,\\s*")));
          betas.addAll(List.of(headers.get(name).split("\\s*,\\s*")));
          headers.put(name, String.join(",", betas));
        } else {
          headers.put(name, value);
        }
      });
    }
    byte[] body;
    if (platform != null) {
      headers.remove("anthropic-version"); // the platform's is in the body
      json = platformBody(json, platform.betasInBody()
          ? platformBetas(headers.remove("anthropic-beta"), deploymentBetas) : List.of());
      body = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      headers.put("content-type", "application/json");
      headers.put("accept", stream ? (platform.eventStream() ? "application/vnd.amazon.eventstream"
          : "text/event-stream") : "application/json");
      platform.credentials(url.toString(), headers, body).forEach(b::header);
    } else {
      body = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      if (stream) {
        headers.put("accept", "text/event-stream");
      }
    }
    headers.forEach(b::header);
    return b.post(JsonBody.of(body)).build();
  }

  /**
   * The platform's body, in one pass over Anthropic's: its {@code anthropic_version} first, no {@code model} (its URL
   * names it), and where the betas go in the body (Bedrock) no {@code stream} either (the URL says it) and the betas
   * as {@code anthropic_beta}.
   */
  private String platformBody(String json, List<String> betas) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("anthropic_version", platform.anthropicVersion());
    NativeBodies.object(json).forEach((k, v) -> {
      if (!k.equals("model") && !k.equals("anthropic_version") && !(platform.betasInBody() && k.equals("stream"))) {
        body.put(k, v);
      }
    });
    if (!betas.isEmpty()) {
      body.put("anthropic_beta", betas);
    }
    return JsonIo.toJson(body);
  }

  /** Of the betas asked for, the deployment's own and those of the caller's the platform takes. */
  private List<String> platformBetas(String allBetas, String deploymentBetas) {
    Set<String> own = new LinkedHashSet<>(split(deploymentBetas));
    Set<String> betas = new LinkedHashSet<>();
    for (String beta : split(allBetas)) {
      if (own.contains(beta) || platform.takesBeta(beta)) {
        betas.add(beta);
      }
    }
    return List.copyOf(betas);
  }


  private static List<String> split(String commaSeparated) {
    return commaSeparated == null || commaSeparated.isBlank() ? List.of()
        : List.of(commaSeparated.trim().split("\\s*,\\s*"));
  }

  private LlmException error(Response response, String body) {
    Duration retryAfter = HttpErrors.parseRetryAfter(response.header("retry-after"),
        response.header("retry-after-ms"), clock);
    if (platform != null) {
      LlmException own = platform.error(response.code(), response::header, body);
      if (own != null) {
        return own;
      }
    }
    return AnthropicErrors.fromResponse(response.code(), platform == null ? body : platform.mask(body), retryAfter);
  }

  /** Feeds SSE events through the decoder to the listener; after the first end (or a cancel) it stays quiet. */
  private final class Relay extends EventSourceListener {
    final AtomicBoolean finished = new AtomicBoolean();
    final SseCall sse;
    final BodyStreamCall frames;
    private final StreamListener listener;
    private final AnthropicStreamDecoder decoder = new AnthropicStreamDecoder();
    private final StreamAccumulator accumulator = new StreamAccumulator();
    private final JsonMode.StreamMapper jsonMode;

    /** Reads {@code sse}, or else {@code frames}. */
    Relay(SseCall sse, BodyStreamCall frames, StreamListener listener, JsonMode.StreamMapper jsonMode) {
      this.sse = sse;
      this.frames = frames;
      this.listener = listener;
      this.jsonMode = jsonMode;
    }

    void stop() {
      if (sse != null) {
        sse.stop();
      } else {
        frames.stop();
      }
    }

    @Override
    public void onEvent(EventSource source, String id, String type, String data) {
      if (!onData(data)) {
        source.cancel(); // the answer is whole: stop reading (the rest of the body is read on close)
      }
    }

    /** One event's JSON; false once the stream has ended. */
    boolean onData(String data) {
      if (finished.get()) {
        return false;
      }
      List<StreamEvent> events;
      try {
        events = decoder.decode(data);
      } catch (LlmException e) {
        fail(e);
        return false;
      }
      for (StreamEvent decoded : events) {
        if (finished.get()) {
          return false;
        }
        StreamEvent event = jsonMode == null ? decoded : jsonMode.map(decoded);
        accumulator.accept(event);
        listener.onEvent(event);
      }
      if (decoder.stopped() && finished.compareAndSet(false, true)) {
        listener.onComplete(accumulator.toResponse());
        return false;
      }
      return !finished.get();
    }

    /**
     * Bedrock's frames: each {@code chunk} holds one of Anthropic's events, base64 in {@code bytes}; an exception
     * frame is the error it names.
     */
    BodyStreamCall.Listener framesListener() {
      return new BodyStreamCall.Listener() {
        @Override
        public void onHttpError(Response response, String body) {
          fail(error(response, body));
        }

        @Override
        public boolean onItem(String type, String payload) {
          if (finished.get()) {
            return false;
          }
          Map<String, Object> frame = NativeBodies.object(payload);
          if (type != null && type.startsWith("exception:")) {
            LlmException own = platform.error(0, name -> name.equals("x-amzn-ErrorType")
                ? type.substring("exception:".length()) : null, payload);
            fail(own != null ? own : new ProviderUnavailableException("anthropic stream failed: " + type + " "
                + platform.mask(String.valueOf(frame.get("message"))), 0, null, null));
            return false;
          }
          if (!(frame.get("bytes") instanceof String bytes)) {
            return true; // not a chunk: nothing of the answer
          }
          String event;
          try {
            event = new String(java.util.Base64.getDecoder().decode(bytes), java.nio.charset.StandardCharsets.UTF_8);
          } catch (IllegalArgumentException e) {
            fail(new ProviderUnavailableException("anthropic sent a chunk that is not base64", 200, null, e));
            return false;
          }
          return onData(event);
        }

        @Override
        public void onEnd() {
          onClosed(null);
        }

        @Override
        public void onFailure(IOException e, boolean midResponse) {
          fail(midResponse ? HttpErrors.midResponse(AnthropicErrors.PROVIDER, e)
              : HttpErrors.fromIo(AnthropicErrors.PROVIDER, e));
        }
      };
    }

    @Override
    public void onClosed(EventSource source) {
      if (finished.compareAndSet(false, true)) {
        listener.onError(new ProviderUnavailableException("anthropic closed the stream before message_stop"));
      }
    }

    @Override
    public void onFailure(EventSource source, Throwable t, Response response) {
      if (finished.get()) {
        return;
      }
      LlmException error;
      if (response != null && !response.isSuccessful()) {
        String body;
        try {
          body = response.body().string();
        } catch (IOException | RuntimeException e) {
          body = "";
        }
        error = error(response, body);
      } else if (t instanceof IOException io) {
        error = response != null ? HttpErrors.midResponse(AnthropicErrors.PROVIDER, io)
            : HttpErrors.fromIo(AnthropicErrors.PROVIDER, io);
      } else {
        String what = t == null ? "unexpected response" : t.getMessage();
        error = new ProviderUnavailableException("anthropic stream failed: " + what,
            response == null ? 0 : response.code(), null, t);
      }
      fail(error);
    }

    private void fail(LlmException error) {
      if (finished.compareAndSet(false, true)) {
        stop();
        listener.onError(error);
      }
    }
  }

  @Override
  public void close() {
    transport.close();
  }
}
