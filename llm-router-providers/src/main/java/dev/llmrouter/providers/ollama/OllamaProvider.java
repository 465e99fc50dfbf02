package dev.llmrouter.providers.ollama;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.StreamListener;
import dev.llmrouter.api.spi.CancelSignal;
import dev.llmrouter.api.spi.Cancellable;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.providers.internal.BlockingCall;
import dev.llmrouter.providers.internal.HttpClients;
import dev.llmrouter.providers.internal.NdjsonCall;
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

/**
 * Ollama's native chat API ({@code POST {api_base}/api/chat}) over OkHttp; streams are newline-delimited JSON.
 * Mapping in {@link OllamaMapper}, stream events from {@link OllamaStreamTranslator}. Errors are Ollama's
 * {@code {"error": "..."}}, with the HTTP status, or as a line of a stream that had begun.
 */
final class OllamaProvider implements Provider {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final String PROVIDER = "ollama_chat";

  private final OllamaConfig config;
  private final OkHttpClient calls;
  private final OkHttpClient streams;
  private final Clock clock;
  private final HttpUrl chatUrl;

  OllamaProvider(OllamaConfig config, DeploymentSettings settings, Clock clock) {
    this.config = config;
    this.calls = HttpClients.forCalls(settings);
    this.streams = HttpClients.forStreams(calls, settings);
    this.clock = clock;
    this.chatUrl = HttpUrl.get(config.baseUrl() + "/api/chat");
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    return chat(request, CancelSignal.NONE);
  }

  @Override
  public ChatResponse chat(ChatRequest request, CancelSignal signal) {
    BlockingCall answer = BlockingCall.execute(calls.newCall(httpRequest(request, false)), request.options().timeout(),
        signal, PROVIDER);
    if (!answer.response().isSuccessful()) {
      throw error(answer.response(), answer.body());
    }
    Object body = JsonIo.parseOrNull(answer.body());
    if (!(body instanceof Map<?, ?> map) || !(map.get("message") instanceof Map<?, ?>)) {
      if (body instanceof Map<?, ?> map && map.get("error") != null) {
        throw HttpErrors.map(PROVIDER, 500, mask(String.valueOf(map.get("error"))), null, null);
      }
      throw new ProviderUnavailableException(PROVIDER + " answered " + answer.response().code()
          + " with a body that is not a chat response", answer.response().code(), null, null);
    }
    return OllamaMapper.toChatResponse(map);
  }

  @Override
  public Cancellable stream(ChatRequest request, StreamListener listener) {
    StreamCall call = new StreamCall(new NdjsonCall(streams.newCall(httpRequest(request, true))), listener);
    call.ndjson.enqueue(call);
    return call;
  }

  /** Read on the calling thread: no hand-off to an OkHttp thread before the first event. */
  @Override
  public ChatResponse streamBlocking(ChatRequest request, StreamListener listener, CancelSignal signal) {
    StreamOutcome outcome = new StreamOutcome(listener);
    StreamCall call = new StreamCall(new NdjsonCall(streams.newCall(httpRequest(request, true))), outcome);
    call.ndjson.execute(request.options().timeout(), signal, call);
    return outcome.result(PROVIDER);
  }

  private Request httpRequest(ChatRequest request, boolean stream) {
    Request.Builder b = new Request.Builder().url(chatUrl)
        .post(RequestBody.create(JsonIo.toJson(OllamaMapper.toRequestBody(request, stream, config)), JSON));
    if (stream) {
      b.header("Accept", "application/x-ndjson");
    }
    if (config.apiKey() != null) {
      b.header("Authorization", "Bearer " + config.apiKey().reveal());
    }
    config.headers().forEach(b::header);
    return b.build();
  }

  private LlmException error(Response response, String body) {
    Object json = body == null ? null : JsonIo.parseOrNull(body);
    String message = json instanceof Map<?, ?> map && map.get("error") != null ? String.valueOf(map.get("error")) : body;
    Duration retryAfter = HttpErrors.parseRetryAfter(response.header("Retry-After"), null, clock);
    return HttpErrors.map(PROVIDER, response.code(), mask(message), null, retryAfter);
  }

  private String mask(String text) {
    return text == null || config.apiKey() == null ? text : text.replace(config.apiKey().reveal(), "****");
  }

  @Override
  public void close() {
    HttpClients.close(calls);
  }

  @Override
  public String toString() {
    return "OllamaProvider[" + config + "]";
  }

  /** One streamed call: lines in, stream events out; {@link #cancel()} may come from any thread. */
  private final class StreamCall implements NdjsonCall.Listener, Cancellable {
    final NdjsonCall ndjson;
    private final StreamRelay relay;
    private final OllamaStreamTranslator translator = new OllamaStreamTranslator();

    StreamCall(NdjsonCall ndjson, StreamListener listener) {
      this.ndjson = ndjson;
      this.relay = new StreamRelay(listener, ndjson::stop);
    }

    @Override
    public void onHttpError(Response response, String body) {
      relay.fail(error(response, body));
    }

    @Override
    public boolean onLine(String line) {
      if (!relay.open()) {
        return false;
      }
      if (!(JsonIo.parseOrNull(line) instanceof Map<?, ?> chunk)) {
        relay.fail(new ProviderUnavailableException(PROVIDER + " sent a stream line that is not a JSON object: "
            + (line.length() > 200 ? line.substring(0, 200) + "..." : line), 200, null, null));
        return false;
      }
      if (chunk.get("error") != null) {
        relay.fail(HttpErrors.map(PROVIDER, 500, mask(String.valueOf(chunk.get("error"))), null, null));
        return false;
      }
      relay.emit(translator.onChunk(chunk));
      if (translator.done()) {
        relay.complete();
        return false;
      }
      return relay.open();
    }

    @Override
    public void onEnd() {
      relay.fail(new ProviderUnavailableException(PROVIDER + " ended the stream before its last line (done: true)"
          + (translator.answered() ? ": the answer is incomplete" : ""), 200, null, null));
    }

    @Override
    public void onFailure(IOException e, boolean midResponse) {
      relay.fail(midResponse ? HttpErrors.midResponse(PROVIDER, e) : HttpErrors.fromIo(PROVIDER, e));
    }

    @Override
    public void cancel() {
      relay.cancel();
    }
  }
}
