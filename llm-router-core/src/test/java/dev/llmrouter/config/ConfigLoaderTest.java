package dev.llmrouter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.Router;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {
  private static final Map<String, String> ENV = Map.of(
      "OPENAI_API_KEY", "sk-openai-test", "OPENROUTER_API_KEY", "sk-or-test", "LITELLM_MASTER_KEY", "sk-master",
      "ANTHROPIC_API_KEY", "sk-ant-test", "LLM_ROUTER_MASTER_KEY", "sk-gateway");
  private static final Path EXAMPLES = Path.of("..", "examples", "config");

  private final ConfigLoader loader = new ConfigLoader(ENV);

  static Stream<Path> exampleConfigs() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("exampleConfigs")
  void everyExampleConfigLoadsAndBuildsARouter(Path file) {
    RouterConfig config = loader.load(file);
    assertThat(config.modelList()).isNotEmpty();
    try (Router router = Router.builder().configFile(file).environment(ENV).build()) {
      List<String> expected = new java.util.ArrayList<>(config.aliases().stream().filter(a -> !a.contains("*")).toList());
      config.routerSettings().modelGroupAlias().keySet().stream().sorted().forEach(expected::add);
      config.routerSettings().modelChains().keySet().stream().sorted().forEach(expected::add);
      assertThat(router.models()).as("every alias but wildcard ones, then group aliases and chains")
          .isEqualTo(expected);
    }
  }

  @Test
  void theExamplesFolderHasConfigsToCheck() throws IOException {
    assertThat(exampleConfigs().count()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void theSeedConfigLoadsUnchanged() {
    RouterConfig config = loader.load(EXAMPLES.resolve("seed-litellm.yaml"));

    assertThat(config.aliases()).containsExactly("gpt-4o-mini", "qwen-coder", "local-codellama",
        "claude-3-5-sonnet", "cheap-code");
    ModelDeployment qwen = config.modelList().get(1);
    assertThat(qwen.settings().providerId()).isEqualTo("openrouter");
    assertThat(qwen.settings().model()).isEqualTo("qwen/qwen-3-coder");
    assertThat(qwen.settings().apiKey().reveal()).isEqualTo("sk-or-test");
    assertThat(config.modelList().get(2).settings().apiBase()).isEqualTo("http://localhost:11434");
    assertThat(config.modelList().get(3).settings().params()).containsEntry("max_tokens", 65536);
    assertThat(config.modelList().get(4).prices().inputPerToken()).isEqualByComparingTo("0.000001");
    assertThat(config.modelList().get(4).prices().outputPerToken()).isEqualByComparingTo("0.000001");
    assertThat(config.general().masterKey().reveal()).isEqualTo("sk-master");
    assertThat(config.general().requestTimeout()).isEqualTo(Duration.ofSeconds(600));
    assertThat(config.routerSettings().timeout()).as("general_settings.request_timeout bounds calls")
        .isEqualTo(Duration.ofSeconds(600));
    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void aModelWithoutAProviderPrefixIsAnErrorNamingItsPath() {
    String yaml = """
        model_list:
          - model_name: a
            litellm_params: {model: openai/gpt-4o}
          - model_name: b
            litellm_params: {model: openai/gpt-4o}
          - model_name: c
            litellm_params: {model: gpt4}
        """;
    assertThatThrownBy(() -> loader.parse(yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("model_list[2].litellm_params.model: expected \"provider/model\", got \"gpt4\"");
  }

  @Test
  void aMissingEnvironmentVariableIsAnErrorNamingPathAndVariable() {
    String yaml = """
        model_list:
          - model_name: a
            litellm_params: {model: openai/gpt-4o, api_key: "${NOT_SET_ANYWHERE}"}
        """;
    assertThatThrownBy(() -> loader.parse(yaml))
        .hasMessageContaining("model_list[0].litellm_params.api_key: environment variable NOT_SET_ANYWHERE is not set");
  }

  @Test
  void environmentReferencesResolveInEveryForm() {
    RouterConfig config = loader.parse("""
        model_list:
          - model_name: a
            litellm_params:
              model: openai/gpt-4o
              api_key: os.environ/OPENAI_API_KEY
              api_base: "${BASE_URL:-http://localhost:8000}/v1"
              extra_headers: {X-Team: "${TEAM:-platform}"}
        """);
    var settings = config.modelList().get(0).settings();
    assertThat(settings.apiKey().reveal()).isEqualTo("sk-openai-test");
    assertThat(settings.apiBase()).isEqualTo("http://localhost:8000/v1");
    assertThat(settings.headers()).containsEntry("X-Team", "platform");
  }

  @Test
  void badValuesAreAllReportedAtOnceWithTheirPaths() {
    String yaml = """
        model_list:
          - model_name: a
            litellm_params: {model: openai/gpt-4o, rpm: lots, timeout: -3}
        router_settings:
          num_retries: "two"
          fallbacks: [{a: [nowhere]}]
        """;
    assertThatThrownBy(() -> loader.parse(yaml))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
            "model_list[0].litellm_params.rpm: expected a number, got \"lots\"",
            "model_list[0].litellm_params.timeout: must not be negative, got -3",
            "router_settings.num_retries: expected a number, got \"two\"",
            "router_settings.fallbacks[0].a: \"nowhere\" is not a model_name in model_list"));
  }

  @Test
  void unknownKeysAreWarningsNamingTheirPath() {
    RouterConfig config = loader.parse("""
        model_list:
          - model_name: a
            litellm_params: {model: openai/gpt-4o}
            model_info: {colour: blue}
        router_settings: {num_retires: 3}
        """);
    assertThat(config.warnings()).contains("model_list[0].model_info.colour: unknown key, ignored",
        "router_settings.num_retires: unknown key, ignored");
  }

  @Test
  void litellmRoutingStrategiesLoadAndAnUnknownOneNamesTheValidOnes() {
    for (String strategy : RouterSettings.ROUTING_STRATEGIES) {
      assertThat(loader.parse("""
          model_list:
            - model_name: a
              litellm_params: {model: openai/gpt-4o, rpm: 100, tpm: 50000}
          router_settings: {routing_strategy: %s}
          """.formatted(strategy)).routerSettings().routingStrategy()).isEqualTo(strategy);
    }
    assertThatThrownBy(() -> loader.parse("""
        model_list:
          - model_name: a
            litellm_params: {model: openai/gpt-4o}
        router_settings: {routing_strategy: fastest}
        """)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("router_settings.routing_strategy: unknown strategy \"fastest\"; use one of "
            + "cost-based-routing, latency-based-routing, least-busy, shuffle, simple-shuffle, usage-based-routing, "
            + "usage-based-routing-v2");
  }

  @Test
  void settingsOfLaterFeaturesAreReportedNotSupportedYetInOneWarning() {
    RouterConfig config = loader.parse("""
        model_list:
          - model_name: a
            litellm_params: {model: openai/gpt-4o}
        router_settings: {enable_pre_call_checks: true, provider_budget_config: {}}
        general_settings: {database_url: "postgresql://x", alerting: [slack]}
        """);
    assertThat(config.warnings()).contains("not supported yet, ignored: router_settings.enable_pre_call_checks, "
        + "router_settings.provider_budget_config", "not supported yet, ignored: general_settings.alerting");
    assertThat(config.general().databaseUrl().reveal()).isEqualTo("postgresql://x");
    assertThat(config.redis()).isNull();
  }

  @Test
  void redisInLiteLlmsNamesSharesStateAndTheCache() {
    RouterConfig config = new ConfigLoader(Map.of("REDIS_PASSWORD", "s3cret")).parse("""
        model_list:
          - model_name: a
            litellm_params: {model: openai/gpt-4o}
        router_settings:
          redis_host: redis.internal
          redis_port: 6380
          redis_password: os.environ/REDIS_PASSWORD
          redis_timeout: 0.5
          redis_failure_mode: open
        litellm_settings: {cache: true, cache_params: {namespace: team-a}}
        """);
    RedisSettings r = config.redis();
    assertThat(r.address()).isEqualTo("redis.internal:6380");
    assertThat(r.password().reveal()).isEqualTo("s3cret");
    assertThat(r.timeout()).isEqualTo(java.time.Duration.ofMillis(500));
    assertThat(r.failureMode()).isEqualTo(RedisSettings.FailureMode.OPEN);
    assertThat(r.namespace()).isEqualTo("team-a");
    assertThat(r.sharedState()).isTrue();
    assertThat(r.sharedCache()).isTrue();
    assertThat(r.toString()).doesNotContain("s3cret");
  }

  @Test
  void aRedisCacheAloneSharesOnlyTheCacheAndFailsClosedByDefault() {
    RouterConfig config = loader.parse("""
        model_list:
          - model_name: a
            litellm_params: {model: openai/gpt-4o}
        litellm_settings:
          cache: true
          cache_params: {type: redis, host: 10.0.0.5, port: 6379, password: pw, ttl: 60}
        """);
    RedisSettings r = config.redis();
    assertThat(r.address()).isEqualTo("10.0.0.5:6379");
    assertThat(r.sharedState()).isFalse();
    assertThat(r.sharedCache()).isTrue();
    assertThat(r.failureMode()).isEqualTo(RedisSettings.FailureMode.CLOSED);
    assertThat(config.cache().ttl()).isEqualTo(java.time.Duration.ofSeconds(60));
  }

  @Test
  void aRedisUrlIsReadAndBadRedisSettingsAreNamed() {
    RouterConfig config = loader.parse("""
        model_list:
          - model_name: a
            litellm_params: {model: openai/gpt-4o}
        router_settings: {redis_url: "redis://:pw@cache.internal:6390/2"}
        """);
    assertThat(config.redis().address()).isEqualTo("redis://cache.internal:6390");
    assertThatThrownBy(() -> loader.parse("""
        model_list:
          - model_name: a
            litellm_params: {model: openai/gpt-4o}
        router_settings: {redis_host: r, redis_port: 70000, redis_failure_mode: maybe, redis_timeout: 0}
        """)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("router_settings.redis_port: must be a port number")
        .hasMessageContaining("router_settings.redis_failure_mode: must be closed or open, got \"maybe\"")
        .hasMessageContaining("router_settings.redis_timeout: must be more than 0 seconds");
    assertThatThrownBy(() -> loader.parse("""
        model_list:
          - model_name: a
            litellm_params: {model: openai/gpt-4o}
        router_settings: {redis_failure_mode: open}
        """)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("router_settings.redis_failure_mode: needs router_settings.redis_host or redis_url");
  }

  @Test
  void routerSettingsAreRead() {
    RouterConfig config = loader.parse("""
        model_list:
          - model_name: a
            litellm_params: {model: openai/gpt-4o, weight: 3, order: 2, max_retries: 1}
          - model_name: b
            litellm_params: {model: anthropic/claude-sonnet-4-5, tpm: 1000}
        router_settings:
          num_retries: 4
          timeout: 30
          cooldown_time: 60
          allowed_fails: 1
          fallbacks: [{a: [b]}]
          default_fallbacks: [b]
          context_window_fallbacks: [{a: [b]}]
          content_policy_fallbacks: [{b: [a]}]
        litellm_settings:
          cache: true
          cache_params: {type: local, ttl: 120, max_size: 50}
          drop_params: true
        general_settings: {max_request_size_mb: 1}
        """);
    RouterSettings r = config.routerSettings();
    assertThat(r.numRetries()).isEqualTo(4);
    assertThat(r.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(r.cooldownTime()).isEqualTo(Duration.ofSeconds(60));
    assertThat(r.allowedFails()).isEqualTo(1);
    assertThat(r.fallbacks()).isEqualTo(Map.of("a", List.of("b")));
    assertThat(r.defaultFallbacks()).containsExactly("b");
    assertThat(r.contextWindowFallbacks()).isEqualTo(Map.of("a", List.of("b")));
    assertThat(r.contentPolicyFallbacks()).isEqualTo(Map.of("b", List.of("a")));
    assertThat(config.cache()).isEqualTo(new CacheSettings(true, Duration.ofSeconds(120), 50));
    assertThat(config.general().dropParams()).isTrue();
    assertThat(config.general().maxRequestBodyBytes()).isEqualTo(1024 * 1024);
    ModelDeployment a = config.modelList().get(0);
    assertThat(a.weight()).isEqualTo(3.0);
    assertThat(a.order()).isEqualTo(2);
    assertThat(a.maxRetries()).isEqualTo(1);
    assertThat(config.modelList().get(1).weight()).isEqualTo(1000.0);
  }

  @Test
  void invalidYamlIsAnError() {
    assertThatThrownBy(() -> loader.parse("model_list: [unclosed")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void anUnknownProviderFailsTheBuildNamingTheEntry() {
    assertThatThrownBy(() -> Router.builder().environment(ENV).configYaml("""
        model_list:
          - model_name: gem
            litellm_params: {model: nosuchprovider/gemini-2.5-pro}
        """).build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'gem'")
        .hasMessageContaining("no provider \"nosuchprovider\"");
  }

  @Test
  void keysNeverShowInTheConfigsTextForm() {
    RouterConfig config = loader.load(EXAMPLES.resolve("seed-litellm.yaml"));
    assertThat(config.toString()).doesNotContain("sk-openai-test", "sk-or-test", "sk-master");
  }

  @Test
  void pricesInModelInfoAreExactDecimals() {
    RouterConfig config = loader.parse("""
        model_list:
          - model_name: a
            litellm_params: {model: openai/x}
            model_info: {input_cost_per_token: 0.0000025, output_cost_per_token: 1e-5}
        """);
    assertThat(config.modelList().get(0).prices().inputPerToken()).isEqualByComparingTo(new BigDecimal("0.0000025"));
    assertThat(config.modelList().get(0).prices().outputPerToken()).isEqualByComparingTo(new BigDecimal("0.00001"));
  }
}
