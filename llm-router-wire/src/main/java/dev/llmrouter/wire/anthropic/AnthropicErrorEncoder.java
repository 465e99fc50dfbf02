package dev.llmrouter.wire.anthropic;

import dev.llmrouter.api.AuthenticationException;
import dev.llmrouter.api.BudgetExceededException;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.PermissionDeniedException;
import dev.llmrouter.wire.HttpError;
import dev.llmrouter.wire.JsonIo;
import dev.llmrouter.wire.openai.ErrorEncoder;
import java.util.Set;

/**
 * Failures in the Messages API's error shape, {@code {"type":"error","error":{"type":...,"message":...}}}. A failure
 * is classified once ({@link ErrorEncoder}: status, message, retry time) and re-encoded here with Anthropic's type for
 * the status. An error an Anthropic upstream answered keeps its status and type (an overloaded 529 stays one), except
 * that the upstream refusing the gateway's own key is a 502 here too: the caller's key is not at fault.
 */
public final class AnthropicErrorEncoder {
  private static final Set<String> TYPES = Set.of("invalid_request_error", "authentication_error", "billing_error",
      "permission_error", "not_found_error", "request_too_large", "rate_limit_error", "timeout_error", "api_error",
      "overloaded_error");

  private AnthropicErrorEncoder() {}

  public static HttpError encode(Throwable failure) {
    if (failure instanceof BudgetExceededException) {
      return render(ErrorEncoder.encode(failure), "billing_error");
    }
    if (failure instanceof LlmException e && e.status() > 0
        && !(e instanceof AuthenticationException || e instanceof PermissionDeniedException)) {
      String upstreamType = e.providerError().filter(TYPES::contains).orElse(null);
      if (upstreamType != null) {
        HttpError classified = ErrorEncoder.encode(e);
        return render(new HttpError(e.status(), classified.json(), classified.retryAfter(), classified.message(),
            classified.headers()), upstreamType);
      }
    }
    return from(ErrorEncoder.encode(failure));
  }

  /** An error classified in OpenAI's shape, in Anthropic's. */
  public static HttpError from(HttpError error) {
    return render(error, typeFor(error.status()));
  }

  static String typeFor(int status) {
    return switch (status) {
      case 401 -> "authentication_error";
      case 402 -> "billing_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 503, 529 -> "overloaded_error";
      case 504 -> "timeout_error";
      default -> status >= 500 ? "api_error" : "invalid_request_error";
    };
  }

  private static HttpError render(HttpError error, String type) {
    String json = JsonIo.write(w -> {
      w.beginObject().name("type").value("error");
      w.name("error").beginObject().name("type").value(type).name("message").value(error.message()).endObject();
      w.endObject();
    });
    return error.withJson(json);
  }
}
