package dev.llmrouter.internal;

import dev.llmrouter.api.spi.ProviderContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A router's {@link ProviderContext}: one instance of each shared kind, closed, newest first, with the router. */
public final class SharedResources implements ProviderContext, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SharedResources.class);
  private final Map<Class<?>, Object> instances = new ConcurrentHashMap<>();
  private final List<Object> order = new ArrayList<>();

  @Override
  public <T> T shared(Class<T> type, Supplier<? extends T> make) {
    return type.cast(instances.computeIfAbsent(type, k -> {
      Object made = java.util.Objects.requireNonNull(make.get(), "shared " + type.getName());
      synchronized (order) {
        order.add(made);
      }
      return made;
    }));
  }

  @Override
  public void close() {
    List<Object> all;
    synchronized (order) {
      all = new ArrayList<>(order);
      order.clear();
    }
    instances.clear();
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i) instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          LOG.warn("closing the router's shared {} failed", c.getClass().getName(), e);
        }
      }
    }
  }
}
