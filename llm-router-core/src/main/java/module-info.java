/**
 * The router: {@link dev.llmrouter.Router} is the front door; configuration, routing and retry policies, the
 * cache, cost and tenancy, and the state interfaces that the Redis and store modules implement. Providers are
 * found with {@link java.util.ServiceLoader}.
 *
 * <p>{@code dev.llmrouter.internal} is not API: it is exported only to this project's own modules that build on
 * the in-memory state (the Redis module and the proxy), never to users.
 */
module dev.llmrouter.core {
  requires transitive dev.llmrouter.api;
  requires com.github.benmanes.caffeine;
  requires transitive dev.failsafe.core;
  requires jtokkit;
  requires org.slf4j;
  requires org.snakeyaml.engine;

  exports dev.llmrouter;
  exports dev.llmrouter.config;
  exports dev.llmrouter.policy;
  exports dev.llmrouter.spi.state;
  exports dev.llmrouter.internal to dev.llmrouter.redis, dev.llmrouter.server;

  uses dev.llmrouter.api.spi.ProviderFactory;
}
