package dev.llmrouter.api.spi;

import java.util.function.Supplier;

/**
 * What a router gives the providers it creates: objects they share, one of each kind per router (an HTTP client with
 * its connection pool and threads, say), made on first use and closed when the router closes.
 */
public interface ProviderContext {

  /**
   * This router's one instance of {@code type}, made by {@code make} the first time it is asked for. The router
   * closes it, if it is {@link AutoCloseable}, after closing its providers; a provider never closes it.
   */
  <T> T shared(Class<T> type, Supplier<? extends T> make);
}
