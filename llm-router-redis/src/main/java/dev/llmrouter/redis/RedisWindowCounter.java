package dev.llmrouter.redis;

import dev.llmrouter.internal.InMemoryWindowCounter;
import dev.llmrouter.spi.state.WindowCounter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link WindowCounter} in Redis: one counter per key and window, each check-and-add one script. While Redis is
 * away: fail closed refuses; fail open counts on this instance and adds what it counted to Redis when it is back
 * (windows still current only; a window that has passed limits nothing any more). An add caught in flight when
 * Redis stopped answering may be done by Redis when it resumes: it is taken as done, so it counts once at most
 * (and a call fail-closed refused in that moment may count in its window).
 */
final class RedisWindowCounter implements WindowCounter {
  private final String ns;
  private final Availability redis;
  private final Scripts scripts;
  private final WindowCounter local = new InMemoryWindowCounter();
  /** Counted here while Redis was away, to add to it: window key -> amount. */
  private final Map<Pending, Long> pending = new ConcurrentHashMap<>();

  private record Pending(String redisKey, Instant windowStart, Duration window) {}

  RedisWindowCounter(String ns, Availability redis, Scripts scripts) {
    this.ns = ns;
    this.redis = redis;
    this.scripts = scripts;
  }

  private String redisKey(String key, Instant windowStart) {
    return ns + ":window:" + key + ":" + windowStart.toEpochMilli();
  }

  @Override
  public Outcome tryAdd(String key, Instant windowStart, Duration window, long amount, long limit) {
    String k = redisKey(key, windowStart);
    try {
      List<?> r = (List<?>) redis.call(j -> scripts.windowTryAdd.run(j, List.of(k),
          List.of(Long.toString(amount), Long.toString(limit), Long.toString(window.toMillis()))));
      return new Outcome(((Long) r.get(0)) == 1L, (Long) r.get(1));
    } catch (Availability.Away away) {
      redis.failOpen(away);
      Outcome o = local.tryAdd(key, windowStart, window, amount, limit);
      if (o.added() && !away.ambiguous()) { // an ambiguous add Redis may have made: not added again
        pending.merge(new Pending(k, windowStart, window), amount, Long::sum);
      }
      return o;
    }
  }

  @Override
  public void add(String key, Instant windowStart, Duration window, long amount) {
    String k = redisKey(key, windowStart);
    try {
      redis.call(j -> scripts.windowAdd.run(j, List.of(k),
          List.of(Long.toString(amount), Long.toString(window.toMillis()))));
    } catch (Availability.Away away) {
      local.add(key, windowStart, window, amount);
      if (!away.ambiguous()) {
        pending.merge(new Pending(k, windowStart, window), amount, Long::sum);
      }
    }
  }

  /** Adds to Redis what was counted here while it was away; windows that have passed are dropped. */
  void replay(Instant now) {
    for (Pending p : List.copyOf(pending.keySet())) {
      Long amount = pending.remove(p);
      if (amount == null || amount == 0 || !now.isBefore(p.windowStart().plus(p.window()))) {
        continue;
      }
      try {
        redis.direct(j -> scripts.windowAdd.run(j, List.of(p.redisKey()),
            List.of(Long.toString(amount), Long.toString(p.window().toMillis()))));
      } catch (RuntimeException e) {
        pending.merge(p, amount, Long::sum);
        throw e;
      }
    }
  }

  int pendingCount() {
    return pending.size();
  }
}
