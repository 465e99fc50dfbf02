package dev.llmrouter.config;

import java.time.Duration;

/** {@code litellm_settings.cache} and {@code cache_params}: the in-process response cache. */
public record CacheSettings(boolean enabled, Duration ttl, long maxSize) {
  public static CacheSettings disabled() {
    return new CacheSettings(false, Duration.ofMinutes(10), 10_000);
  }
}
