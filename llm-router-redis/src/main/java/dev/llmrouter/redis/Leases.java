package dev.llmrouter.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.params.ZAddParams;

/**
 * What this instance holds in Redis for calls in flight (slots of {@code max_parallel_requests}, budget
 * reservations), each a lease that ends {@link #LEASE} after it was last renewed. {@link #renew} (every
 * {@link #RENEW_EVERY}) extends them all in one pipeline. An instance that dies stops renewing, and what it held is
 * given back within {@link #LEASE}.
 */
final class Leases {
  static final Duration LEASE = Duration.ofSeconds(15);
  static final Duration RENEW_EVERY = Duration.ofSeconds(5);

  private final Availability redis;
  private final Clock clock;
  /** Sorted set -> members this instance holds there. */
  private final Map<String, Set<String>> held = new ConcurrentHashMap<>();

  Leases(Availability redis, Clock clock) {
    this.redis = redis;
    this.clock = clock;
  }

  void holdSlot(String set, String member) {
    held.computeIfAbsent(set, k -> ConcurrentHashMap.newKeySet()).add(member);
  }

  void dropSlot(String set, String member) {
    Set<String> members = held.get(set);
    if (members != null) {
      members.remove(member);
      if (members.isEmpty()) {
        held.remove(set, members);
      }
    }
  }

  void holdReservation(List<String> leaseSets, String id) {
    leaseSets.forEach(s -> holdSlot(s, id));
  }

  void dropReservation(List<String> leaseSets, String id) {
    leaseSets.forEach(s -> dropSlot(s, id));
  }

  int size() {
    return held.values().stream().mapToInt(Set::size).sum();
  }

  /** Extends every lease held here; only those still there (XX): one given back meanwhile is not re-created. */
  void renew() {
    if (held.isEmpty() || redis.away()) {
      return;
    }
    double end = clock.millis() + LEASE.toMillis();
    redis.call(j -> {
      try (AbstractPipeline p = j.pipelined()) {
        held.forEach((set, members) -> members.forEach(m -> p.zadd(set, end, m, ZAddParams.zAddParams().xx())));
        p.sync();
      }
      return null;
    });
  }
}
