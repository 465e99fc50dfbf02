package dev.llmrouter.providers.azure;

import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Secret;
import dev.llmrouter.providers.internal.OpenAiEndpoint;
import dev.llmrouter.providers.internal.Params;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * What an Azure OpenAI deployment needs, from LiteLLM's {@code litellm_params} for {@code azure/<deployment>}:
 * {@code api_base} (the resource's endpoint, {@code https://<resource>.openai.azure.com}), {@code api_version}
 * (default {@value #DEFAULT_API_VERSION}, the latest GA version of the inference API; {@code v1} selects the
 * version-less v1 API), and the credential: {@code azure_ad_token} (a Microsoft Entra ID bearer token) if set, else
 * {@code api_key} (sent as {@code api-key}). {@code use_max_completion_tokens} as for OpenAI.
 *
 * <p>The deployments API is {@code POST {api_base}/openai/deployments/{deployment}/chat/completions?api-version=V};
 * the v1 API is {@code POST {api_base}/openai/v1/chat/completions} with the deployment as the body's {@code model}
 * (Azure OpenAI REST reference: https://learn.microsoft.com/azure/ai-foundry/openai/reference).
 */
record AzureConfig(String deploymentId, String endpoint, String deployment, String apiVersion, Secret apiKey,
                   Secret adToken, Map<String, String> headers, boolean useMaxCompletionTokens) {
  static final String DEFAULT_API_VERSION = "2024-10-21";
  static final Set<String> PARAMS = Set.of("azure_ad_token", "use_max_completion_tokens");

  AzureConfig {
    headers = Map.copyOf(headers);
  }

  static AzureConfig from(DeploymentSettings s) {
    String base = s.apiBase();
    if (base == null || base.isBlank()) {
      throw new IllegalArgumentException(s.deploymentId() + ": azure needs api_base, the resource's endpoint "
          + "(https://<resource>.openai.azure.com)");
    }
    base = base.strip();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    if (base.endsWith("/openai")) {
      base = base.substring(0, base.length() - "/openai".length());
    }
    Object token = s.param("azure_ad_token").orElse(null);
    Secret adToken = token == null || String.valueOf(token).isBlank() ? null : Secret.of(String.valueOf(token));
    if (adToken == null && s.apiKey() == null) {
      throw new IllegalArgumentException(s.deploymentId() + ": azure needs api_key (the resource's key) or "
          + "azure_ad_token (a Microsoft Entra ID token)");
    }
    String version = s.apiVersion() == null || s.apiVersion().isBlank() ? DEFAULT_API_VERSION : s.apiVersion().strip();
    return new AzureConfig(s.deploymentId(), base, s.model(), version, s.apiKey(), adToken, s.headers(),
        Params.flag(s, "use_max_completion_tokens"));
  }

  /** The URL and credential header of this deployment's chat completions. */
  OpenAiEndpoint chatEndpoint() {
    String url = apiVersion.equals("v1")
        ? endpoint + "/openai/v1/chat/completions"
        : endpoint + "/openai/deployments/" + URLEncoder.encode(deployment, StandardCharsets.UTF_8)
            + "/chat/completions?api-version=" + URLEncoder.encode(apiVersion, StandardCharsets.UTF_8);
    return adToken != null
        ? new OpenAiEndpoint("azure", deploymentId, url, "Authorization", "Bearer ", adToken, headers,
            useMaxCompletionTokens)
        : new OpenAiEndpoint("azure", deploymentId, url, "api-key", "", apiKey, headers, useMaxCompletionTokens);
  }


  @Override
  public String toString() {
    return "AzureConfig[" + deploymentId + ", " + endpoint + ", deployment " + deployment + ", api-version "
        + apiVersion + ", " + (adToken != null ? "Entra ID token" : "api-key") + "]";
  }
}
