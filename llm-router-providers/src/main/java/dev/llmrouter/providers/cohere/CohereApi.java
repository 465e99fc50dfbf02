package dev.llmrouter.providers.cohere;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.spi.Secret;
import dev.llmrouter.providers.internal.HttpChatProvider;
import dev.llmrouter.wire.HttpErrors;
import dev.llmrouter.wire.JsonIo;
import dev.llmrouter.providers.internal.JsonValues;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import dev.llmrouter.providers.internal.JsonBody;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Cohere's v2 Chat API; streams are server-sent events typed by their {@code type}. Errors are Cohere's
 * {@code {"id": ..., "message": ...}} with the HTTP status.
 */
final class CohereApi implements HttpChatProvider.Api {
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
        .post(JsonBody.of(JsonIo.toJson(CohereMapper.toRequestBody(request, stream))))
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

  /**
   * {@code POST /v2/embed} (https://docs.cohere.com/reference/embed): floats, {@code input_type: search_document}
   * (LiteLLM's default; Cohere's v3 and later models need one), usage in {@code meta.billed_units}.
   */
  @Override
  public java.util.List<Request> embeddingRequests(ChatRequest request) {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("model", request.model());
    body.put("texts", request.embedding().input());
    body.put("input_type", "search_document");
    body.put("embedding_types", java.util.List.of("float"));
    if (request.embedding().dimensions() != null) {
      body.put("output_dimension", request.embedding().dimensions());
    }
    HttpUrl embedUrl = HttpUrl.get(chatUrl.toString().replaceFirst("/v2/chat$", "/v2/embed"));
    Request.Builder b = new Request.Builder().url(embedUrl)
        .post(JsonBody.of(JsonIo.toJson(body)))
        .header("Authorization", "Bearer " + apiKey.reveal());
    headers.forEach(b::header);
    return java.util.List.of(b.build());
  }

  @Override
  public ChatResponse embeddings(ChatRequest request, java.util.List<Map<?, ?>> bodies) {
    Map<?, ?> body = bodies.get(0);
    Object vectors = body.get("embeddings") instanceof Map<?, ?> types ? types.get("float") : body.get("embeddings");
    if (!(vectors instanceof java.util.List<?> list)) {
      return null;
    }
    Map<?, ?> meta = body.get("meta") instanceof Map<?, ?> m ? m : Map.of();
    Map<?, ?> billed = meta.get("billed_units") instanceof Map<?, ?> b ? b : Map.of();
    return dev.llmrouter.providers.internal.Embeddings.answer(list,
        JsonValues.number(billed.get("input_tokens")), null);
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
