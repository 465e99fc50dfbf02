package dev.llmrouter.providers.cohere;

import dev.llmrouter.api.spi.ProviderContext;
import dev.llmrouter.api.Dialect;
import dev.llmrouter.api.spi.Capabilities;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.api.spi.ProviderFactory;
import dev.llmrouter.providers.internal.HttpChatProvider;
import dev.llmrouter.providers.internal.HttpTransport;
import java.time.Clock;

/**
 * {@code cohere/<model>} (and {@code cohere_chat/<model>}, LiteLLM's other name for it): Cohere's v2 Chat API at
 * {@code https://api.cohere.com} unless {@code api_base} says otherwise, with {@code api_key} as a bearer token. See
 * {@link CohereMapper} for what is translated and what is dropped.
 */
public class CohereProviderFactory implements ProviderFactory {
  private final String id;

  public CohereProviderFactory() {
    this("cohere");
  }

  CohereProviderFactory(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Capabilities capabilities() {
    return new Capabilities(java.util.Set.of(Dialect.OPENAI), true, true, true);
  }

  @Override
  public Provider create(DeploymentSettings settings) {
    return create(settings, new HttpTransport());
  }

  @Override
  public Provider create(DeploymentSettings settings, ProviderContext context) {
    return create(settings, HttpTransport.of(context));
  }

  private Provider create(DeploymentSettings settings, HttpTransport transport) {
    String base = settings.apiBase() == null || settings.apiBase().isBlank() ? "https://api.cohere.com"
        : settings.apiBase().strip();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    if (base.endsWith("/v2")) {
      base = base.substring(0, base.length() - 3);
    }
    if (settings.apiKey() == null) {
      throw new IllegalArgumentException(settings.deploymentId() + ": cohere needs api_key (e.g. "
          + "os.environ/COHERE_API_KEY)");
    }
    return new HttpChatProvider(id, new CohereApi(id, base + "/v2/chat", settings.apiKey(), settings.headers(),
        Clock.systemUTC()), HttpChatProvider.Framing.SSE, transport, settings);
  }

  /** {@code cohere_chat/<model>}: the same API under LiteLLM's other prefix. */
  public static final class CohereChat extends CohereProviderFactory {
    public CohereChat() {
      super("cohere_chat");
    }
  }
}
