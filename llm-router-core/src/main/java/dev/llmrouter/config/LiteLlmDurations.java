package dev.llmrouter.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** LiteLLM's durations ({@code budget_duration}, a key's {@code duration}): {@code 30s}, {@code 30m}, {@code 24h},
 * {@code 30d}, {@code 1mo} (30 days). */
public final class LiteLlmDurations {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h|d|mo)");

  private LiteLlmDurations() {}

  /** @throws IllegalArgumentException naming what was given, when it is not one */
  public static Duration parse(String text) {
    Matcher m = DURATION.matcher(text == null ? "" : text.strip());
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new IllegalArgumentException("expected a duration such as 30d, 24h, 30m or 1mo, got \"" + text + "\"");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofDays(30 * n);
    };
  }
}
