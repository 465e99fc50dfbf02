package dev.llmrouter.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.api.spi.ProviderFactory;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleFactoryTest {
  @StartStop
  private final MockWebServer server = new MockWebServer();

  private static DeploymentSettings settings(String provider, String apiBase) {
    return DeploymentSettings.of(provider, "llama3", null, apiBase);
  }

  @Test
  void ollamaGetsV1AppendedToABareApiBase() {
    OpenAiCompatibleFactory ollama = new OpenAiCompatibleFactory.Ollama();
    assertThat(ollama.baseUrl(settings("ollama", "http://localhost:11434"))).isEqualTo("http://localhost:11434/v1");
    assertThat(ollama.baseUrl(settings("ollama", "http://localhost:11434/v1/"))).isEqualTo("http://localhost:11434/v1");
    assertThat(ollama.baseUrl(settings("ollama", null))).isEqualTo("http://localhost:11434/v1");
  }

  @Test
  void ollamaCallsV1ChatCompletionsOnTheServer() throws Exception {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .body("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"llama3\","
            + "\"system_fingerprint\":\"fp_ollama\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"Hi\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,"
            + "\"completion_tokens\":1,\"total_tokens\":4}}").build());
    String bare = server.url("/").toString();
    try (Provider p = new OpenAiCompatibleFactory.Ollama().create(settings("ollama", bare))) {
      assertThat(p.chat(ChatRequest.builder("llama3").user("Hi").build()).text()).isEqualTo("Hi");
    }
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
  }

  @Test
  void vllmWithoutApiBaseFailsNamingTheDeploymentAndSetting() {
    DeploymentSettings settings = new DeploymentSettings("my-vllm", "hosted_vllm", "llama3", null, null, null, null,
        null, null, null);
    assertThatThrownBy(() -> new OpenAiCompatibleFactory.HostedVllm().create(settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("my-vllm").hasMessageContaining("api_base");
    assertThatThrownBy(() -> new OpenAiCompatibleFactory.Vllm().create(settings("vllm", null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("api_base");
    assertThatThrownBy(() -> new OpenAiCompatibleFactory.OpenAiCompatible().create(settings("openai_compatible", " ")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("api_base");
  }

  @Test
  void defaultsAndConfiguredBasesAreUsedAsGiven() {
    assertThat(new OpenAiProviderFactory().baseUrl(settings("openai", null))).isEqualTo("https://api.openai.com/v1");
    assertThat(new OpenAiCompatibleFactory.Groq().baseUrl(settings("groq", null)))
        .isEqualTo("https://api.groq.com/openai/v1");
    assertThat(new OpenAiCompatibleFactory.FireworksAi().baseUrl(settings("fireworks_ai", null)))
        .isEqualTo("https://api.fireworks.ai/inference/v1");
    assertThat(new OpenAiCompatibleFactory.HostedVllm().baseUrl(settings("hosted_vllm", "http://gpu:8000/v1")))
        .isEqualTo("http://gpu:8000/v1");
    assertThat(new OpenAiProviderFactory().baseUrl(settings("openai", "https://proxy.example.com")))
        .isEqualTo("https://proxy.example.com");
  }

  @Test
  void everyIdIsRegisteredForTheServiceLoader() {
    Map<String, ProviderFactory> byId = ServiceLoader.load(ProviderFactory.class).stream()
        .map(ServiceLoader.Provider::get).collect(Collectors.toMap(ProviderFactory::id, f -> f));
    assertThat(byId).containsKeys("mock", "openai", "openrouter", "ollama", "ollama_chat", "groq", "deepseek",
        "mistral", "together_ai", "fireworks_ai", "hosted_vllm", "vllm", "lm_studio", "openai_compatible",
        "custom_openai");
  }

  @Test
  void badUseMaxCompletionTokensIsRejectedByName() {
    DeploymentSettings settings = new DeploymentSettings("d9", "openai", "gpt-4o", null, null, null, null, null,
        null, Map.of("use_max_completion_tokens", "sometimes"));
    assertThatThrownBy(() -> new OpenAiProviderFactory().create(settings))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("d9")
        .hasMessageContaining("use_max_completion_tokens");
  }
}
