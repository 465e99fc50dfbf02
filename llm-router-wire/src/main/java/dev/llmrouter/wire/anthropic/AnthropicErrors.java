package dev.llmrouter.wire.anthropic;

import dev.llmrouter.wire.anthropic.AnthropicWire;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.wire.anthropic.AnthropicWire.ErrorBody;
import dev.llmrouter.wire.anthropic.AnthropicWire.ErrorDetail;
import dev.llmrouter.wire.HttpErrors;
import java.time.Duration;

/**
 * Anthropic's error bodies ({@code {"type":"error","error":{"type":"overloaded_error","message":"..."}}}) mapped
 * to the {@link LlmException} taxonomy through {@link HttpErrors#map}. Anthropic's 529 {@code overloaded_error}
 * is a 5xx and so a retryable {@code ProviderUnavailableException}.
 */
public final class AnthropicErrors {
  private AnthropicErrors() {}

  public static final String PROVIDER = "anthropic";
  private static final int MAX_RAW_MESSAGE = 300;

  /** An HTTP error response; {@code body} may be anything (a proxy's HTML page, empty). */
  public static LlmException fromResponse(int status, String body, Duration retryAfter) {
    ErrorDetail detail = parse(body);
    if (detail != null) {
      return HttpErrors.map(PROVIDER, status, detail.message(), detail.type(), retryAfter);
    }
    String raw = body == null ? "" : body.strip();
    if (raw.length() > MAX_RAW_MESSAGE) {
      raw = raw.substring(0, MAX_RAW_MESSAGE) + "...";
    }
    return HttpErrors.map(PROVIDER, status, raw, null, retryAfter);
  }

  /**
   * An {@code error} event in the middle of a stream. It has no HTTP status of its own, so the status that
   * Anthropic documents for its type is used (an unknown type counts as a 500).
   */
  public static LlmException fromStreamError(ErrorDetail error) {
    String type = error == null ? null : error.type();
    String message = error == null ? "error event without details" : error.message();
    return HttpErrors.map(PROVIDER, statusOf(type), message, type, null);
  }

  public static int statusOf(String errorType) {
    if (errorType == null) {
      return 500;
    }
    return switch (errorType) {
      case "invalid_request_error" -> 400;
      case "authentication_error" -> 401;
      case "billing_error" -> 402;
      case "permission_error" -> 403;
      case "not_found_error" -> 404;
      case "request_too_large" -> 413;
      case "rate_limit_error" -> 429;
      case "timeout_error" -> 504;
      case "overloaded_error" -> 529;
      default -> 500; // api_error and anything new
    };
  }

  private static ErrorDetail parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      ErrorBody parsed = AnthropicWire.adapter(ErrorBody.class).fromJson(body);
      return parsed == null ? null : parsed.error();
    } catch (Exception notAnAnthropicError) {
      return null;
    }
  }
}
