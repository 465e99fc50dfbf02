package dev.llmrouter.providers.openai;

import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Secret;
import dev.llmrouter.providers.internal.OpenAiEndpoint;
import dev.llmrouter.providers.internal.Params;
import dev.llmrouter.providers.internal.Urls;
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
        Params.flag(s, "use_max_completion_tokens"));
  }

  /** {@code POST {baseUrl}/chat/completions} with {@code Authorization: Bearer <api_key>}. */
  OpenAiEndpoint endpoint() {
    return new OpenAiEndpoint(provider, deploymentId, Urls.join(baseUrl, "/chat/completions"), "Authorization",
        "Bearer ", apiKey, headers, useMaxCompletionTokens);
  }


  @Override
  public String toString() {
    return "OpenAiConfig[" + deploymentId + ", " + provider + ", " + baseUrl + "]";
  }
}
