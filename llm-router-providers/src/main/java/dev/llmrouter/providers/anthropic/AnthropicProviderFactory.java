package dev.llmrouter.providers.anthropic;

import dev.llmrouter.api.spi.ProviderContext;
import dev.llmrouter.providers.internal.HttpTransport;
import dev.llmrouter.wire.anthropic.AnthropicMapper;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.api.spi.ProviderFactory;
import java.time.Clock;

/**
 * {@code model: anthropic/<model id>}: the Anthropic Messages API. Settings are described on
 * {@link AnthropicConfig}; how requests and answers are translated, on {@link AnthropicMapper}.
 */
public final class AnthropicProviderFactory implements ProviderFactory {
  @Override
  public String id() {
    return "anthropic";
  }

  @Override
  public dev.llmrouter.api.spi.Capabilities capabilities() {
    return dev.llmrouter.api.spi.Capabilities.full(dev.llmrouter.api.Dialect.ANTHROPIC);
  }

  @Override
  public java.util.Set<String> parameters() {
    return java.util.Set.of("anthropic_beta");
  }

  @Override
  public Provider create(DeploymentSettings settings) {
    return new AnthropicProvider(settings, Clock.systemUTC());
  }

  @Override
  public Provider create(DeploymentSettings settings, ProviderContext context) {
    return new AnthropicProvider(settings, Clock.systemUTC(), null, HttpTransport.of(context));
  }

  /**
   * Claude served by a cloud platform in Anthropic's format ({@code vertex_ai/claude-...}): the deployment's other
   * settings ({@code anthropic_beta}, {@code extra_headers}, {@code max_tokens}) as for {@code anthropic/}.
   */
  public static Provider onPlatform(DeploymentSettings settings, ClaudePlatform platform) {
    return onPlatform(settings, platform, new HttpTransport());
  }

  /** As {@link #onPlatform(DeploymentSettings, ClaudePlatform)}, on {@code transport}, which the provider closes. */
  public static Provider onPlatform(DeploymentSettings settings, ClaudePlatform platform, HttpTransport transport) {
    return new AnthropicProvider(settings, Clock.systemUTC(), java.util.Objects.requireNonNull(platform), transport);
  }
}
