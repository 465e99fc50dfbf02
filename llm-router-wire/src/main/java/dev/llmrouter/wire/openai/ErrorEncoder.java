package dev.llmrouter.wire.openai;

import dev.llmrouter.wire.JsonIo;
import dev.llmrouter.wire.HttpError;
import dev.llmrouter.wire.BadRequestException;
import dev.llmrouter.api.AccessDeniedException;
import dev.llmrouter.api.AuthenticationException;
import dev.llmrouter.api.InvalidKeyException;
import dev.llmrouter.api.RateLimitExceededException;
import dev.llmrouter.api.BudgetExceededException;
import dev.llmrouter.api.CapacityExceededException;
import dev.llmrouter.api.ContentPolicyException;
import dev.llmrouter.api.ContextWindowExceededException;
import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.LlmTimeoutException;
import dev.llmrouter.api.ModelNotFoundException;
import dev.llmrouter.api.NoDeploymentAvailableException;
import dev.llmrouter.api.PermissionDeniedException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.RateLimitedException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Maps failures to OpenAI-shaped error responses, {@code {"error":{"message","type","param","code"}}}.
 *
 * <p>A provider rejecting <em>the gateway's</em> credentials (401/403 upstream) is reported as 502
 * {@code upstream_error}: a 401 would tell the client its own key is wrong. Anything that is not a known
 * failure becomes 500 with type {@code server_error}, code {@code internal_error} and a generic message;
 * exception details never reach the client for those.
 */
public final class ErrorEncoder {
  public static final String INVALID_REQUEST = "invalid_request_error";
  public static final String UPSTREAM = "upstream_error";

  private ErrorEncoder() {}

  /** The response for a failure of a call. */
  public static HttpError encode(Throwable error) {
    if (error instanceof BadRequestException e) {
      return error(400, e.getMessage(), INVALID_REQUEST, e.param(), null, null);
    }
    if (error instanceof NoDeploymentAvailableException e) {
      return noDeployment(e);
    }
    if (error instanceof LlmException e) {
      HttpError mapped = llmError(e);
      if (mapped != null) {
        return mapped;
      }
    }
    return internal();
  }

  private static HttpError llmError(LlmException error) {
    String message = error.getMessage();
    if (error instanceof ContextWindowExceededException) {
      return error(400, message, INVALID_REQUEST, "messages", "context_length_exceeded", null);
    }
    if (error instanceof ContentPolicyException) {
      return error(400, message, INVALID_REQUEST, null, "content_policy_violation", null);
    }
    if (error instanceof dev.llmrouter.api.UnsupportedParameterException e) {
      return error(400, message, INVALID_REQUEST, e.param(), "unsupported_parameter", null);
    }
    if (error instanceof InvalidRequestException) {
      return error(400, message, INVALID_REQUEST, null, null, null);
    }
    if (error instanceof InvalidKeyException) {
      return unauthorized(message);
    }
    if (error instanceof dev.llmrouter.api.StateUnavailableException) {
      return error(503, message, "service_unavailable", null, "state_unavailable", error.retryAfter().orElse(null));
    }
    if (error instanceof AccessDeniedException) {
      return error(403, message, "permission_error", null, "access_denied", null);
    }
    if (error instanceof RateLimitExceededException) {
      return error(429, message, "rate_limit_error", null, "rate_limit_exceeded", error.retryAfter().orElse(null));
    }
    if (error instanceof BudgetExceededException) {
      HttpError e = error(429, message, "budget_exceeded", null, "budget_exceeded", error.retryAfter().orElse(null));
      return new HttpError(e.status(), e.json(), e.retryAfter(), e.message(), Map.of("x-should-retry", "false"));
    }
    if (error instanceof AuthenticationException || error instanceof PermissionDeniedException) {
      return error(502, "The upstream provider rejected the gateway's credentials (HTTP " + error.status()
          + "). This is a gateway configuration problem, not a problem with your API key.", UPSTREAM, null,
          "upstream_authentication_failed", null);
    }
    if (error instanceof ModelNotFoundException) {
      return error(404, sentence(message) + " Call GET /v1/models to list the models this gateway serves.",
          INVALID_REQUEST, "model", "model_not_found", null);
    }
    if (error instanceof RateLimitedException) {
      return error(429, message, "rate_limit_error", null, "rate_limit_exceeded", error.retryAfter().orElse(null));
    }
    if (error instanceof CapacityExceededException) {
      return error(429, message, "rate_limit_error", null, "max_parallel_requests", error.retryAfter().orElse(null));
    }
    if (error instanceof LlmTimeoutException) {
      return error(504, message, "timeout_error", null, "upstream_timeout", null);
    }
    if (error instanceof ProviderUnavailableException) {
      return error(502, message, UPSTREAM, null, "upstream_unavailable", null);
    }
    return null;
  }

