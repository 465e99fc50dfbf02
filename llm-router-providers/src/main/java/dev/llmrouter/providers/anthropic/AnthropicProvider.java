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
import dev.llmrouter.providers.internal.HttpClients;
import dev.llmrouter.wire.HttpErrors;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

/** The Anthropic Messages API ({@code POST {api_base}/v1/messages}) over OkHttp. A thin adapter: see the mapper. */
final class AnthropicProvider implements Provider {
  private static final MediaType JSON = MediaType.get("application/json");

  private final AnthropicConfig config;
  private final OkHttpClient calls;
  private final OkHttpClient streams;
  private final Clock clock;

  AnthropicProvider(DeploymentSettings settings, Clock clock) {
    this.config = AnthropicConfig.from(settings);
    this.calls = HttpClients.forCalls(settings);
    this.streams = HttpClients.forStreams(calls, settings);
    this.clock = clock;
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    return chat(request, CancelSignal.NONE);
  }

  @Override
  public ChatResponse chat(ChatRequest request, CancelSignal signal) {
    Request http = httpRequest(AnthropicMapper.requestJson(JsonMode.rewrite(request), config.defaultMaxTokens(),
        false), false);
    BlockingCall answer = BlockingCall.execute(calls.newCall(http), request.options().timeout(), signal,
        AnthropicErrors.PROVIDER);
    Response response = answer.response();
    String text = answer.body();
    if (!response.isSuccessful()) {
      throw error(response, text);
    }
    MessagesResponse parsed;
    try {
      parsed = AnthropicWire.adapter(MessagesResponse.class).fromJson(text);
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
      json = AnthropicMapper.requestJson(JsonMode.rewrite(request), config.defaultMaxTokens(), true);
    } catch (LlmException e) { // a request Anthropic can't take still ends the stream through the listener
      listener.onError(e);
      return () -> { };
    }
    Request http = httpRequest(json, true);
    Relay relay = new Relay(listener, JsonMode.wanted(request) ? new JsonMode.StreamMapper() : null);
    EventSource source = EventSources.createFactory(streams).newEventSource(http, relay);
    return () -> {
      relay.finished.set(true);
      source.cancel();
    };
  }

  private Request httpRequest(String json, boolean stream) {
    Request.Builder b = new Request.Builder().url(config.messagesUrl())
        .header("content-type", "application/json");
    if (config.apiKey() != null) {
      b.header("x-api-key", config.apiKey().reveal());
    }
    config.headers().forEach(b::header);
    if (stream) {
      b.header("accept", "text/event-stream");
    }
    return b.post(RequestBody.create(json, JSON)).build();
  }

  private LlmException error(Response response, String body) {
    Duration retryAfter = HttpErrors.parseRetryAfter(response.header("retry-after"),
        response.header("retry-after-ms"), clock);
    return AnthropicErrors.fromResponse(response.code(), body, retryAfter);
  }

  /** Feeds SSE events through the decoder to the listener; after the first end (or a cancel) it stays quiet. */
  private final class Relay extends EventSourceListener {
    final AtomicBoolean finished = new AtomicBoolean();
    private final StreamListener listener;
    private final AnthropicStreamDecoder decoder = new AnthropicStreamDecoder();
    private final StreamAccumulator accumulator = new StreamAccumulator();
    private final JsonMode.StreamMapper jsonMode;

    Relay(StreamListener listener, JsonMode.StreamMapper jsonMode) {
      this.listener = listener;
      this.jsonMode = jsonMode;
    }

    @Override
    public void onEvent(EventSource source, String id, String type, String data) {
      if (finished.get()) {
        return;
      }
      List<StreamEvent> events;
      try {
        events = decoder.decode(data);
      } catch (LlmException e) {
        fail(source, e);
        return;
      }
      for (StreamEvent decoded : events) {
        if (finished.get()) {
          return;
        }
        StreamEvent event = jsonMode == null ? decoded : jsonMode.map(decoded);
        accumulator.accept(event);
        listener.onEvent(event);
      }
      if (decoder.stopped() && finished.compareAndSet(false, true)) {
        listener.onComplete(accumulator.toResponse());
      }
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
      fail(source, error);
    }

    private void fail(EventSource source, LlmException error) {
      if (finished.compareAndSet(false, true)) {
        source.cancel();
        listener.onError(error);
      }
    }
  }

  @Override
  public void close() {
    HttpClients.close(calls);
  }
}
