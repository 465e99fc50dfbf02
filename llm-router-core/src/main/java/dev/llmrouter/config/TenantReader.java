package dev.llmrouter.config;

import dev.llmrouter.policy.Budget;
import dev.llmrouter.policy.KeyPolicy;
import dev.llmrouter.policy.Limits;
import dev.llmrouter.policy.ModelAccess;
import dev.llmrouter.policy.TenantPolicy;
import dev.llmrouter.spi.state.KeyHash;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads one tenant document, the shape of the seed's {@code tenants/engineering.yaml}:
 * <pre>
 * tenant:
 *   id: engineering
 *   api_key: sk-eng-secure-key        # or api_keys: [..]; ${ENV} works
 * allowed_models: [gpt-4o-mini, qwen-*]
 * budget:
 *   daily_limit: 100                  # USD, from 00:00 UTC
 *   monthly_limit: 3000               # USD, from the 1st, 00:00 UTC
 *   max_budget: 50                    # LiteLLM's, with budget_duration: 30d (periods from 1970-01-01 UTC)
 *   budget_duration: 30d
 * rate_limits:
 *   requests_per_minute: 60
 *   requests_per_hour: 1000
 *   tokens_per_minute: 100000
 *   max_parallel_requests: 10
 * </pre>
 * A key from a file is held as its hash; its id is {@code key-} and the first 12 hex digits of that hash.
 */
final class TenantReader {
  private static final Set<String> TOP = Set.of("tenant", "allowed_models", "models", "budget", "rate_limits");
  private static final Set<String> TENANT = Set.of("id", "name", "api_key", "api_keys");
  private static final Set<String> BUDGET = Set.of("daily_limit", "monthly_limit", "max_budget", "budget_duration");
  static final Set<String> LIMITS = Set.of("requests_per_minute", "requests_per_hour", "tokens_per_minute",
      "max_parallel_requests", "rpm_limit", "tpm_limit");

  private TenantReader() {}

  /** A tenant and its keys, added to {@code tenants} and {@code keys}; problems go to the node's report. */
  static void read(Node doc, List<TenantPolicy> tenants, List<TenancyConfig.ConfiguredKey> keys) {
    doc.asMap();
    doc.warnUnknownKeys(TOP);
    Node tenant = doc.get("tenant");
    tenant.asMap();
    tenant.warnUnknownKeys(TENANT);
    String id = tenant.get("id").isPresent() ? tenant.get("id").requiredString() : tenant.get("name").requiredString();
    if (id == null) {
      return;
    }
    Node models = doc.get("allowed_models").isPresent() ? doc.get("allowed_models") : doc.get("models");
    TenantPolicy policy = new TenantPolicy(id, ModelAccess.of(models.stringList()), budgets(doc.get("budget")),
        limits(doc.get("rate_limits")));
    tenants.add(policy);
    List<String> presented = new ArrayList<>();
    if (tenant.get("api_key").isPresent()) {
      presented.add(tenant.get("api_key").requiredString());
    }
    presented.addAll(tenant.get("api_keys").stringList());
    for (String key : presented) {
      if (key == null || key.isBlank()) {
        tenant.get("api_key").problem("a key must not be empty");
        continue;
      }
      String hash = KeyHash.of(key);
      keys.add(new TenancyConfig.ConfiguredKey(KeyPolicy.of("key-" + hash.substring(0, 12), id), hash));
    }
  }

  static List<Budget> budgets(Node node) {
    node.asMap();
    node.warnUnknownKeys(BUDGET);
    List<Budget> out = new ArrayList<>();
    BigDecimal daily = node.get("daily_limit").decimal(null);
    if (daily != null) {
      out.add(Budget.daily(nonNegative(node.get("daily_limit"), daily)));
    }
    BigDecimal monthly = node.get("monthly_limit").decimal(null);
    if (monthly != null) {
      out.add(Budget.monthly(nonNegative(node.get("monthly_limit"), monthly)));
    }
    BigDecimal max = node.get("max_budget").decimal(null);
    if (max != null) {
      Duration d = duration(node.get("budget_duration"));
      out.add(new Budget("max_budget", nonNegative(node.get("max_budget"), max), d == null
          ? Budget.Period.every(Duration.ofDays(365L * 1000), Instant.EPOCH) // no duration: one period, for ever
          : Budget.Period.every(d, Instant.EPOCH)));
    } else if (node.get("budget_duration").isPresent()) {
      node.get("budget_duration").problem("a budget_duration needs a max_budget");
    }
    return out;
  }

  static Limits limits(Node node) {
    node.asMap();
    node.warnUnknownKeys(LIMITS);
    return new Limits(count(node, "requests_per_minute", "rpm_limit"), count(node, "requests_per_hour", null),
        count(node, "tokens_per_minute", "tpm_limit"), count(node, "max_parallel_requests", null));
  }

  private static Long count(Node node, String name, String litellmName) {
    Node n = node.get(name).isPresent() || litellmName == null ? node.get(name) : node.get(litellmName);
    Integer v = n.integer(null);
    if (v != null && v < 0) {
      n.problem("must not be negative, got " + v);
      return null;
    }
    return v == null ? null : v.longValue();
  }

  private static BigDecimal nonNegative(Node node, BigDecimal v) {
    if (v.signum() < 0) {
      node.problem("must not be negative, got " + v.toPlainString());
      return BigDecimal.ZERO;
    }
    return v;
  }

  static Duration duration(Node node) {
    String s = node.string(null);
    if (s == null) {
      return null;
    }
    try {
      return LiteLlmDurations.parse(s);
    } catch (IllegalArgumentException e) {
      node.problem(e.getMessage());
      return null;
    }
  }
}
