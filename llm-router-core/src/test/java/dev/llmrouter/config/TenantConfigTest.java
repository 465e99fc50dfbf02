package dev.llmrouter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.policy.Budget;
import dev.llmrouter.policy.Limits;
import dev.llmrouter.policy.TenantPolicy;
import dev.llmrouter.spi.state.KeyHash;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tenants from files: the seed's {@code tenants/engineering.yaml} as its guide prints it, and LiteLLM's names. */
class TenantConfigTest {
  private static final String MODELS = """
      model_list:
        - model_name: gpt-4o-mini
          litellm_params: {model: openai/gpt-4o-mini, api_key: sk-x}
      """;

  @TempDir
  Path dir;

  private static Path seedDir() throws URISyntaxException {
    return Path.of(TenantConfigTest.class.getResource("/seed/tenants/engineering.yaml").toURI()).getParent();
  }

  @Test
  void theSeedsTenantFileLoadsUnchangedFromATenantsDir() throws Exception {
    Files.writeString(dir.resolve("config.yaml"), MODELS + "general_settings:\n  tenants_dir: " + seedDir() + "\n");

    RouterConfig config = new ConfigLoader(Map.of()).load(dir.resolve("config.yaml"));

    assertThat(config.warnings()).noneMatch(w -> w.contains("not supported yet"));
    TenantPolicy t = config.tenancy().tenants().get(0);
    assertThat(t.id()).isEqualTo("engineering");
    assertThat(t.models().allows("qwen-coder")).isTrue();
    assertThat(t.models().allows("gpt-4o")).isFalse();
    assertThat(t.budgets()).extracting(Budget::name).containsExactly("daily", "monthly");
    assertThat(t.budgets().get(0).limit()).isEqualByComparingTo("100");
    assertThat(t.budgets().get(1).limit()).isEqualByComparingTo("3000");
    assertThat(t.limits()).isEqualTo(new Limits(60L, 1000L, null, null));
    TenancyConfig.ConfiguredKey key = config.tenancy().keys().get(0);
    assertThat(key.hash()).isEqualTo(KeyHash.of("sk-eng-secure-key"));
    assertThat(key.policy().tenantId()).isEqualTo("engineering");
    assertThat(key.toString() + key.policy()).doesNotContain("sk-eng-secure-key");
  }

  @Test
  void tenantsInlineOrByFileNameWithEnvKeysAndLiteLlmBudgetNames() throws IOException {
    Files.writeString(dir.resolve("research.yaml"), "tenant: {id: research, api_key: \"${RESEARCH_KEY}\"}\n");
    String yaml = MODELS + """
        tenants:
          - research.yaml
          - tenant: {id: ops, api_keys: [sk-ops-1, sk-ops-2]}
            models: ["gpt-*"]
            budget: {max_budget: 5, budget_duration: 30d}
            rate_limits: {rpm_limit: 10, tpm_limit: 1000, max_parallel_requests: 3}
        rate_limits:
          requests_per_minute: 100
          requests_per_hour: 5000
        """;
    Files.writeString(dir.resolve("config.yaml"), yaml);

    RouterConfig config = new ConfigLoader(Map.of("RESEARCH_KEY", "sk-research-key")).load(dir.resolve("config.yaml"));

    assertThat(config.tenancy().tenants()).extracting(TenantPolicy::id).containsExactly("research", "ops");
    assertThat(config.tenancy().keys()).extracting(TenancyConfig.ConfiguredKey::hash)
        .containsExactly(KeyHash.of("sk-research-key"), KeyHash.of("sk-ops-1"), KeyHash.of("sk-ops-2"));
    TenantPolicy ops = config.tenancy().tenants().get(1);
    assertThat(ops.limits()).isEqualTo(new Limits(10L, null, 1000L, 3L));
    Budget max = ops.budgets().get(0);
    assertThat(max.limit()).isEqualByComparingTo(BigDecimal.valueOf(5));
    assertThat(max.period().end(Instant.EPOCH.plus(Duration.ofDays(31))))
        .isEqualTo(Instant.EPOCH.plus(Duration.ofDays(60)));
    assertThat(config.tenancy().gatewayLimits()).isEqualTo(new Limits(100L, 5000L, null, null));
    assertThat(config.warnings()).noneMatch(w -> w.contains("rate_limits") || w.contains("tenants"));
  }

  @Test
  void aDuplicateKeyOrTenantAndABadNumberAreErrorsNamingWhere() {
    String yaml = MODELS + """
        tenants:
          - tenant: {id: a, api_key: sk-same}
          - tenant: {id: a, api_key: sk-same}
            rate_limits: {requests_per_minute: lots}
        """;
    assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse(yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tenant 'a' is configured twice")
        .hasMessageContaining("every key must be unique")
        .hasMessageContaining("tenants[1].rate_limits.requests_per_minute: expected a number")
        .hasMessageNotContaining("sk-same");
  }

  @Test
  void aMisspeltTopLevelSectionStopsTheStartRatherThanTurningAuthOff() {
    assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse(MODELS + "general_setings:\n  master_key: sk-m\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("general_setings: unknown section (did you mean general_settings?)")
        .hasMessageNotContaining("sk-m");
  }
}
