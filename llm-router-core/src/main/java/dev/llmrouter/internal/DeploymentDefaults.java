package dev.llmrouter.internal;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.spi.DeploymentSettings;
import java.math.BigDecimal;

/**
 * Aims a request at a deployment: its provider model id, and the sampling defaults set in its
 * {@code litellm_params} ({@code max_tokens}, {@code temperature}, {@code top_p}) where the request has none.
 */
final class DeploymentDefaults {
  private DeploymentDefaults() {}

  static ChatRequest apply(ChatRequest request, Deployment d) {
    DeploymentSettings s = d.config().settings();
    boolean defaultsApply = request.maxTokens() == null && s.param("max_tokens").isPresent()
        || request.temperature() == null && s.param("temperature").isPresent()
        || request.topP() == null && s.param("top_p").isPresent();
    if (!defaultsApply) {
      return request.withModel(s.model()); // the common case, on every attempt: no copying
    }
    ChatRequest.Builder b = request.toBuilder().model(s.model());
    if (request.maxTokens() == null) {
      s.param("max_tokens").map(DeploymentDefaults::number).ifPresent(v -> b.maxTokens(v.intValue()));
    }
    if (request.temperature() == null) {
      s.param("temperature").map(DeploymentDefaults::number).ifPresent(v -> b.temperature(v.doubleValue()));
    }
    if (request.topP() == null) {
      s.param("top_p").map(DeploymentDefaults::number).ifPresent(v -> b.topP(v.doubleValue()));
    }
    return b.build();
  }

  private static BigDecimal number(Object v) {
    try {
      return new BigDecimal(String.valueOf(v).trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
