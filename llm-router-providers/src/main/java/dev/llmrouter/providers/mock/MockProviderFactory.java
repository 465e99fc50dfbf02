package dev.llmrouter.providers.mock;

import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.api.spi.ProviderFactory;

/** {@code model: mock/<anything>}: a deterministic provider with no network, for defaults, examples and tests. */
public final class MockProviderFactory implements ProviderFactory {
  @Override
  public String id() {
    return "mock";
  }

  @Override
  public dev.llmrouter.api.spi.Capabilities capabilities() {
    // tools, images and JSON mode it answers; extra fields of either API it would only ignore, so like any provider
    // that speaks neither it gets them refused (or dropped under drop_params) rather than silently lost
    return new dev.llmrouter.api.spi.Capabilities(java.util.Set.of(), true, true, true);
  }

  @Override
  public java.util.Set<String> parameters() {
    return MockSettings.PARAMS;
  }

  @Override
  public Provider create(DeploymentSettings settings) {
    return new MockProvider(MockSettings.from(settings));
  }
}
