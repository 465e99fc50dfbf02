package dev.llmrouter.wire;

import dev.llmrouter.api.AuthenticationException;
import dev.llmrouter.api.ContentPolicyException;
import dev.llmrouter.api.ContextWindowExceededException;
import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.LlmTimeoutException;
import dev.llmrouter.api.ModelNotFoundException;
import dev.llmrouter.api.PermissionDeniedException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.RateLimitedException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Maps an HTTP error from any provider to the {@link LlmException} taxonomy. Pure functions; each provider
 * extracts the message and error type from its own error body and calls {@link #map}.
 */
public final class HttpErrors {
  private HttpErrors() {}

  /**
   * @param provider    the provider id, for the message ("openai")
   * @param status      HTTP status
   * @param message     the provider's error message (must not contain the API key; providers don't echo it)
   * @param errorType   the provider's error type or code, or null
   * @param retryAfter  the parsed {@code Retry-After}, or null
   */
  public static LlmException map(String provider, int status, String message, String errorType,
                                 Duration retryAfter) {
    String text = provider + " returned " + status + (errorType == null ? "" : " " + errorType) + ": "
        + (message == null || message.isBlank() ? "(no message)" : message);
    String haystack = ((message == null ? "" : message) + " " + (errorType == null ? "" : errorType))
        .toLowerCase(Locale.ROOT);
    if (status == 401) {
      return new AuthenticationException(text, status, errorType, null);
    }
    if (status == 403) {
      return new PermissionDeniedException(text, status, errorType, null);
    }
    if (status == 404) {
      return new ModelNotFoundException(text, status, errorType, null);
    }
    if (status == 408) {
      return new LlmTimeoutException(text, status, errorType, null);
    }
    if (status == 429) {
      return new RateLimitedException(text, status, errorType, retryAfter, null);
    }
    if (status >= 500) {
      return new ProviderUnavailableException(text, status, errorType, null);
    }
    if (isContextWindow(haystack)) {
      return new ContextWindowExceededException(text, status, errorType, null);
    }
    if (isContentPolicy(haystack)) {
      return new ContentPolicyException(text, status, errorType, null);
    }
    return new InvalidRequestException(text, status, errorType, null);
  }

  public static boolean isContextWindow(String s) {
    return s.contains("context_length_exceeded") || s.contains("context length") || s.contains("context window")
        || s.contains("maximum context") || s.contains("prompt is too long") || s.contains("too many tokens")
        || s.contains("input is too long") || s.contains("exceeds the maximum number of tokens");
  }

  public static boolean isContentPolicy(String s) {
    return s.contains("content_policy") || s.contains("content policy") || s.contains("content management policy")
        || s.contains("content_filter") || s.contains("safety system");
  }

  /** A failure with no HTTP response: a timeout or a connection problem. */
  public static LlmException fromIo(String provider, IOException e) {
    String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof InterruptedIOException) {
      return new LlmTimeoutException(provider + " did not answer in time: " + what, 0, null, e);
    }
    return new ProviderUnavailableException(provider + " could not be reached: " + what, 0, null, e);
  }

  /** The connection failed after the response had begun: what arrived is incomplete. */
  public static LlmException midResponse(String provider, IOException e) {
    String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof InterruptedIOException) {
      return new LlmTimeoutException(provider + " stopped sending mid-response: " + what, 0, null, e);
    }
    return new ProviderUnavailableException(provider + " reset the connection mid-response: " + what, 0, null, e);
  }

  /**
   * Parses {@code Retry-After} as delta-seconds (fractions allowed) or an HTTP-date; also accepts the
   * {@code retry-after-ms} header some providers send. Null when absent or unreadable.
   */
  public static Duration parseRetryAfter(String retryAfter, String retryAfterMs, Clock clock) {
    if (retryAfterMs != null) {
      try {
        return Duration.ofMillis((long) Math.max(0, Double.parseDouble(retryAfterMs.trim())));
      } catch (NumberFormatException ignored) {
        // fall through to Retry-After
      }
    }
    if (retryAfter == null || retryAfter.isBlank()) {
      return null;
    }
    String value = retryAfter.trim();
    try {
      double seconds = Double.parseDouble(value);
      return seconds <= 0 ? Duration.ZERO : Duration.ofMillis((long) (seconds * 1000));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(clock.instant(), at.toInstant());
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException unreadable) {
        return null;
      }
    }
  }
}
