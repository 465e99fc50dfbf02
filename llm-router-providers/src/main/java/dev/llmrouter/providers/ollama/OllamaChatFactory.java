package dev.llmrouter.providers.ollama;

import dev.llmrouter.api.spi.ProviderContext;
import dev.llmrouter.api.Dialect;
import dev.llmrouter.api.spi.Capabilities;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.api.spi.ProviderFactory;
import dev.llmrouter.providers.internal.HttpChatProvider;
import dev.llmrouter.providers.internal.HttpTransport;
import java.time.Clock;
import java.util.Set;

/**
 * {@code ollama_chat/<model>}: Ollama's native chat API ({@code /api/chat}, newline-delimited JSON streams, its
 * {@code options} and {@code keep_alive}), as LiteLLM's {@code ollama_chat} is; {@code ollama/<model>} stays on
 * Ollama's OpenAI-compatible {@code /v1}. See {@link OllamaConfig} and {@link OllamaMapper}.
 */
public final class OllamaChatFactory implements ProviderFactory {
  @Override
  public String id() {
    return "ollama_chat";
  }

  @Override
  public Set<String> parameters() {
    return OllamaConfig.PARAMS;
  }

  /** Tools, base64 images and JSON output (a schema or {@code "json"}); no other dialect's fields. */
  @Override
  public Capabilities capabilities() {
    return new Capabilities(Set.of(Dialect.OPENAI), true, true, true);
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
    return new HttpChatProvider(OllamaApi.PROVIDER, new OllamaApi(OllamaConfig.from(settings), Clock.systemUTC()),
        HttpChatProvider.Framing.NDJSON, transport, settings);
  }
}
