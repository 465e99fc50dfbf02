package dev.llmrouter.providers.openai;

/**
 * {@code openai/<model>}: OpenAI's Chat Completions API, at {@code https://api.openai.com/v1} unless
 * {@code api_base} says otherwise. Other OpenAI-compatible servers have their own ids, see
 * {@link OpenAiCompatibleFactory}.
 */
public final class OpenAiProviderFactory extends OpenAiCompatibleFactory {
  public OpenAiProviderFactory() {
    super("openai", "https://api.openai.com/v1");
  }
}
