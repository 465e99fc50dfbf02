package dev.llmrouter.internal;

import dev.llmrouter.api.spi.ProviderFactory;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Provider factories by id: those found with {@link ServiceLoader}, overridden by those registered by hand. */
public final class ProviderRegistry {
  private final Map<String, ProviderFactory> factories = new TreeMap<>();

  public ProviderRegistry(ClassLoader loader, Map<String, ProviderFactory> explicit) {
    for (ProviderFactory f : ServiceLoader.load(ProviderFactory.class, loader)) {
      factories.putIfAbsent(f.id(), f);
    }
    factories.putAll(explicit);
  }

  public ProviderFactory get(String id) {
    return factories.get(id);
  }

  public java.util.Set<String> ids() {
    return factories.keySet();
  }
}
