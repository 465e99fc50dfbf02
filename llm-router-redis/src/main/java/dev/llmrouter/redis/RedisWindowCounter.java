package dev.llmrouter.redis;

import dev.llmrouter.internal.InMemoryWindowCounter;
import dev.llmrouter.spi.state.WindowCounter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.params.SetParams;

/**
 * {@link WindowCounter} in Redis: one counter per key and window, each check-and-add one script. A window Redis has
 * no count for (a new one, or one lost to a restart, a flush or an eviction) starts from what the spend log says the
 * calls that started in it used ({@link WindowHistory}), not from zero. While Redis is
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

  private volatile WindowHistory history = WindowHistory.NONE;

  private final Settler settler;

  RedisWindowCounter(String ns, Availability redis, Scripts scripts, Settler settler) {
    this.settler = settler;
    this.ns = ns;
    this.redis = redis;
    this.scripts = scripts;
  }

  void history(WindowHistory h) {
    this.history = h;
  }

  private String redisKey(String key, Instant windowStart) {
    return ns + ":window:" + key + ":" + windowStart.toEpochMilli();
  }

  @Override
  public Outcome tryAdd(String key, Instant windowStart, Duration window, long amount, long limit) {
    String k = redisKey(key, windowStart);
    try {
      List<String> args = List.of(Long.toString(amount), Long.toString(limit), Long.toString(window.toMillis()));
      List<?> r = (List<?>) settler.runWith(scripts.windowTryAdd, List.of(k), args);
      if ((Long) r.get(0) == -1L) {
        long used = used(key, windowStart, window);
        redis.call(j -> j.set(k, Long.toString(used), SetParams.setParams().nx().px(window.toMillis() * 2)));
        r = (List<?>) redis.call(j -> scripts.windowTryAdd.run(j, List.of(k), args));
      }
      return new Outcome(((Long) r.get(0)) == 1L, Math.max(0, (Long) r.get(1)));
    } catch (Availability.Away away) {
      redis.failOpen(away);
      Outcome o = local.tryAdd(key, windowStart, window, amount, limit);
      if (o.added() && !away.ambiguous()) { // an ambiguous add Redis may have made: not added again
        pending.merge(new Pending(k, windowStart, window), amount, Long::sum);
      }
      return o;
    }
  }

  /** Sent with the next check ({@link Settler}), in its pipeline. */
  @Override
  public void add(String key, Instant windowStart, Duration window, long amount) {
    String k = redisKey(key, windowStart);
    List<String> args = List.of(Long.toString(amount), Long.toString(window.toMillis()));
    settler.submit(new Settler.Op() {
      @Override
      public redis.clients.jedis.Response<Object> send(redis.clients.jedis.UnifiedJedis j,
                                                       redis.clients.jedis.AbstractPipeline p) {
        return scripts.windowAdd.send(j, p, List.of(k), args);
      }

      @Override
      public void run(redis.clients.jedis.UnifiedJedis j) {
        scripts.windowAdd.run(j, List.of(k), args);
      }

      @Override
      public void away(boolean ambiguous) {
        local.add(key, windowStart, window, amount);
        if (!ambiguous) { // an add Redis may have made is not made again
          pending.merge(new Pending(k, windowStart, window), amount, Long::sum);
        }
      }
    });
  }

  /** What the ledger says the window used; 0 when the ledger is away too (the window is short: at most its length). */
  private long used(String key, Instant windowStart, Duration window) {
    try {
      return history.used(key, windowStart, window);
    } catch (RuntimeException e) {
      return 0;
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
