package dev.llmrouter.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a caller stands against its tightest limit of one kind after a call, for the
 * {@code x-ratelimit-{limit,remaining,reset}-{requests,tokens}} headers.
 *
 * @param kind      {@code "requests"} or {@code "tokens"}
 * @param limit     the limit of the window that has the least left
 * @param remaining what is left in that window, never negative
 * @param reset     until that window starts over
 */
public record RateLimitStatus(String kind, long limit, long remaining, Duration reset) {
  public RateLimitStatus {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reset, "reset");
    remaining = Math.max(0, remaining);
  }
}
