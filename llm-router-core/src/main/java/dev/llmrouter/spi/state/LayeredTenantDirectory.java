package dev.llmrouter.spi.state;

import dev.llmrouter.policy.KeyPolicy;
import dev.llmrouter.policy.TenantPolicy;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Several directories as one: each lookup asks them in order (the config's tenants, then a store's). */
public final class LayeredTenantDirectory implements TenantDirectory {
  private final List<TenantDirectory> layers;

  public LayeredTenantDirectory(List<TenantDirectory> layers) {
    this.layers = List.copyOf(layers);
  }

  @Override
  public Optional<TenantPolicy> tenant(String tenantId) {
    return first(d -> d.tenant(tenantId));
  }

  @Override
  public Optional<KeyPolicy> key(String keyId) {
    return first(d -> d.key(keyId));
  }

  @Override
  public Optional<KeyPolicy> keyByHash(String hash) {
    return first(d -> d.keyByHash(hash));
  }

  private <T> Optional<T> first(Function<TenantDirectory, Optional<T>> lookup) {
    for (TenantDirectory d : layers) {
      Optional<T> found = lookup.apply(d);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }
}
