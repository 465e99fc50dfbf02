package dev.llmrouter.api;

import java.util.Objects;

/**
 * Anthropic's prompt-caching hint on a content block ({@code {"type":"ephemeral","ttl":"1h"}}).
 * Providers without prompt caching ignore it.
 *
 * @param type always {@code "ephemeral"} today
 * @param ttl  {@code "5m"}, {@code "1h"} or null for the provider default
 */
public record CacheControl(String type, String ttl) {
  public CacheControl {
    Objects.requireNonNull(type, "type");
  }

  public static CacheControl ephemeral() {
    return new CacheControl("ephemeral", null);
  }
}
