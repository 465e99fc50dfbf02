package dev.llmrouter.spi.state;

import dev.llmrouter.policy.KeyPolicy;
import dev.llmrouter.policy.TenantPolicy;
import java.util.Optional;

/**
 * Where tenants and their keys are looked up: from config files in memory, or from a store shared by every
 * instance. Keys are held as hashes only; {@link #keyByHash} takes the hash, never the key.
 */
public interface TenantDirectory {
  Optional<TenantPolicy> tenant(String tenantId);

  Optional<KeyPolicy> key(String keyId);

  /** The key whose hash ({@link KeyHash#of}) is {@code hash}, or empty. */
  Optional<KeyPolicy> keyByHash(String hash);
}
