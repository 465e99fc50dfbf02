package dev.llmrouter.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests in flight per deployment, against its {@code max_parallel_requests}. A deployment at its limit is
 * passed over, never waited for: a queue in front of a provider hides overload until the call times out.
 */
final class ParallelLimits {
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

  /** Whether {@code d} has no room for another request now. */
  boolean full(Deployment d) {
    Integer limit = d.config().maxParallelRequests();
    return limit != null && count(d).get() >= limit;
  }

  /** Takes a slot; false (and nothing taken) when the deployment is full. Pair with {@link #release}. */
  boolean tryAcquire(Deployment d) {
    Integer limit = d.config().maxParallelRequests();
    AtomicInteger n = count(d);
    if (limit == null) {
      n.incrementAndGet();
      return true;
    }
    while (true) {
      int now = n.get();
      if (now >= limit) {
        return false;
      }
      if (n.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  void release(Deployment d) {
    count(d).decrementAndGet();
  }

  private AtomicInteger count(Deployment d) {
    return inFlight.computeIfAbsent(d.id(), id -> new AtomicInteger());
  }
}
