package dev.llmrouter.wire;

import java.time.Duration;

/**
 * An error response ready to send.
 *
 * @param status     the HTTP status
 * @param json       the body, OpenAI's {@code {"error":{"message","type","param","code"}}}
 * @param retryAfter how long the client should wait before trying again, or null
 * @param message    the error's message alone, for re-encoding in another API's shape
 */
public record HttpError(int status, String json, Duration retryAfter, String message) {

  /** The {@code Retry-After} header value in whole seconds, rounded up, or null when there is none. */
  public String retryAfterHeader() {
    if (retryAfter == null || retryAfter.isNegative()) {
      return null;
    }
    long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
    return Long.toString(seconds);
  }
}
