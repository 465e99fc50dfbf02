package dev.llmrouter.providers.google;

import dev.llmrouter.api.AuthenticationException;
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
import okhttp3.Response;

/**
 * Gemini's {@code generateContent} and {@code streamGenerateContent?alt=sse} under a model URL (Google AI Studio's
 * or Vertex AI's), with the platform's credentials. Errors are Google's
 * {@code {"error": {"code", "message", "status", "details"}}}; a {@code google.rpc.RetryInfo} detail's
 * {@code retryDelay} is the wait when no {@code Retry-After} header came.
 */
final class GeminiApi implements HttpChatProvider.Api {
  /** The credentials of one request. */
  interface Auth {
    /** Adds them to {@code request}; throws an {@link LlmException} when they cannot be had. */
    void apply(Request.Builder request);

    /** Removes any secret of theirs from a text. */
    String mask(String text);
  }

  private final String provider;
  private final String modelUrl;
  private final Auth auth;
  private final Map<String, String> headers;
  private final Clock clock;
  /** Parsed once: OkHttp's URL parsing is a measurable part of a call. */
  private final HttpUrl generateUrl;
  private final HttpUrl streamUrl;

  /** @param modelUrl up to the model's name, e.g. {@code https://host/v1beta/models/gemini-2.5-flash} */
  GeminiApi(String provider, String modelUrl, Auth auth, Map<String, String> headers, Clock clock) {
    this.provider = provider;
    this.modelUrl = modelUrl;
    this.auth = auth;
    this.headers = Map.copyOf(headers);
    this.clock = clock;
    this.generateUrl = HttpUrl.get(modelUrl + ":generateContent");
    this.streamUrl = HttpUrl.get(modelUrl + ":streamGenerateContent?alt=sse");
  }

  @Override
  public Request request(ChatRequest request, boolean stream) {
    Request.Builder b = new Request.Builder().url(stream ? streamUrl : generateUrl)
        .post(JsonBody.of(JsonIo.toJson(GeminiMapper.toRequestBody(request))));
    if (stream) {
      b.header("Accept", "text/event-stream");
    }
    auth.apply(b);
    headers.forEach(b::header);
    return b.build();
  }

  @Override
  public ChatResponse answer(Map<?, ?> body) {
    if (body.get("candidates") instanceof List<?> || body.get("promptFeedback") instanceof Map<?, ?>) {
      return GeminiMapper.toChatResponse(body);
    }
    return null;
  }

  @Override
  public LlmException error(Response response, String body) {
    Object json = body == null ? null : JsonIo.parseOrNull(body);
    Map<?, ?> error = json instanceof Map<?, ?> map && map.get("error") instanceof Map<?, ?> e ? e : Map.of();
    String message = error.get("message") instanceof String m ? m : body;
    String status = error.get("status") instanceof String s ? s : null;
    Duration retryAfter = HttpErrors.parseRetryAfter(response.header("Retry-After"), null, clock);
    if (retryAfter == null) {
      retryAfter = retryDelay(error);
    }
    if (response.code() == 400 && "API_KEY_INVALID".equals(reason(error))) { // AI Studio's bad key is a 400
      return new AuthenticationException(provider + " returned 400 " + status + ": " + mask(message), 400, status,
          null);
    }
    return HttpErrors.map(provider, response.code(), mask(message), status, retryAfter);
  }

  /** The {@code reason} of a {@code google.rpc.ErrorInfo} detail. */
  private static String reason(Map<?, ?> error) {
    if (error.get("details") instanceof List<?> details) {
      for (Object d : details) {
        if (d instanceof Map<?, ?> detail && String.valueOf(detail.get("@type")).endsWith("google.rpc.ErrorInfo")
            && detail.get("reason") instanceof String r) {
          return r;
        }
      }
    }
    return null;
  }

  /** {@code details[].retryDelay} of a {@code google.rpc.RetryInfo}, like {@code "26s"} or {@code "1.5s"}. */
  static Duration retryDelay(Map<?, ?> error) {
    if (error.get("details") instanceof List<?> details) {
      for (Object d : details) {
        if (d instanceof Map<?, ?> detail && String.valueOf(detail.get("@type")).endsWith("google.rpc.RetryInfo")
            && detail.get("retryDelay") instanceof String delay && delay.endsWith("s")) {
          try {
            return Duration.ofMillis(Math.round(Double.parseDouble(delay.substring(0, delay.length() - 1)) * 1000));
          } catch (NumberFormatException unreadable) {
            return null;
          }
        }
      }
    }
    return null;
  }

  /**
   * AI Studio: {@code :batchEmbedContents} with one request per text (its answer has no token count: the router
   * counts). Vertex AI: {@code :predict} with one instance per text, each answered with its {@code token_count}.
   * References: https://ai.google.dev/api/embeddings,
   * https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/text-embeddings-api.
   */
  @Override
  public List<Request> embeddingRequests(ChatRequest request) {
    Integer dims = request.embedding().dimensions();
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    String url;
    if (provider.equals("vertex_ai")) {
      List<Object> instances = new java.util.ArrayList<>();
      request.embedding().input().forEach(t -> instances.add(Map.of("content", t)));
      body.put("instances", instances);
      if (dims != null) {
        body.put("parameters", Map.of("outputDimensionality", dims));
      }
      url = modelUrl + ":predict";
    } else {
      String model = "models/" + modelUrl.substring(modelUrl.lastIndexOf('/') + 1);
      List<Object> requests = new java.util.ArrayList<>();
      for (String text : request.embedding().input()) {
        Map<String, Object> one = new java.util.LinkedHashMap<>();
        one.put("model", model);
        one.put("content", Map.of("parts", List.of(Map.of("text", text))));
        if (dims != null) {
          one.put("outputDimensionality", dims);
        }
        requests.add(one);
      }
      body.put("requests", requests);
      url = modelUrl + ":batchEmbedContents";
    }
    Request.Builder b = new Request.Builder().url(url).post(JsonBody.of(JsonIo.toJson(body)));
    auth.apply(b);
    headers.forEach(b::header);
    return List.of(b.build());
  }

  @Override
  public ChatResponse embeddings(ChatRequest request, List<Map<?, ?>> bodies) {
    Map<?, ?> body = bodies.get(0);
    List<Object> vectors = new java.util.ArrayList<>();
    long tokens = 0;
    if (body.get("predictions") instanceof List<?> predictions) {
      for (Object p : predictions) {
        Map<?, ?> e = p instanceof Map<?, ?> m && m.get("embeddings") instanceof Map<?, ?> x ? x : Map.of();
        vectors.add(e.get("values"));
        if (e.get("statistics") instanceof Map<?, ?> stats) {
          tokens += JsonValues.number(stats.get("token_count"));
        }
      }
    } else if (body.get("embeddings") instanceof List<?> embeddings) {
      for (Object e : embeddings) {
        vectors.add(e instanceof Map<?, ?> m ? m.get("values") : null);
      }
    } else {
      return null;
    }
    return dev.llmrouter.providers.internal.Embeddings.answer(vectors, tokens, null);
  }

  @Override
  public HttpChatProvider.StreamDecoder decoder() {
    return new GeminiStreamTranslator();
  }

  @Override
  public String mask(String text) {
    return auth.mask(text);
  }

  @Override
  public String toString() {
    return modelUrl;
  }
}
