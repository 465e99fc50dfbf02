package dev.llmrouter.api.spi;

import dev.llmrouter.api.Json;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider needs to serve one deployment, taken from its {@code litellm_params}.
 *
 * @param deploymentId  the router's id for this deployment (for logs and errors)
 * @param providerId    the part of {@code model} before the first slash ("openai")
 * @param model         the provider's model id, the part after it ("gpt-4o-mini")
 * @param apiKey        null when none was configured
 * @param apiBase       null for the provider's default
 * @param timeout       per-request timeout; never null
 * @param streamTimeout time allowed between streamed chunks; never null
 * @param headers       extra HTTP headers to send
 * @param params        every other {@code litellm_params} entry, for provider-specific settings
 */
public record DeploymentSettings(
    String deploymentId,
    String providerId,
    String model,
    Secret apiKey,
    String apiBase,
    String apiVersion,
    Duration timeout,
    Duration streamTimeout,
    Map<String, String> headers,
    Map<String, Object> params) {

  public DeploymentSettings {
    Objects.requireNonNull(deploymentId, "deploymentId");
    Objects.requireNonNull(providerId, "providerId");
    Objects.requireNonNull(model, "model");
    timeout = timeout == null ? Duration.ofMinutes(10) : timeout;
    streamTimeout = streamTimeout == null ? timeout : streamTimeout;
    headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    params = Json.copyObject(params);
  }

  /** Settings with only the essentials, for tests and programmatic use. */
  public static DeploymentSettings of(String providerId, String model, String apiKey, String apiBase) {
    return new DeploymentSettings(providerId + "/" + model, providerId, model, Secret.of(apiKey), apiBase, null,
        null, null, null, null);
  }

  public Optional<Object> param(String name) {
    return Optional.ofNullable(params.get(name));
  }

  @Override
  public String toString() {
    return "DeploymentSettings[" + deploymentId + ", " + providerId + "/" + model
        + (apiBase == null ? "" : ", " + apiBase) + "]";
  }
}
