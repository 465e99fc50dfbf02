package dev.llmrouter.wire;

import java.time.Duration;
import java.util.Map;

/**
 * An error response ready to send.
 *
 * @param status     the HTTP status
 * @param json       the body, OpenAI's {@code {"error":{"message","type","param","code"}}}
 * @param retryAfter how long the client should wait before trying again, or null
 * @param message    the error's message alone, for re-encoding in another API's shape
 * @param headers    further response headers the error comes with ({@code x-should-retry: false} for a budget)
 */
public record HttpError(int status, String json, Duration retryAfter, String message, Map<String, String> headers) {
  public HttpError {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  public HttpError(int status, String json, Duration retryAfter, String message) {
    this(status, json, retryAfter, message, Map.of());
  }

  /** This error in another body, with the same status, retry time and headers. */
  public HttpError withJson(String newJson) {
    return new HttpError(status, newJson, retryAfter, message, headers);
  }

  /** The {@code Retry-After} header value in whole seconds, rounded up, or null when there is none. */
  public String retryAfterHeader() {
    if (retryAfter == null || retryAfter.isNegative()) {
      return null;
    }
    long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
    return Long.toString(seconds);
  }
}