  /** Takes its status from the last failure's kind; the earliest retry time is kept either way. */
  private static HttpError noDeployment(NoDeploymentAvailableException error) {
    LlmException last = error.lastFailure().orElse(null);
    Duration retryAfter = error.retryAfter()
        .or(() -> last == null ? Optional.<Duration>empty() : last.retryAfter())
        .orElse(null);
    String message = error.getMessage();
    if (last instanceof RateLimitedException) {
      return error(429, message, "rate_limit_error", null, "rate_limit_exceeded", retryAfter);
    }
    if (last instanceof LlmTimeoutException) {
      return error(504, message, "timeout_error", null, "upstream_timeout", retryAfter);
    }
    if (last instanceof InvalidRequestException) {
      HttpError invalid = llmError(last);
      return new HttpError(invalid.status(), invalid.json(), retryAfter, invalid.message());
    }
    return error(503, message, "service_unavailable", null, "no_deployment_available", retryAfter);
  }

  private static String sentence(String message) {
    String m = message == null ? "" : message.strip();
    return m.isEmpty() || m.endsWith(".") ? m : m + ".";
  }

  private static HttpError internal() {
    return error(500, "The gateway failed to process the request.", "server_error", null, "internal_error", null);
  }

  /** The proxy refused the client's own key (or there was none). */
  public static HttpError unauthorized(String message) {
    return error(401, message, "authentication_error", null, "invalid_api_key", null);
  }

  /** No such endpoint. */
  public static HttpError notFound(String method, String path) {
    return error(404, "Unknown request URL: " + method + " " + path + ".", INVALID_REQUEST, null, "unknown_url",
        null);
  }

  /** The request body is larger than the proxy accepts. */
  public static HttpError payloadTooLarge(long limitBytes) {
    return error(413, "The request body is larger than the limit of " + limitBytes + " bytes.", INVALID_REQUEST,
        null, "payload_too_large", null);
  }

  /**
   * An error the HTTP layer itself answers (an unparsable request line, a bad header...): the status with a
   * generic message, typed by its class.
   */
  public static HttpError httpStatus(int status, String reason) {
    String type = status >= 500 ? "server_error" : INVALID_REQUEST;
    String message = reason == null || reason.isBlank() ? "HTTP " + status + "." : reason;
    return error(status, message, type, null, null, null);
  }

  /** The proxy refuses the request for where it came from (its origin or host), whatever its key. */
  public static HttpError forbidden(String message, String code) {
    return error(403, message, "permission_error", null, code, null);
  }

  /** The body is not JSON by its own content type. */
  public static HttpError unsupportedMediaType(String contentType) {
    return error(415, "Content-Type '" + contentType + "' is not supported: send the body as application/json.",
        INVALID_REQUEST, null, "unsupported_media_type", null);
  }

  /** The client stopped sending its request body. */
  public static HttpError requestTimeout(long seconds) {
    return error(408, "The request body did not arrive: nothing was received for " + seconds + " s.",
        INVALID_REQUEST, null, "request_timeout", null);
  }

  /** The endpoint exists but not for this method. */
  public static HttpError methodNotAllowed(String method, String path) {
    return error(405, "Method " + method + " is not allowed for " + path + ".", INVALID_REQUEST, null,
        "method_not_allowed", null);
  }

  public static HttpError error(int status, String message, String type, String param, String code, Duration retryAfter) {
    return new HttpError(status, body(message, type, param, code), retryAfter, message == null ? "" : message);
  }

  public static String body(String message, String type, String param, String code) {
    return JsonIo.write(w -> {
      w.beginObject();
      w.name("error").beginObject();
      w.name("message").value(message == null ? "" : message);
      w.name("type").value(type);
      w.name("param").value(param);
      w.name("code").value(code);
      w.endObject();
      w.endObject();
    });
  }
}
