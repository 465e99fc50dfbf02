package dev.llmrouter.providers.cohere;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.spi.Secret;
import dev.llmrouter.providers.internal.HttpChatProvider;
import dev.llmrouter.wire.HttpErrors;
import dev.llmrouter.wire.JsonIo;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Cohere's v2 Chat API; streams are server-sent events typed by their {@code type}. Errors are Cohere's
 * {@code {"id": ..., "message": ...}} with the HTTP status.
 */
final class CohereApi implements HttpChatProvider.Api {
  private static final MediaType JSON = MediaType.get("application/json");

  private final String provider;
  private final Secret apiKey;
  private final Map<String, String> headers;
  private final Clock clock;
  private final HttpUrl chatUrl;

  CohereApi(String provider, String chatUrl, Secret apiKey, Map<String, String> headers, Clock clock) {
    this.provider = provider;
    this.apiKey = apiKey;
    this.headers = Map.copyOf(headers);
    this.clock = clock;
    this.chatUrl = HttpUrl.get(chatUrl);
  }

  @Override
  public Request request(ChatRequest request, boolean stream) {
    Request.Builder b = new Request.Builder().url(chatUrl)
        .post(RequestBody.create(JsonIo.toJson(CohereMapper.toRequestBody(request, stream)), JSON))
        .header("Authorization", "Bearer " + apiKey.reveal());
    if (stream) {
      b.header("Accept", "text/event-stream");
    }
    headers.forEach(b::header);
    return b.build();
  }

  @Override
  public ChatResponse answer(Map<?, ?> body) {
    return body.get("message") instanceof Map<?, ?> ? CohereMapper.toChatResponse(body) : null;
  }

  @Override
  public LlmException error(Response response, String body) {
    Object json = body == null ? null : JsonIo.parseOrNull(body);
    String message = json instanceof Map<?, ?> map && map.get("message") != null ? String.valueOf(map.get("message"))
        : body;
    Duration retryAfter = HttpErrors.parseRetryAfter(response.header("Retry-After"), null, clock);
    return HttpErrors.map(provider, response.code(), mask(message), null, retryAfter);
  }

  @Override
  public HttpChatProvider.StreamDecoder decoder() {
    return new CohereStreamTranslator();
  }

  @Override
  public String mask(String text) {
    return text == null ? null : text.replace(apiKey.reveal(), "****");
  }

  @Override
  public String toString() {
    return chatUrl.toString();
  }
}
