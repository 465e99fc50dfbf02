package dev.llmrouter.internal;

import dev.llmrouter.config.TenancyConfig;
import dev.llmrouter.policy.KeyPolicy;
import dev.llmrouter.policy.TenantPolicy;
import dev.llmrouter.spi.state.TenantDirectory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link TenantDirectory} of fixed tenants and keys: those of the config and the router's builder. */
public final class InMemoryTenantDirectory implements TenantDirectory {
  private final Map<String, TenantPolicy> tenants = new HashMap<>();
  private final Map<String, KeyPolicy> keys = new HashMap<>();
  private final Map<String, KeyPolicy> byHash = new HashMap<>();

  public InMemoryTenantDirectory(List<TenantPolicy> tenants, List<TenancyConfig.ConfiguredKey> keys) {
    for (TenantPolicy t : tenants) {
      if (this.tenants.putIfAbsent(t.id(), t) != null) {
        throw new IllegalArgumentException("tenant '" + t.id() + "' is given twice");
      }
    }
    for (TenancyConfig.ConfiguredKey k : keys) {
      if (!this.tenants.containsKey(k.policy().tenantId())) {
        throw new IllegalArgumentException("key " + k.policy().id() + " names tenant '" + k.policy().tenantId()
            + "', which is not configured");
      }
      if (this.keys.putIfAbsent(k.policy().id(), k.policy()) != null || byHash.putIfAbsent(k.hash(), k.policy()) != null) {
        throw new IllegalArgumentException("key " + k.policy().id() + " is given twice");
      }
    }
  }

  @Override
  public Optional<TenantPolicy> tenant(String tenantId) {
    return Optional.ofNullable(tenants.get(tenantId));
  }

  @Override
  public Optional<KeyPolicy> key(String keyId) {
    return Optional.ofNullable(keys.get(keyId));
  }

  @Override
  public Optional<KeyPolicy> keyByHash(String hash) {
    return Optional.ofNullable(byHash.get(hash));
  }
}
