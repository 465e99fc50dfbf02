package dev.llmrouter.internal;

import dev.llmrouter.spi.state.WindowCounter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link WindowCounter} in this process: the current window per key and window length, updated atomically with
 * {@code ConcurrentHashMap.compute}. A passed window is forgotten when the next one starts; a settlement for it is
 * dropped.
 */
public final class InMemoryWindowCounter implements WindowCounter {
  private final ConcurrentHashMap<Slot, Window> windows = new ConcurrentHashMap<>();

  @Override
  public Outcome tryAdd(String key, Instant windowStart, Duration window, long amount, long limit) {
    long[] result = new long[2];
    windows.compute(new Slot(key, window), (slot, current) -> {
      Window w = current == null || current.start.isBefore(windowStart) ? new Window(windowStart, 0) : current;
      if (w.start.isAfter(windowStart)) {
        result[0] = 1; // the caller's window has passed already: nothing left to hold it to
        result[1] = amount;
        return w;
      }
      if (w.count + amount > limit) {
        result[1] = w.count;
        return w;
      }
      result[0] = 1;
      result[1] = w.count + amount;
      return new Window(w.start, w.count + amount);
    });
    return new Outcome(result[0] == 1, result[1]);
  }

  @Override
  public void add(String key, Instant windowStart, Duration window, long amount) {
    windows.computeIfPresent(new Slot(key, window), (slot, w) ->
        w.start.equals(windowStart) ? new Window(w.start, Math.max(0, w.count + amount)) : w);
  }

  private record Slot(String key, Duration window) {}

  private record Window(Instant start, long count) {}
}
