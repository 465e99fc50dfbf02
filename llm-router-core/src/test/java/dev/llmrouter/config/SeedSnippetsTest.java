package dev.llmrouter.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.Router;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.policy.Limits;
import dev.llmrouter.testing.OpenAiBodies;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Every {@code config.yaml} and tenant-file snippet of the two seed guides (copied verbatim into
 * {@code src/test/resources/seeds/}), extracted from the guides' text, loads with no "not supported yet" warning and
 * does what its guide says.
 *
 * <p>How a {@code ```yaml} block is taken: a block with a top-level {@code tenant:} is a tenant file. Otherwise its
 * docker-compose keys ({@code services}, {@code environment}, {@code networks}, {@code volumes}) are dropped; what is
 * left is a config snippet when all its top-level keys are config sections. A snippet without a {@code model_list}
 * is loaded together with the guide's first {@code model_list} (the one its set-up section writes). Any other block
 * is not ours: a Kubernetes secret's fragment, an {@code nginx.conf}.
 */
class SeedSnippetsTest {
  private static final Set<String> COMPOSE = Set.of("services", "environment", "networks", "volumes");
  private static final Set<String> SECTIONS = Set.of("model_list", "router_settings", "litellm_settings",
      "general_settings", "environment_variables", "fallback_models", "tenants", "budgets", "rate_limits");
  private static final Map<String, String> ENV = Map.of("OPENAI_API_KEY", "sk-o", "OPENROUTER_API_KEY", "sk-r",
      "LITELLM_MASTER_KEY", "sk-m", "CUSTOM_API_KEY", "sk-c");

  @TempDir
  Path dir;

  @StartStop
  private final MockWebServer custom = new MockWebServer();

  record Snippet(String guide, int line, Map<String, Object> yaml) {
    @Override
    public String toString() {
      return guide + ":" + line;
    }
  }

  private static String guide(String name) throws IOException {
    try (InputStream in = SeedSnippetsTest.class.getResourceAsStream("/seeds/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Snippet> blocks(String name) throws IOException {
    String text = guide(name);
    List<Snippet> out = new ArrayList<>();
    Matcher m = Pattern.compile("```ya?ml\\n(.*?)```", Pattern.DOTALL).matcher(text);
    while (m.find()) {
      int line = text.substring(0, m.start()).split("\n", -1).length;
      Object tree;
      try {
        tree = new Load(LoadSettings.builder().build()).loadFromString(m.group(1));
      } catch (RuntimeException notYaml) {
        tree = null; // an nginx.conf marked as yaml
      }
      out.add(new Snippet(name, line, tree instanceof Map ? new LinkedHashMap<>((Map<String, Object>) tree) : null));
    }
    return out;
  }

  @Test
  void everyConfigAndTenantSnippetLoadsAndDoesWhatItsGuideSays() throws Exception {
    List<Snippet> configs = new ArrayList<>();
    List<Snippet> tenants = new ArrayList<>();
    List<Snippet> others = new ArrayList<>();
    Map<String, Object> firstModelList = null;
    for (String name : List.of("litellm-integration-guide-for-claude-code.md", "litellm-proxy-integration-guide.md")) {
      for (Snippet s : blocks(name)) {
        if (s.yaml() == null) {
          others.add(s);
        } else if (s.yaml().containsKey("tenant")) {
          tenants.add(s);
        } else {
          s.yaml().keySet().removeAll(COMPOSE);
          if (!s.yaml().isEmpty() && SECTIONS.containsAll(s.yaml().keySet())) {
            configs.add(s);
            if (firstModelList == null && s.yaml().containsKey("model_list")) {
              firstModelList = Map.of("model_list", s.yaml().get("model_list"));
            }
          } else {
            others.add(s);
          }
        }
      }
    }
    assertThat(configs).hasToString("[litellm-integration-guide-for-claude-code.md:97, "
        + "litellm-integration-guide-for-claude-code.md:192, litellm-integration-guide-for-claude-code.md:211, "
        + "litellm-integration-guide-for-claude-code.md:225, litellm-integration-guide-for-claude-code.md:390, "
        + "litellm-integration-guide-for-claude-code.md:407, litellm-integration-guide-for-claude-code.md:452, "
        + "litellm-integration-guide-for-claude-code.md:506]");
    assertThat(tenants).hasSize(1);
    assertThat(others).hasSize(5); // docker-compose only (services, environment, networks), nginx.conf, a Kubernetes secret

    Map<String, RouterConfig> loaded = new LinkedHashMap<>();
    for (Snippet s : configs) {
      Map<String, Object> yaml = new LinkedHashMap<>(s.yaml());
      if (!yaml.containsKey("model_list")) {
        yaml.putAll(firstModelList);
      }
      RouterConfig config = load(yaml);
      assertThat(config.warnings()).as(s.toString()).noneMatch(w -> w.contains("not supported yet"));
      loaded.put(s.toString().replaceAll(".*:", ""), config);
      try (Router router = Router.builder().config(config).environment(ENV).build()) {
        assertThat(router.models()).as(s.toString()).isNotEmpty();
      }
    }
    // what each guide says it does
    assertThat(loaded.get("97").general().requestTimeout()).isEqualTo(Duration.ofSeconds(600));
    assertThat(loaded.get("97").routerSettings().timeout()).isEqualTo(Duration.ofSeconds(600));
    assertThat(loaded.get("211").routerSettings().modelChains())
        .containsEntry("code_chain", List.of("gpt-4o-mini", "qwen-coder", "local-codellama"));
    assertThat(loaded.get("225").modelList().get(0).prices().inputPerToken()).isEqualByComparingTo("0.000001");
    assertThat(loaded.get("390").cache().enabled()).isTrue();
    assertThat(loaded.get("390").cache().ttl()).isEqualTo(Duration.ofHours(1));
    assertThat(loaded.get("407").tenancy().gatewayLimits()).isEqualTo(new Limits(100L, 5000L, null, null));
    assertThat(loaded.get("452").modelList().get(0).settings().headers())
        .containsEntry("X-Custom-Header", "value");
    assertThat(loaded.get("506").routerSettings().timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(loaded.get("506").modelList()).allSatisfy(d -> assertThat(d.maxParallelRequests()).isEqualTo(100));
    assertThat(loaded.get("506").cache().enabled()).isTrue();

    Path tenantFile = dir.resolve("engineering.yaml");
    Files.writeString(tenantFile, dump(tenants.get(0).yaml()));
    Map<String, Object> withTenant = new LinkedHashMap<>(firstModelList);
    withTenant.put("tenants", List.of(tenantFile.toString()));
    RouterConfig config = load(withTenant);
    assertThat(config.warnings()).noneMatch(w -> w.contains("not supported yet"));
    assertThat(config.tenancy().tenants().get(0).id()).isEqualTo("engineering");
  }

  @Test
  void theCustomProviderSnippetServesAnOpenAiCompatibleServerWithItsHeader() throws Exception {
    custom.enqueue(OpenAiBodies.completion("custom answer", 3, 2));
    String yaml = """
        model_list:
          - model_name: "custom-llm"
            litellm_params:
              model: "custom_provider/model"
              api_base: "%s"
              api_key: ${CUSTOM_API_KEY}
              custom_llm_provider: "custom"
              extra_headers:
                X-Custom-Header: "value"
        """.formatted(custom.url("/v1"));
    try (Router router = Router.builder().configYaml(yaml).environment(ENV).build()) {
      assertThat(router.complete(ChatRequest.builder("custom-llm").user("Hi").build()).text())
          .isEqualTo("custom answer");
    }
    RecordedRequest sent = custom.takeRequest();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(sent.getHeaders().get("X-Custom-Header")).isEqualTo("value");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer sk-c");
    assertThat(sent.getBody().utf8()).contains("\"model\":\"custom_provider/model\"");
  }

  private RouterConfig load(Map<String, Object> yaml) throws IOException {
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, dump(yaml));
    return new ConfigLoader(ENV).load(file);
  }

  private static String dump(Map<String, Object> yaml) {
    return new Dump(DumpSettings.builder().build()).dumpToString(yaml);
  }
}
