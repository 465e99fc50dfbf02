package dev.llmrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.Router;
import dev.llmrouter.config.ModelDeployment;
import dev.llmrouter.providers.google.VertexTokenServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's provider lines (the YAML block after "One alias per provider") are a config that loads: every
 * provider is found and accepts its parameters, with the environment variables they name set and the Vertex key
 * file they name present. Nothing is called.
 */
class ReadmeProvidersTest {
  @Test
  void theReadmesOneAliasPerProviderBlockLoads(@TempDir Path dir) throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    int at = readme.indexOf("One alias per provider");
    assertThat(at).as("the README's block").isPositive();
    int start = readme.indexOf("```yaml\n", at) + "```yaml\n".length();
    String yaml = readme.substring(start, readme.indexOf("```", start));
    VertexTokenServer keys = new VertexTokenServer("unused");
    try {
      Path keyFile = dir.resolve("vertex-sa.json");
      Files.writeString(keyFile, keys.credentialsJson());
      yaml = yaml.replace("/etc/llm-router/vertex-sa.json", keyFile.toString());
      Map<String, String> env = Map.of("COHERE_API_KEY", "co-test", "ANTHROPIC_API_KEY", "sk-ant-test",
          "GEMINI_API_KEY", "AIza-test", "VERTEX_CREDENTIALS_JSON", keys.credentialsJson(),
          "AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret-test");
      try (Router router = Router.builder().configYaml(yaml).environment(env).build()) {
        List<String> providers = router.config().modelList().stream()
            .map(ModelDeployment::settings).map(s -> s.providerId()).distinct().toList();
        assertThat(providers).containsExactly("cohere", "ollama_chat", "anthropic", "gemini", "vertex_ai",
            "bedrock");
        assertThat(router.config().modelList()).extracting(ModelDeployment::modelName).contains("gemini-pro",
            "claude-on-vertex", "claude-on-bedrock", "nova");
      }
    } finally {
      keys.close();
    }
  }
}
