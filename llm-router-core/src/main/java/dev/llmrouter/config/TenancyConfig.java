package dev.llmrouter.config;

import dev.llmrouter.policy.KeyPolicy;
import dev.llmrouter.policy.Limits;
import dev.llmrouter.policy.TenantPolicy;
import java.util.List;
import java.util.Objects;

/**
 * The tenants and keys a config names (tenant files, {@code tenants:}), and the gateway-wide {@code rate_limits}.
 *
 * @param tenants       every tenant, ids unique
 * @param keys          their keys, as hashes only
 * @param gatewayLimits the top-level {@code rate_limits}: what the whole gateway takes, over every caller
 */
public record TenancyConfig(List<TenantPolicy> tenants, List<ConfiguredKey> keys, Limits gatewayLimits) {
  public static final TenancyConfig NONE = new TenancyConfig(List.of(), List.of(), Limits.NONE);

  public TenancyConfig {
    tenants = List.copyOf(tenants);
    keys = List.copyOf(keys);
    gatewayLimits = gatewayLimits == null ? Limits.NONE : gatewayLimits;
  }

  /** Whether callers are told apart: some tenant is configured. */
  public boolean enabled() {
    return !tenants.isEmpty();
  }

  /** A key from a config file: its policy and the hash it is found by ({@link dev.llmrouter.spi.state.KeyHash}). */
  public record ConfiguredKey(KeyPolicy policy, String hash) {
    public ConfiguredKey {
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(hash, "hash");
    }

    @Override
    public String toString() {
      return "ConfiguredKey[" + policy.id() + "]";
    }
  }
}
