package dev.llmrouter.providers.cohere;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.StreamListener;
import dev.llmrouter.api.spi.CancelSignal;
import dev.llmrouter.api.spi.Cancellable;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.api.spi.Secret;
import dev.llmrouter.providers.internal.BlockingCall;
import dev.llmrouter.providers.internal.HttpClients;
import dev.llmrouter.providers.internal.SseCall;
import dev.llmrouter.providers.internal.StreamOutcome;
import dev.llmrouter.providers.internal.StreamRelay;
import dev.llmrouter.wire.HttpErrors;
import dev.llmrouter.wire.JsonIo;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;

/**
 * Cohere's v2 Chat API over OkHttp; streams are server-sent events typed by their {@code type}. Errors are Cohere's
 * {@code {"id": ..., "message": ...}} with the HTTP status.
 */
final class CohereProvider implements Provider {
  private static final MediaType JSON = MediaType.get("application/json");

  private final String provider;
  private final Secret apiKey;
  private final Map<String, String> headers;
  private final OkHttpClient calls;
  private final OkHttpClient streams;
  private final Clock clock;
  private final HttpUrl chatUrl;

  CohereProvider(String provider, String chatUrl, DeploymentSettings settings, Clock clock) {
    this.provider = provider;
    this.apiKey = settings.apiKey();
    this.headers = Map.copyOf(settings.headers());
    this.calls = HttpClients.forCalls(settings);
    this.streams = HttpClients.forStreams(calls, settings);
    this.clock = clock;
    this.chatUrl = HttpUrl.get(chatUrl);
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    return chat(request, CancelSignal.NONE);
  }

  @Override
  public ChatResponse chat(ChatRequest request, CancelSignal signal) {
    BlockingCall answer = BlockingCall.execute(calls.newCall(httpRequest(request, false)), request.options().timeout(),
        signal, provider);
    if (!answer.response().isSuccessful()) {
      throw error(answer.response(), answer.body());
    }
    if (!(JsonIo.parseOrNull(answer.body()) instanceof Map<?, ?> body) || !(body.get("message") instanceof Map<?, ?>)) {
      throw new ProviderUnavailableException(provider + " answered " + answer.response().code()
          + " with a body that is not a chat response", answer.response().code(), null, null);
    }
    return CohereMapper.toChatResponse(body);
  }

  @Override
  public Cancellable stream(ChatRequest request, StreamListener listener) {
    StreamCall call = new StreamCall(new SseCall(streams.newCall(httpRequest(request, true))), listener);
    call.sse.enqueue(call);
    return call;
  }

  @Override
  public ChatResponse streamBlocking(ChatRequest request, StreamListener listener, CancelSignal signal) {
    StreamOutcome outcome = new StreamOutcome(listener);
    StreamCall call = new StreamCall(new SseCall(streams.newCall(httpRequest(request, true))), outcome);
    call.sse.execute(request.options().timeout(), signal, call);
    return outcome.result(provider);
  }

  private Request httpRequest(ChatRequest request, boolean stream) {
    Request.Builder b = new Request.Builder().url(chatUrl)
        .post(RequestBody.create(JsonIo.toJson(CohereMapper.toRequestBody(request, stream)), JSON))
        .header("Authorization", "Bearer " + apiKey.reveal());
    if (stream) {
      b.header("Accept", "text/event-stream");
    }
    headers.forEach(b::header);
    return b.build();
  }

  private LlmException error(Response response, String body) {
    Object json = body == null ? null : JsonIo.parseOrNull(body);
    String message = json instanceof Map<?, ?> map && map.get("message") != null ? String.valueOf(map.get("message"))
        : body;
    Duration retryAfter = HttpErrors.parseRetryAfter(response.header("Retry-After"), null, clock);
    return HttpErrors.map(provider, response.code(), mask(message), null, retryAfter);
  }

  private String mask(String text) {
    return text == null ? null : text.replace(apiKey.reveal(), "****");
  }

  @Override
  public void close() {
    HttpClients.close(calls);
  }

  @Override
  public String toString() {
    return "CohereProvider[" + provider + ", " + chatUrl + "]";
  }

  /** One streamed call: events in, stream events out; {@link #cancel()} may come from any thread. */
  private final class StreamCall extends EventSourceListener implements Cancellable {
    final SseCall sse;
    private final StreamRelay relay;
    private final CohereStreamTranslator translator = new CohereStreamTranslator();

    StreamCall(SseCall sse, StreamListener listener) {
      this.sse = sse;
      this.relay = new StreamRelay(listener, sse::stop);
    }

    @Override
    public void onEvent(EventSource eventSource, String id, String type, String data) {
      if (!relay.open()) {
        return;
      }
      if (!(JsonIo.parseOrNull(data) instanceof Map<?, ?> event)) {
        relay.fail(new ProviderUnavailableException(provider + " sent a stream event that is not a JSON object", 200,
            null, null));
        return;
      }
      relay.emit(translator.onEvent(event));
      if (translator.done()) {
        relay.complete();
        eventSource.cancel(); // the answer is whole: stop reading
      }
    }

    @Override
    public void onClosed(EventSource eventSource) {
      relay.fail(new ProviderUnavailableException(provider + " ended the stream before message-end"
          + (translator.answered() ? ": the answer is incomplete" : ""), 200, null, null));
    }

    @Override
    public void onFailure(EventSource eventSource, Throwable t, Response response) {
      if (!relay.open()) {
        return;
      }
      if (response != null && !response.isSuccessful()) {
        String body;
        try {
          body = response.body().string();
        } catch (IOException | IllegalStateException unreadable) {
          body = null;
        }
        relay.fail(error(response, body));
      } else if (t instanceof IOException io) {
        relay.fail(response != null ? HttpErrors.midResponse(provider, io) : HttpErrors.fromIo(provider, io));
      } else {
        relay.fail(new ProviderUnavailableException(provider + " stream failed: " + (t == null ? "unknown failure"
            : t.getMessage()), response == null ? 0 : response.code(), null, t));
      }
    }

    @Override
    public void cancel() {
      relay.cancel();
    }
  }
}
