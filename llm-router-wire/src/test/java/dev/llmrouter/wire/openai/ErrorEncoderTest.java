package dev.llmrouter.wire.openai;

import dev.llmrouter.wire.HttpError;
import dev.llmrouter.wire.BadRequestException;
import static dev.llmrouter.wire.openai.JsonTestSupport.obj;
import static dev.llmrouter.wire.openai.JsonTestSupport.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.AuthenticationException;
import dev.llmrouter.api.BudgetExceededException;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorEncoderTest {

  private static Map<String, Object> error(HttpError e) {
    Map<String, Object> json = parse(e.json());
    assertThat(json).containsOnlyKeys("error");
    Map<String, Object> error = obj(json.get("error"));
    assertThat(error).containsOnlyKeys("message", "type", "param", "code");
    return error;
  }

  @Test
  void badRequestIs400WithParam() {
    HttpError e = ErrorEncoder.encode(new BadRequestException("temperature", "'temperature' must be a number"));

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.retryAfter()).isNull();
    assertThat(error(e)).containsEntry("message", "'temperature' must be a number")
        .containsEntry("type", "invalid_request_error").containsEntry("param", "temperature")
        .containsEntry("code", null);
  }

  @Test
  void invalidRequestsAre400WithTheirCodes() {
    assertThat(error(ErrorEncoder.encode(new InvalidRequestException("bad schema"))))
        .containsEntry("type", "invalid_request_error").containsEntry("code", null)
        .containsEntry("message", "bad schema");
    HttpError context = ErrorEncoder.encode(new ContextWindowExceededException("too long"));
    assertThat(context.status()).isEqualTo(400);
    assertThat(error(context)).containsEntry("code", "context_length_exceeded");
    HttpError policy = ErrorEncoder.encode(new ContentPolicyException("refused"));
    assertThat(policy.status()).isEqualTo(400);
    assertThat(error(policy)).containsEntry("code", "content_policy_violation");
    assertThat(ErrorEncoder.encode(new InvalidRequestException("unprocessable", 422, null, null)).status())
        .isEqualTo(400);
  }

  @Test
  void upstreamAuthFailureIs502AndDoesNotBlameTheClientKey() {
    for (LlmException upstream : List.of(
        new AuthenticationException("openai returned 401: Incorrect API key provided: sk-abc***xyz"),
        new PermissionDeniedException("openai returned 403: no access"))) {
      HttpError e = ErrorEncoder.encode(upstream);

      assertThat(e.status()).isEqualTo(502);
      Map<String, Object> error = error(e);
      assertThat(error).containsEntry("type", "upstream_error");
      assertThat((String) error.get("message")).contains("upstream").contains("gateway's credentials")
          .doesNotContain("sk-abc");
      assertThat(error.get("code")).isNotEqualTo("invalid_api_key");
    }
  }

  @Test
  void unknownModelIs404PointingAtModelsEndpoint() {
    HttpError e = ErrorEncoder.encode(new ModelNotFoundException("no model alias 'gpt-5'."));

    assertThat(e.status()).isEqualTo(404);
    assertThat(error(e)).containsEntry("code", "model_not_found").containsEntry("param", "model");
    assertThat((String) error(e).get("message")).startsWith("no model alias 'gpt-5'.").contains("/v1/models");
  }

  @Test
  void rateLimitIs429WithRetryAfter() {
    HttpError e = ErrorEncoder.encode(new RateLimitedException("slow down", Duration.ofMillis(2500)));

    assertThat(e.status()).isEqualTo(429);
    assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(2500));
    assertThat(e.retryAfterHeader()).isEqualTo("3");
    assertThat(error(e)).containsEntry("code", "rate_limit_exceeded");
  }

  @Test
  void budgetExceededIs429WithItsOwnCode() {
    HttpError e = ErrorEncoder.encode(new BudgetExceededException("monthly budget of $10 reached"));

    assertThat(e.status()).isEqualTo(429);
    assertThat(e.retryAfterHeader()).isNull();
    assertThat(error(e)).containsEntry("code", "budget_exceeded").containsEntry("type", "budget_exceeded");
    assertThat(e.headers()).containsEntry("x-should-retry", "false");
  }

  @Test
  void theGatewaysOwnRefusalsKeepTheirStatusUnlikeAProvidersRefusalOfTheGateway() {
    assertThat(ErrorEncoder.encode(new dev.llmrouter.api.AccessDeniedException("no")).status()).isEqualTo(403);
    assertThat(ErrorEncoder.encode(new dev.llmrouter.api.InvalidKeyException("revoked")).status()).isEqualTo(401);
    assertThat(ErrorEncoder.encode(new dev.llmrouter.api.PermissionDeniedException("upstream")).status())
        .isEqualTo(502);
    HttpError limited = ErrorEncoder.encode(new dev.llmrouter.api.RateLimitExceededException("rpm", "tenant t rpm", 3,
        java.time.Duration.ofMillis(29_100), java.util.List.of()));
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.retryAfterHeader()).isEqualTo("30");
    assertThat(error(limited)).containsEntry("type", "rate_limit_error");
  }

  @Test
  void timeoutIs504AndUnavailableIs502() {
    assertThat(ErrorEncoder.encode(new LlmTimeoutException("no answer in 30s")).status()).isEqualTo(504);
    HttpError down = ErrorEncoder.encode(new ProviderUnavailableException("openai returned 503", 503, null, null));
    assertThat(down.status()).isEqualTo(502);
    assertThat(error(down)).containsEntry("type", "upstream_error");
  }

  @Test
  void noDeploymentTakesItsStatusFromTheLastFailure() {
    assertThat(noDeployment(new RateLimitedException("429", Duration.ofSeconds(9)), Duration.ofSeconds(4)))
        .satisfies(e -> {
          assertThat(e.status()).isEqualTo(429);
          assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(4));
        });
    assertThat(noDeployment(new RateLimitedException("429", Duration.ofSeconds(9)), null).retryAfter())
        .isEqualTo(Duration.ofSeconds(9));
    assertThat(noDeployment(new LlmTimeoutException("slow"), null).status()).isEqualTo(504);
    HttpError invalid = noDeployment(new ContextWindowExceededException("prompt too long"), Duration.ofSeconds(1));
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(error(invalid)).containsEntry("code", "context_length_exceeded")
        .containsEntry("message", "prompt too long");
    HttpError other = noDeployment(new ProviderUnavailableException("500"), Duration.ofSeconds(7));
    assertThat(other.status()).isEqualTo(503);
    assertThat(other.retryAfterHeader()).isEqualTo("7");
    assertThat(ErrorEncoder.encode(new NoDeploymentAvailableException("all cooling down", List.of(), null))
        .status()).isEqualTo(503);
  }

  private static HttpError noDeployment(LlmException last, Duration retryAfter) {
    return ErrorEncoder.encode(new NoDeploymentAvailableException("all deployments failed",
        List.of(new ProviderUnavailableException("first"), last), retryAfter));
  }

  @Test
  void unexpectedFailuresAre500WithAGenericMessage() {
    HttpError e = ErrorEncoder.encode(new IllegalStateException("secret internals at Foo.java:42"));

    assertThat(e.status()).isEqualTo(500);
    Map<String, Object> error = error(e);
    assertThat(error).containsEntry("code", "internal_error").containsEntry("type", "server_error");
    assertThat(e.json()).doesNotContain("secret").doesNotContain("Foo.java").doesNotContain("IllegalState");
  }

  @Test
  void proxyOwnErrors() {
    HttpError unauthorized = ErrorEncoder.unauthorized("Invalid key.");
    assertThat(unauthorized.status()).isEqualTo(401);
    assertThat(error(unauthorized)).containsEntry("type", "authentication_error")
        .containsEntry("code", "invalid_api_key").containsEntry("message", "Invalid key.");
    HttpError notFound = ErrorEncoder.notFound("GET", "/v1/nope");
    assertThat(notFound.status()).isEqualTo(404);
    assertThat((String) error(notFound).get("message")).contains("GET /v1/nope");
    HttpError tooLarge = ErrorEncoder.payloadTooLarge(1_048_576);
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat((String) error(tooLarge).get("message")).contains("1048576");
    HttpError method = ErrorEncoder.methodNotAllowed("DELETE", "/v1/chat/completions");
    assertThat(method.status()).isEqualTo(405);
    assertThat(error(method)).containsEntry("code", "method_not_allowed");
  }
}
