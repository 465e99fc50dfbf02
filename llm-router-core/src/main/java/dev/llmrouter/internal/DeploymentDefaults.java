package dev.llmrouter.internal;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.spi.DeploymentSettings;
import java.math.BigDecimal;

/**
 * Aims a request at a deployment: its provider model id (a wildcard deployment's {@code *} filled in, see
 * {@link ModelNames}), the sampling defaults set in its {@code litellm_params} ({@code max_tokens},
 * {@code temperature}, {@code top_p}) where the request has none, and {@code max_tokens} cut to the model's output
 * limit ({@link ModelLimits}) unless the request goes to the provider as its caller sent it (same dialect).
 */
final class DeploymentDefaults {
  /** The {@code litellm_params} read here: defaults for requests that don't set them. */
  static final java.util.Set<String> PARAMS = java.util.Set.of("max_tokens", "temperature", "top_p");

  private DeploymentDefaults() {}

  static ChatRequest apply(ChatRequest request, Deployment d, ModelLimits limits) {
    ChatRequest aimed = withDefaults(request, d);
    Integer limit = limits.of(d);
    boolean asSent = request.nativeRequest() != null && d.capabilities().dialects().contains(request.dialect());
    if (!asSent && limit != null && aimed.maxTokens() != null && aimed.maxTokens() > limit) {
      return aimed.withMaxTokens(limit);
    }
    return aimed;
  }

  private static ChatRequest withDefaults(ChatRequest request, Deployment d) {
    DeploymentSettings s = d.config().settings();
    String model = ModelNames.providerModel(s.model(), d.alias(), request.model());
    BigDecimal maxTokens = request.maxTokens() == null ? number(s, "max_tokens") : null;
    BigDecimal temperature = request.temperature() == null ? number(s, "temperature") : null;
    BigDecimal topP = request.topP() == null ? number(s, "top_p") : null;
    if (maxTokens == null && temperature == null && topP == null) {
      return request.withModel(model); // the common case, on every attempt: no copying
    }
    ChatRequest.Builder b = request.toBuilder().model(model);
    if (maxTokens != null) {
      b.maxTokens(maxTokens.intValue());
    }
    if (temperature != null) {
      b.temperature(temperature.doubleValue());
    }
    if (topP != null) {
      b.topP(topP.doubleValue());
    }
    return b.build();
  }

  /** The deployment's {@code litellm_params} entry as a number, or null when it is absent or not a number. */
  static BigDecimal number(DeploymentSettings s, String param) {
    return s.param(param).map(DeploymentDefaults::number).orElse(null);
  }

  private static BigDecimal number(Object v) {
    try {
      return new BigDecimal(String.valueOf(v).trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
