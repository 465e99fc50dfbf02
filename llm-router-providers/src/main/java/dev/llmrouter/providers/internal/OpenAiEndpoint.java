package dev.llmrouter.providers.internal;

import dev.llmrouter.api.spi.Secret;
import java.util.Map;

/**
 * Where and how to send OpenAI-format chat completions: one deployment of OpenAI, an OpenAI-compatible server or
 * Azure OpenAI, which differ only in the URL and in the header that carries the credential.
 *
 * @param provider         the provider id, for error messages ("openai", "azure", ...)
 * @param deploymentId     the router's id of the deployment, for {@code toString}
 * @param completionsUrl   the whole URL of chat completions, query included
 * @param credentialHeader the header that carries the credential ({@code Authorization}, Azure's {@code api-key})
 * @param credentialPrefix what precedes the credential in that header ({@code "Bearer "} or nothing)
 * @param credential       the key or token, or null to send none; masked in every error message
 * @param headers          extra headers of the deployment ({@code extra_headers})
 * @param useMaxCompletionTokens send the output limit as {@code max_completion_tokens} (reasoning models)
 */
public record OpenAiEndpoint(String provider, String deploymentId, String completionsUrl, String credentialHeader,
                             String credentialPrefix, Secret credential, Map<String, String> headers,
                             boolean useMaxCompletionTokens) {
  public OpenAiEndpoint {
    headers = Map.copyOf(headers);
  }

  @Override
  public String toString() {
    return "OpenAiEndpoint[" + deploymentId + ", " + provider + ", " + completionsUrl + "]";
  }
}
