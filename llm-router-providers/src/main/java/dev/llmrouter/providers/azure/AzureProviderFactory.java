package dev.llmrouter.providers.azure;

import dev.llmrouter.api.spi.ProviderContext;
import dev.llmrouter.providers.internal.HttpTransport;
import dev.llmrouter.api.Dialect;
import dev.llmrouter.api.spi.Capabilities;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.api.spi.ProviderFactory;
import dev.llmrouter.providers.internal.OpenAiChatProvider;
import java.util.Set;

/**
 * {@code azure/<deployment>}: Azure OpenAI's chat completions, which are OpenAI's wire format at Azure's address and
 * with Azure's credential header (see {@link AzureConfig}). Azure's content filter answers a 400 with code
 * {@code content_filter}, which maps to a content-policy failure, so {@code content_policy_fallbacks} apply; a
 * completion it cut short ends with finish reason {@code content_filter}. For pricing and limits, name the model
 * behind the deployment in {@code model_info.base_model} (e.g. {@code azure/gpt-4o}): a deployment's name is the
 * owner's choice.
 */
public final class AzureProviderFactory implements ProviderFactory {
  @Override
  public String id() {
    return "azure";
  }

  @Override
  public Set<String> parameters() {
    return AzureConfig.PARAMS;
  }

  @Override
  public Capabilities capabilities() {
    return Capabilities.full(Dialect.OPENAI);
  }

  @Override
  public Provider create(DeploymentSettings settings) {
    return new OpenAiChatProvider(AzureConfig.from(settings).chatEndpoint(), settings);
  }

  @Override
  public Provider create(DeploymentSettings settings, ProviderContext context) {
    return new OpenAiChatProvider(AzureConfig.from(settings).chatEndpoint(), settings, java.time.Clock.systemUTC(),
        HttpTransport.of(context));
  }
}
