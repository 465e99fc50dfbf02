package dev.llmrouter.redis;

import java.time.Duration;
import java.time.Instant;

/**
 * What the durable spend log says a rate-limit window has used: where a window Redis has no count for (a new one, or
 * one it lost) starts from.
 */
@FunctionalInterface
public interface WindowHistory {
  /** Nothing was used: for a gateway without a durable ledger. */
  WindowHistory NONE = (key, start, window) -> 0;

  /**
   * @param key   the window's key ({@code key:<id>:requests_per_minute}, {@code tenant:<id>:tokens_per_minute},
   *              {@code gateway:requests_per_hour})
   * @param start the window's start
   * @return the requests, or for a {@code tokens_*} window the tokens, the calls that started in it used
   */
  long used(String key, Instant start, Duration window);
}
