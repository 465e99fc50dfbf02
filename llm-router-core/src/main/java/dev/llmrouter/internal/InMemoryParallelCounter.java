package dev.llmrouter.internal;

import dev.llmrouter.spi.state.ParallelCounter;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ParallelCounter} in this process. */
public final class InMemoryParallelCounter implements ParallelCounter {
  private final ConcurrentHashMap<String, Long> inFlight = new ConcurrentHashMap<>();

  @Override
  public boolean tryAcquire(String key, long limit) {
    boolean[] taken = new boolean[1];
    inFlight.compute(key, (k, n) -> {
      long now = n == null ? 0 : n;
      if (now >= limit) {
        return n;
      }
      taken[0] = true;
      return now + 1;
    });
    return taken[0];
  }

  @Override
  public void release(String key) {
    inFlight.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
  }

  @Override
  public long inFlight(String key) {
    return inFlight.getOrDefault(key, 0L);
  }
}
