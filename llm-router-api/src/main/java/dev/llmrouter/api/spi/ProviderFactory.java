package dev.llmrouter.api.spi;

/**
 * Creates {@link Provider}s for one provider id. Implementations are found with {@link java.util.ServiceLoader}
 * (list the class in {@code META-INF/services/dev.llmrouter.api.spi.ProviderFactory}) or registered on the
 * router builder, and are used for every deployment whose {@code model} starts with {@code <id>/}.
 */
public interface ProviderFactory {

  /** The prefix in {@code litellm_params.model}, e.g. {@code "openai"}. */
  String id();

  /**
   * The {@code litellm_params} entries this provider reads beyond the router's own ({@code model}, {@code api_key},
   * {@code api_base}, {@code timeout}...); the router warns about any entry nobody reads, a likely misspelling.
   */
  default java.util.Set<String> parameters() {
    return java.util.Set.of();
  }

  /**
   * What this provider's deployments accept: dialects of extra fields, tools, images, JSON mode. The default claims
   * everything but the extra fields of any dialect, so a custom provider is not refused what it may well handle.
   */
  default Capabilities capabilities() {
    return new Capabilities(java.util.Set.of(), true, true, true);
  }

  /**
   * What one deployment accepts, where that depends on its model (a platform serving Claude in Anthropic's format
   * beside other families in another); the default is {@link #capabilities()}.
   */
  default Capabilities capabilities(DeploymentSettings settings) {
    return capabilities();
  }

  /** A provider for one deployment. Fails with {@link IllegalArgumentException} naming a bad setting. */
  Provider create(DeploymentSettings settings);

  /**
   * A provider for one deployment of a router, which may share what {@code context} holds with the router's other
   * deployments (one HTTP connection pool rather than one per deployment). The default ignores the context.
   */
  default Provider create(DeploymentSettings settings, ProviderContext context) {
    return create(settings);
  }
}
