package dev.llmrouter.server;

import dev.llmrouter.redis.RedisState;
import dev.llmrouter.store.TenantStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What {@code /health/readiness} reports besides the router: whether the Redis and the database the proxy shares
 * with its peers answer, and what waits for them. Each check is bounded by {@link #CHECK_TIMEOUT}, so a probe never
 * hangs on an absent store. The proxy stays ready (200, {@code "status": "degraded"}) while one is away: it still
 * answers every call, with the store's 503 where a limit or a budget needs it (fail closed) or on local counters
 * (fail open), and taking every instance out of a load balancer at once for a shared outage would only turn clear
 * errors into refused connections.
 *
 * @param redis the shared Redis, or null
 * @param store the tenant store and spend log, or null
 */
record Readiness(RedisState redis, TenantStore store) {
  static final Readiness NONE = new Readiness(null, null);
  static final Duration CHECK_TIMEOUT = Duration.ofMillis(500);

  /** One look at both stores. */
  Report check(ExecutorService probes) {
    Boolean redisUp = redis == null ? null : bounded(probes, redis::reachable);
    Boolean dbUp = store == null ? null : bounded(probes, store::reachable);
    return new Report(redisUp, redis == null ? null : redis.status(), redis == null ? null
        : redis.settings().failureMode().name().toLowerCase(), dbUp, store == null ? null : store.spendLogStatus());
  }

  private static Boolean bounded(ExecutorService probes, java.util.function.BooleanSupplier check) {
    try {
      return CompletableFuture.supplyAsync(check::getAsBoolean, probes)
          .get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      return false;
    }
  }

  /** Null fields: that store is not configured. */
  record Report(Boolean redisUp, RedisState.Status redis, String failureMode, Boolean databaseUp,
                TenantStore.SpendLogStatus spendLog) {
    boolean degraded() {
      return Boolean.FALSE.equals(redisUp) || Boolean.FALSE.equals(databaseUp);
    }
  }
}
