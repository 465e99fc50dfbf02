package dev.llmrouter.spi.state;

import java.time.Duration;
import java.time.Instant;

/**
 * Counts per key and fixed time window (a minute, an hour), for rate limits. Each method is one atomic step, also
 * when several processes share the counter: an implementation never reads, decides in Java and writes back.
 */
public interface WindowCounter {
  /**
   * Adds {@code amount} to the count of {@code key} in the window starting at {@code windowStart}, unless the count
   * would then pass {@code limit}; a refused add changes nothing.
   *
   * @param window the window's length; an implementation may forget a window once it has passed
   * @return whether it was added, and the count after the step
   */
  Outcome tryAdd(String key, Instant windowStart, Duration window, long amount, long limit);

  /** Adds {@code amount}, which may be negative, without a limit: to settle what {@link #tryAdd} reserved. */
  void add(String key, Instant windowStart, Duration window, long amount);

  /** The result of {@link #tryAdd}. */
  record Outcome(boolean added, long count) {}
}
