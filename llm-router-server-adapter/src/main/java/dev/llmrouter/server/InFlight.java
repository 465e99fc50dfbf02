package dev.llmrouter.server;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bound on model calls running at once. {@link #tryEnter()} either takes a place or refuses at once; there is
 * no queue, so past the bound a client gets a quick 503 to retry rather than a wait of unknown length.
 */
final class InFlight {
  private final int max;
  private final AtomicInteger now = new AtomicInteger();
  private final java.util.concurrent.atomic.LongAdder refused = new java.util.concurrent.atomic.LongAdder();

  InFlight(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("the in-flight bound must be at least 1, got " + max);
    }
    this.max = max;
  }

  /** Takes a place, or answers false when all {@link #max()} are taken; a true must be followed by one {@link #exit()}. */
  boolean tryEnter() {
    while (true) {
      int n = now.get();
      if (n >= max) {
        refused.increment();
        return false;
      }
      if (now.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  void exit() {
    now.decrementAndGet();
  }

  int max() {
    return max;
  }

  /** Calls refused at the bound, since the start. */
  long refused() {
    return refused.sum();
  }

  /** Calls in flight now. */
  int current() {
    return now.get();
  }
}
