package dev.llmrouter.wire.openai;

import dev.llmrouter.wire.openai.OpenAiJson;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.spi.Secret;
import dev.llmrouter.wire.HttpErrors;
import java.time.Duration;
import java.util.Map;

/**
 * Reads OpenAI's error body, {@code {"error":{"message","type","param","code"}}}, and the variants
 * compatible servers send ({@code {"error":"text"}}, vLLM's top-level {@code {"message","type","code"}}),
 * then maps it with {@link HttpErrors#map}. The API key is masked should a server echo it.
 */
public final class OpenAiErrors {
  private static final int MAX_RAW_BODY = 500;

  private OpenAiErrors() {}

  /** An error from an HTTP status and its body (which may be empty or not JSON). */
  public static LlmException fromBody(String provider, int status, String body, Duration retryAfter, Secret apiKey) {
    Object json = body == null || body.isBlank() ? null : OpenAiJson.readValue(body);
    if (json instanceof Map<?, ?> root) {
      Object error = root.containsKey("error") ? root.get("error") : root;
      return fromErrorValue(provider, status, error, retryAfter, apiKey);
    }
    String raw = body == null ? null : body.strip();
    if (raw != null && raw.length() > MAX_RAW_BODY) {
      raw = raw.substring(0, MAX_RAW_BODY) + "...";
    }
    return HttpErrors.map(provider, status, mask(raw, apiKey), null, retryAfter);
  }

  /**
   * An error from the value of an {@code "error"} field, e.g. one sent inside a stream after a 200. Its
   * {@code code} is used as the status when it is an HTTP status (OpenRouter does this).
   */
  public static LlmException fromErrorValue(String provider, int status, Object error, Duration retryAfter, Secret apiKey) {
    String message;
    String errorType = null;
    int effectiveStatus = status;
    if (error instanceof Map<?, ?> e) {
      message = e.get("message") instanceof String s ? s : null;
      Object code = e.get("code");
      Object type = e.get("type");
      if (code instanceof String s && !s.isBlank()) {
        errorType = s;
      } else if (type instanceof String s && !s.isBlank()) {
        errorType = s;
      }
      if (status < 400 && code instanceof Number n && n.intValue() >= 400 && n.intValue() < 600) {
        effectiveStatus = n.intValue();
      }
    } else {
      message = error == null ? null : String.valueOf(error);
    }
    if (effectiveStatus < 400) {
      effectiveStatus = 500; // an error reported in a successful response: the server failed
    }
    return HttpErrors.map(provider, effectiveStatus, mask(message, apiKey), errorType, retryAfter);
  }

  public static String mask(String text, Secret apiKey) {
    if (text == null || apiKey == null) {
      return text;
    }
    return text.replace(apiKey.reveal(), "****");
  }
}
