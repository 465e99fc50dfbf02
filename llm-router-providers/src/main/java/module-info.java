/**
 * The bundled providers, one package each (OpenAI and the OpenAI-compatible servers, Azure OpenAI, Anthropic, Amazon Bedrock, Cohere, Google Gemini and Vertex AI, Ollama's native API, and the mock
 * model), registered with {@link java.util.ServiceLoader}. {@code dev.llmrouter.providers.internal} is their
 * shared HTTP plumbing and is not exported.
 */
module dev.llmrouter.providers {
  requires transitive dev.llmrouter.api;
  requires dev.llmrouter.wire;
  requires okhttp3;
  requires okhttp3.sse;
  requires static com.google.auth;
  requires static com.google.auth.oauth2;
  requires static software.amazon.awssdk.eventstream;
  requires static software.amazon.awssdk.http.auth.aws;
  requires static software.amazon.awssdk.http.auth.spi;
  requires static software.amazon.awssdk.http;
  requires static software.amazon.awssdk.identity.spi;

  exports dev.llmrouter.providers.anthropic;
  exports dev.llmrouter.providers.azure;
  exports dev.llmrouter.providers.bedrock;
  exports dev.llmrouter.providers.cohere;
  exports dev.llmrouter.providers.google;
  exports dev.llmrouter.providers.mock;
  exports dev.llmrouter.providers.ollama;
  exports dev.llmrouter.providers.openai;

  provides dev.llmrouter.api.spi.ProviderFactory with
      dev.llmrouter.providers.mock.MockProviderFactory,
      dev.llmrouter.providers.openai.OpenAiProviderFactory,
      dev.llmrouter.providers.openai.OpenAiCompatibleFactory.OpenRouter,
      dev.llmrouter.providers.openai.OpenAiCompatibleFactory.Ollama,
      dev.llmrouter.providers.openai.OpenAiCompatibleFactory.Groq,
      dev.llmrouter.providers.openai.OpenAiCompatibleFactory.DeepSeek,
      dev.llmrouter.providers.openai.OpenAiCompatibleFactory.Mistral,
      dev.llmrouter.providers.openai.OpenAiCompatibleFactory.TogetherAi,
      dev.llmrouter.providers.openai.OpenAiCompatibleFactory.FireworksAi,
      dev.llmrouter.providers.openai.OpenAiCompatibleFactory.HostedVllm,
      dev.llmrouter.providers.openai.OpenAiCompatibleFactory.Vllm,
      dev.llmrouter.providers.openai.OpenAiCompatibleFactory.LmStudio,
      dev.llmrouter.providers.openai.OpenAiCompatibleFactory.OpenAiCompatible,
      dev.llmrouter.providers.openai.OpenAiCompatibleFactory.CustomOpenAi,
      dev.llmrouter.providers.anthropic.AnthropicProviderFactory,
      dev.llmrouter.providers.azure.AzureProviderFactory,
      dev.llmrouter.providers.ollama.OllamaChatFactory,
      dev.llmrouter.providers.cohere.CohereProviderFactory,
      dev.llmrouter.providers.cohere.CohereProviderFactory.CohereChat,
      dev.llmrouter.providers.google.GeminiProviderFactory,
      dev.llmrouter.providers.google.VertexAiProviderFactory,
      dev.llmrouter.providers.bedrock.BedrockProviderFactory;
}
