package dev.llmrouter.api.spi;

/**
 * Creates {@link Provider}s for one provider id. Implementations are found with {@link java.util.ServiceLoader}
 * (list the class in {@code META-INF/services/dev.llmrouter.api.spi.ProviderFactory}) or registered on the
 * router builder, and are used for every deployment whose {@code model} starts with {@code <id>/}.
 */
public interface ProviderFactory {

  /** The prefix in {@code litellm_params.model}, e.g. {@code "openai"}. */
  String id();

  /** A provider for one deployment. Fails with {@link IllegalArgumentException} naming a bad setting. */
  Provider create(DeploymentSettings settings);
}
