package dev.llmrouter.providers.bedrock;

import dev.llmrouter.api.AuthenticationException;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.providers.internal.HttpChatProvider;
import dev.llmrouter.wire.HttpErrors;
import dev.llmrouter.wire.JsonIo;
import dev.llmrouter.providers.internal.JsonValues;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import dev.llmrouter.providers.internal.JsonBody;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Bedrock's {@code POST /model/{modelId}/converse} and {@code /converse-stream} (an AWS event-stream), signed with
 * SigV4 for the {@code bedrock} service. Errors are {@code {"message": ...}} with the exception's name in
 * {@code x-amzn-ErrorType}, or an exception frame inside a stream (its type in {@code :exception-type}); a bad or
 * expired key ({@code UnrecognizedClientException}, {@code InvalidSignatureException},
 * {@code ExpiredTokenException}) is an authentication error, whatever its status.
 */
final class BedrockApi implements HttpChatProvider.Api {
  static final String PROVIDER = "bedrock";

  private final String modelUrl;
  private final SigV4 signer;
  private final Map<String, String> headers;
  private final Clock clock;

  BedrockApi(String modelUrl, SigV4 signer, Map<String, String> headers, Clock clock) {
    this.modelUrl = modelUrl;
    this.signer = signer;
    this.headers = Map.copyOf(headers);
    this.clock = clock;
  }

  @Override
  public Request request(ChatRequest request, boolean stream) {
    String url = modelUrl + (stream ? "/converse-stream" : "/converse");
    return signed(url, JsonIo.toJson(ConverseMapper.toRequestBody(request)).getBytes(StandardCharsets.UTF_8), stream);
  }

  /** A POST of {@code body}, signed. */
  private Request signed(String url, byte[] body, boolean stream) {
    Map<String, String> sent = new LinkedHashMap<>();
    sent.put("Content-Type", "application/json");
    sent.put("Accept", stream ? "application/vnd.amazon.eventstream" : "application/json");
    sent.putAll(headers);
    Request.Builder b = new Request.Builder().url(url).post(JsonBody.of(body));
    sent.forEach(b::header);
    signer.sign("POST", url, sent, body).forEach(b::header);
    return b.build();
  }

  @Override
  public ChatResponse answer(Map<?, ?> body) {
    return body.get("output") instanceof Map<?, ?> ? ConverseMapper.toChatResponse(body) : null;
  }

  @Override
  public LlmException error(Response response, String body) {
    Object json = body == null ? null : JsonIo.parseOrNull(body);
    String message = json instanceof Map<?, ?> map && map.get("message") instanceof String m ? m
        : json instanceof Map<?, ?> map && map.get("Message") instanceof String m ? m : body;
    return error(response.code(), response.header("x-amzn-ErrorType"), message,
        HttpErrors.parseRetryAfter(response.header("Retry-After"), null, clock));
  }

  /**
   * The error of a status, an {@code x-amzn-ErrorType} (or an exception frame's type) and a body; status 0 is an
   * exception frame, its status taken from its type.
   */
  LlmException fromBody(int status, String type, String body, Duration retryAfter) {
    Object json = body == null ? null : JsonIo.parseOrNull(body);
    String message = json instanceof Map<?, ?> map && map.get("message") instanceof String m ? m : body;
    if (status == 0 && type != null) {
      status = status(type);
      status = status == 424 ? 502 : status;
    }
    return error(status, type, message, retryAfter);
  }

  private LlmException error(int status, String type, String message, Duration retryAfter) {
    if (type != null && type.contains(":")) {
      type = type.substring(0, type.indexOf(':'));
    }
    String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
    if (lower.startsWith("unrecognizedclient") || lower.startsWith("invalidsignature")
        || lower.startsWith("expiredtoken") || lower.startsWith("missingauthenticationtoken")) {
      return new AuthenticationException(PROVIDER + " returned " + status + " " + type + ": " + signer.mask(message),
          status, type, null);
    }
    return HttpErrors.map(PROVIDER, status, signer.mask(message), type, retryAfter);
  }

  /** An exception frame's status, by its type (the API reference's HTTP codes for each). */
  private static int status(String exceptionType) {
    return switch (exceptionType.toLowerCase(Locale.ROOT)) {
      case "throttlingexception", "modelnotreadyexception" -> 429;
      case "validationexception" -> 400;
      case "accessdeniedexception" -> 403;
      case "modeltimeoutexception" -> 408;
      case "serviceunavailableexception" -> 503;
      case "modelstreamerrorexception" -> 424;
      default -> 500;
    };
  }

  /**
   * {@code InvokeModel} of an embedding model, in its family's body: Titan Text Embeddings one text a call
   * ({@code inputText}, {@code dimensions}; https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html),
   * Cohere Embed all at once ({@code texts}, {@code input_type: search_document};
   * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed.html). Other families have none here.
   */
  @Override
  public List<Request> embeddingRequests(ChatRequest request) {
    String model = modelUrl.substring(modelUrl.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    List<Map<String, Object>> bodies = new java.util.ArrayList<>();
    if (model.contains("titan-embed")) {
      for (String text : request.embedding().input()) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("inputText", text);
        if (request.embedding().dimensions() != null) {
          body.put("dimensions", request.embedding().dimensions());
        }
        bodies.add(body);
      }
    } else if (model.contains("cohere.embed")) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("texts", request.embedding().input());
      body.put("input_type", "search_document");
      bodies.add(body);
    } else {
      return List.of();
    }
    List<Request> out = new java.util.ArrayList<>();
    for (Map<String, Object> body : bodies) {
      out.add(signed(modelUrl + "/invoke", JsonIo.toJson(body).getBytes(StandardCharsets.UTF_8), false));
    }
    return out;
  }

  @Override
  public ChatResponse embeddings(ChatRequest request, List<Map<?, ?>> bodies) {
    List<Object> vectors = new java.util.ArrayList<>();
    long tokens = 0;
    for (Map<?, ?> body : bodies) {
      if (body.get("embedding") instanceof List<?> one) { // Titan
        vectors.add(one);
        tokens += JsonValues.number(body.get("inputTextTokenCount"));
      } else if (body.get("embeddings") instanceof List<?> many) { // Cohere (its count is not in the body)
        vectors.addAll(many);
      } else if (body.get("embeddings") instanceof Map<?, ?> types && types.get("float") instanceof List<?> many) {
        vectors.addAll(many);
      } else {
        return null;
      }
    }
    return dev.llmrouter.providers.internal.Embeddings.answer(vectors, tokens, null);
  }

  @Override
  public HttpChatProvider.StreamDecoder decoder() {
    return HttpChatProvider.StreamDecoder.withErrors(new ConverseStreamTranslator(), (type, event) -> {
      if (type == null || !type.startsWith("exception:")) {
        return null;
      }
      return fromBody(0, type.substring("exception:".length()), JsonIo.toJson(event), null);
    });
  }

  @Override
  public String mask(String text) {
    return signer.mask(text);
  }

  @Override
  public String toString() {
    return modelUrl;
  }
}
