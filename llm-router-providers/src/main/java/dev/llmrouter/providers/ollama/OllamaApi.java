package dev.llmrouter.providers.ollama;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.providers.internal.HttpChatProvider;
import dev.llmrouter.wire.HttpErrors;
import dev.llmrouter.wire.JsonIo;
import dev.llmrouter.providers.internal.JsonValues;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import dev.llmrouter.providers.internal.JsonBody;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Ollama's native chat API ({@code POST {api_base}/api/chat}); streams are newline-delimited JSON. Mapping in
 * {@link OllamaMapper}, stream events from {@link OllamaStreamTranslator}. Errors are Ollama's
 * {@code {"error": "..."}}, with the HTTP status, or as a line of a stream that had begun.
 */
final class OllamaApi implements HttpChatProvider.Api {
  static final String PROVIDER = "ollama_chat";

  private final OllamaConfig config;
  private final Clock clock;
  private final HttpUrl chatUrl;

  OllamaApi(OllamaConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.chatUrl = HttpUrl.get(config.baseUrl() + "/api/chat");
  }

  @Override
  public Request request(ChatRequest request, boolean stream) {
    Request.Builder b = new Request.Builder().url(chatUrl)
        .post(JsonBody.of(JsonIo.toJson(OllamaMapper.toRequestBody(request, stream, config))));
    if (stream) {
      b.header("Accept", "application/x-ndjson");
    }
    if (config.apiKey() != null) {
      b.header("Authorization", "Bearer " + config.apiKey().reveal());
    }
    config.headers().forEach(b::header);
    return b.build();
  }

  @Override
  public ChatResponse answer(Map<?, ?> body) {
    if (body.get("message") instanceof Map<?, ?>) {
      return OllamaMapper.toChatResponse(body);
    }
    if (body.get("error") != null) {
      throw HttpErrors.map(PROVIDER, 500, mask(String.valueOf(body.get("error"))), null, null);
    }
    return null;
  }

  @Override
  public LlmException error(Response response, String body) {
    Object json = body == null ? null : JsonIo.parseOrNull(body);
    String message = json instanceof Map<?, ?> map && map.get("error") != null ? String.valueOf(map.get("error")) : body;
    Duration retryAfter = HttpErrors.parseRetryAfter(response.header("Retry-After"), null, clock);
    return HttpErrors.map(PROVIDER, response.code(), mask(message), null, retryAfter);
  }

  /**
   * {@code POST /api/embed} (https://github.com/ollama/ollama/blob/main/docs/api.md#generate-embeddings), with the
   * deployment's {@code keep_alive}; the input tokens are its {@code prompt_eval_count}.
   */
  @Override
  public List<Request> embeddingRequests(ChatRequest request) {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("model", request.model());
    body.put("input", request.embedding().input());
    if (request.embedding().dimensions() != null) {
      body.put("dimensions", request.embedding().dimensions());
    }
    if (config.keepAlive() != null) {
      body.put("keep_alive", config.keepAlive());
    }
    Request.Builder b = new Request.Builder().url(HttpUrl.get(config.baseUrl() + "/api/embed"))
        .post(JsonBody.of(JsonIo.toJson(body)));
    if (config.apiKey() != null) {
      b.header("Authorization", "Bearer " + config.apiKey().reveal());
    }
    config.headers().forEach(b::header);
    return List.of(b.build());
  }

  @Override
  public ChatResponse embeddings(ChatRequest request, List<Map<?, ?>> bodies) {
    Map<?, ?> body = bodies.get(0);
    return body.get("embeddings") instanceof List<?> vectors
        ? dev.llmrouter.providers.internal.Embeddings.answer(vectors,
            JsonValues.number(body.get("prompt_eval_count")),
            body.get("model") instanceof String m ? m : null)
        : null;
  }

  /** Ollama's stream lines, and an error line ({@code {"error": ...}}) as the error it is. */
  @Override
  public HttpChatProvider.StreamDecoder decoder() {
    return HttpChatProvider.StreamDecoder.withErrors(new OllamaStreamTranslator(), (type, chunk) ->
        chunk.get("error") == null ? null : HttpErrors.map(PROVIDER, 500, mask(String.valueOf(chunk.get("error"))),
            null, null));
  }

  @Override
  public String mask(String text) {
    return text == null || config.apiKey() == null ? text : text.replace(config.apiKey().reveal(), "****");
  }

  @Override
  public String toString() {
    return config.toString();
  }
}
