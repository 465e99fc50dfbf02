package dev.llmrouter.wire;

import dev.llmrouter.api.RateLimitStatus;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * OpenAI's rate-limit headers, which Anthropic-format answers carry too:
 * {@code x-ratelimit-limit-requests}, {@code x-ratelimit-remaining-requests}, {@code x-ratelimit-reset-requests} and
 * the same for {@code tokens}; the reset in OpenAI's duration form ({@code 1s}, {@code 6m0s}, {@code 1h0m0s}).
 */
public final class RateLimitHeaders {
  private RateLimitHeaders() {}

  public static void write(List<RateLimitStatus> status, BiConsumer<String, String> header) {
    for (RateLimitStatus s : status) {
      header.accept("x-ratelimit-limit-" + s.kind(), Long.toString(s.limit()));
      header.accept("x-ratelimit-remaining-" + s.kind(), Long.toString(s.remaining()));
      header.accept("x-ratelimit-reset-" + s.kind(), duration(s.reset()));
    }
  }

  /** Whole seconds, rounded up, as OpenAI writes them: {@code 30s}, {@code 6m0s}, {@code 1h0m0s}. */
  static String duration(Duration d) {
    long s = Math.max(0, d.getSeconds() + (d.getNano() > 0 ? 1 : 0));
    long h = s / 3600;
    long m = (s % 3600) / 60;
    long sec = s % 60;
    if (h > 0) {
      return h + "h" + m + "m" + sec + "s";
    }
    return m > 0 ? m + "m" + sec + "s" : sec + "s";
  }
}
