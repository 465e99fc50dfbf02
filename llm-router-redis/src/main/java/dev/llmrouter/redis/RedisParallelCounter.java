package dev.llmrouter.redis;

import dev.llmrouter.internal.InMemoryParallelCounter;
import dev.llmrouter.spi.state.ParallelCounter;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link ParallelCounter} in Redis: each call in flight holds a lease in a sorted set per key, renewed by its
 * instance every {@link Leases#RENEW_EVERY}; a lease not renewed for {@link Leases#LEASE} (its instance died) is
 * dropped by the next acquire, so a killed proxy's slots come back within that time. While Redis is away: fail
 * closed refuses; fail open counts on this instance.
 */
final class RedisParallelCounter implements ParallelCounter {
  private static final String LOCAL = "";

  private final String ns;
  private final Availability redis;
  private final Scripts scripts;
  private final Leases leases;
  private final Clock clock;
  private final String instance;
  private final AtomicLong sequence = new AtomicLong();
  private final ParallelCounter local = new InMemoryParallelCounter();
  /** The leases this instance holds per key; {@link #LOCAL} for a slot counted here while Redis was away. */
  private final Map<String, Deque<String>> held = new ConcurrentHashMap<>();

  private final Settler settler;

  RedisParallelCounter(String ns, Availability redis, Scripts scripts, Leases leases, Clock clock, String instance,
                       Settler settler) {
    this.settler = settler;
    this.ns = ns;
    this.redis = redis;
    this.scripts = scripts;
    this.leases = leases;
    this.clock = clock;
    this.instance = instance;
  }

  private String redisKey(String key) {
    return ns + ":parallel:" + key;
  }

  @Override
  public boolean tryAcquire(String key, long limit) {
    String lease = instance + ":" + sequence.incrementAndGet();
    String member = lease;
    long now = clock.millis();
    String k = redisKey(key);
    boolean taken;
    try {
      taken = (Long) settler.runWith(scripts.slotAcquire, List.of(k), List.of(lease, Long.toString(limit),
          Long.toString(now), Long.toString(now + Leases.LEASE.toMillis()))) == 1L;
      if (taken) {
        leases.holdSlot(k, lease);
      }
    } catch (Availability.Away away) {
      redis.failOpen(away);
      taken = local.tryAcquire(key, limit);
      member = LOCAL;
    }
    if (taken) {
      Deque<String> d = held.computeIfAbsent(key, x -> new ArrayDeque<>());
      synchronized (d) {
        d.push(member);
      }
    }
    return taken;
  }

  @Override
  public void release(String key) {
    Deque<String> d = held.get(key);
    String member;
    if (d == null) {
      return;
    }
    synchronized (d) {
      member = d.poll();
    }
    if (member == null) {
      return;
    }
    if (member.equals(LOCAL)) {
      local.release(key);
      return;
    }
    String k = redisKey(key);
    leases.dropSlot(k, member);
    try {
      redis.call(j -> j.zrem(k, member));
    } catch (Availability.Away away) {
      // not renewed any more: Redis drops it when its lease ends
    }
  }

  @Override
  public long inFlight(String key) {
    long now = clock.millis();
    try {
      return redis.call(j -> j.zcount(redisKey(key), Long.toString(now), "+inf"));
    } catch (Availability.Away away) {
      return local.inFlight(key);
    }
  }
}
