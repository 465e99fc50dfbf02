package dev.llmrouter.spi.state;

/** Calls in flight per key, for {@code max_parallel_requests}. Each method is one atomic step. */
public interface ParallelCounter {
  /** Takes one slot of {@code key} unless {@code limit} are taken; returns whether it did. */
  boolean tryAcquire(String key, long limit);

  /** Gives back a slot {@link #tryAcquire} took. */
  void release(String key);

  /** The slots of {@code key} taken now. */
  long inFlight(String key);
}
