package dev.llmrouter.providers.openai;

import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Secret;
import java.util.Map;

/**
 * What the OpenAI provider needs from a deployment. Knobs read from {@code litellm_params}:
 * {@code use_max_completion_tokens} (true: send the output limit as {@code max_completion_tokens}, which
 * OpenAI's reasoning models require). {@code api_version} is not used.
 *
 * @param provider the provider id, for error messages ("openai", "groq", ...)
 * @param baseUrl  the resolved base URL, e.g. {@code https://api.openai.com/v1}
 */
record OpenAiConfig(String provider, String deploymentId, String baseUrl, Secret apiKey, Map<String, String> headers,
                    boolean useMaxCompletionTokens) {

  OpenAiConfig {
    headers = Map.copyOf(headers);
  }

  static final java.util.Set<String> PARAMS = java.util.Set.of("use_max_completion_tokens");

  static OpenAiConfig from(DeploymentSettings s, String baseUrl) {
    return new OpenAiConfig(s.providerId(), s.deploymentId(), baseUrl, s.apiKey(), s.headers(),
        flag(s, "use_max_completion_tokens"));
  }

  private static boolean flag(DeploymentSettings s, String name) {
    Object v = s.param(name).orElse(false);
    if (v instanceof Boolean b) {
      return b;
    }
    String text = String.valueOf(v).trim();
    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new IllegalArgumentException(s.deploymentId() + ": " + name + " must be true or false, got \"" + v + "\"");
  }

  @Override
  public String toString() {
    return "OpenAiConfig[" + deploymentId + ", " + provider + ", " + baseUrl + "]";
  }
}
