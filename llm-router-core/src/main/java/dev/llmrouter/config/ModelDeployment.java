package dev.llmrouter.config;

import dev.llmrouter.api.spi.DeploymentSettings;
import java.util.Objects;

/**
 * One {@code model_list} entry: a deployment serving the alias {@code modelName}.
 *
 * @param weight     relative share of traffic ({@code weight}, else {@code rpm}, else {@code tpm}, else 1)
 * @param order      lower is tried first ({@code litellm_params.order}); equal orders share by weight
 * @param maxRetries per-deployment {@code max_retries}, or null for {@code router_settings.num_retries}
 * @param prices     per-deployment prices from {@code model_info}, or null for the bundled table
 * @param rpm        requests per minute this deployment takes, or null; the usage-based strategy keeps to it
 * @param tpm        tokens per minute this deployment takes, or null; likewise
 * @param maxParallelRequests requests this deployment takes at once ({@code max_parallel_requests}), or null for
 *                   no limit; past it a call goes to another deployment or is refused, never queued
 * @param maxOutputTokens the model's output limit ({@code model_info.max_output_tokens}, else {@code max_tokens}), or
 *                   null for the bundled table; a larger {@code max_tokens} in a translated request is cut to it
 * @param accessGroups LiteLLM's {@code model_info.access_groups}: names a tenant's model list may give to allow every
 *                   alias with a deployment in the group
 * @param baseModel  LiteLLM's {@code model_info.base_model}, the model behind a deployment whose name says nothing
 *                   of it (an Azure deployment's name is its owner's choice), e.g. {@code azure/gpt-4o}; the bundled
 *                   prices and limits are looked up by it; or null
 */
public record ModelDeployment(String modelName, DeploymentSettings settings, double weight, int order,
                              Integer maxRetries, Prices prices, Integer maxInputTokens, Integer rpm, Integer tpm,
                              Integer maxParallelRequests, Integer maxOutputTokens, java.util.List<String> accessGroups,
                              String baseModel) {
  public ModelDeployment(String modelName, DeploymentSettings settings, double weight, int order,
                         Integer maxRetries, Prices prices, Integer maxInputTokens, Integer rpm, Integer tpm,
                         Integer maxParallelRequests, Integer maxOutputTokens, java.util.List<String> accessGroups) {
    this(modelName, settings, weight, order, maxRetries, prices, maxInputTokens, rpm, tpm, maxParallelRequests,
        maxOutputTokens, accessGroups, null);
  }

  public ModelDeployment(String modelName, DeploymentSettings settings, double weight, int order,
                         Integer maxRetries, Prices prices, Integer maxInputTokens, Integer rpm, Integer tpm,
                         Integer maxParallelRequests, Integer maxOutputTokens) {
    this(modelName, settings, weight, order, maxRetries, prices, maxInputTokens, rpm, tpm, maxParallelRequests,
        maxOutputTokens, java.util.List.of());
  }

  public ModelDeployment(String modelName, DeploymentSettings settings, double weight, int order,
                         Integer maxRetries, Prices prices, Integer maxInputTokens, Integer rpm, Integer tpm,
                         Integer maxParallelRequests) {
    this(modelName, settings, weight, order, maxRetries, prices, maxInputTokens, rpm, tpm, maxParallelRequests, null);
  }

  /** A deployment without a parallel-request limit. */
  public ModelDeployment(String modelName, DeploymentSettings settings, double weight, int order,
                         Integer maxRetries, Prices prices, Integer maxInputTokens, Integer rpm, Integer tpm) {
    this(modelName, settings, weight, order, maxRetries, prices, maxInputTokens, rpm, tpm, null, null);
  }

  /** A deployment without rpm and tpm limits. */
  public ModelDeployment(String modelName, DeploymentSettings settings, double weight, int order,
                         Integer maxRetries, Prices prices, Integer maxInputTokens) {
    this(modelName, settings, weight, order, maxRetries, prices, maxInputTokens, null, null, null, null);
  }

  public ModelDeployment {
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(settings, "settings");
    if (weight <= 0) {
      throw new IllegalArgumentException("weight must be positive");
    }
    accessGroups = accessGroups == null ? java.util.List.of() : java.util.List.copyOf(accessGroups);
  }

  public String id() {
    return settings.deploymentId();
  }

  /**
   * The model name to look prices and limits up by: {@code base_model} without its provider prefix when set
   * ({@code azure/gpt-4o} gives {@code gpt-4o}), else the provider's model; a Bedrock model id without its route,
   * region, vendor and version ({@code converse/us.anthropic.claude-sonnet-4-5-20250929-v1:0} gives
   * {@code claude-sonnet-4-5-20250929}; {@code amazon.titan-embed-text-v2:0} gives {@code titan-embed-text}).
   */
  public String pricedModel() {
    if (baseModel == null || baseModel.isBlank()) {
      return settings.providerId().equals("bedrock") ? BEDROCK_ID.matcher(settings.model()).replaceFirst("$1")
          : settings.model();
    }
    return baseModel.substring(baseModel.indexOf('/') + 1);
  }

  private static final java.util.regex.Pattern BEDROCK_ID = java.util.regex.Pattern.compile(
      "^(?:converse/|invoke/)?(?:(?:us|eu|apac|jp|au|ca|us-gov|global)\\.)?"
          + "(?:anthropic|amazon|meta|cohere|mistral|ai21|deepseek|openai|qwen)\\.(.+?)(?:-v\\d+:\\d+)?$");
}
