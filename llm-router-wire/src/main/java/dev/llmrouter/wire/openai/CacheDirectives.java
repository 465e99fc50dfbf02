package dev.llmrouter.wire.openai;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.wire.Fields;
import java.time.Duration;
import java.util.Set;

/**
 * LiteLLM's per-request cache controls, the body field {@code cache}: {@code {"no-cache": true}} (do not answer from
 * the cache), {@code {"no-store": true}} (do not keep this answer), {@code {"ttl": 300}} (keep it 300 s),
 * {@code {"s-maxage": 60}} (take only an answer at most 60 s old). Never sent upstream.
 */
final class CacheDirectives {
  private static final Set<String> KNOWN = Set.of("no-cache", "no-store", "ttl", "s-maxage");

  private CacheDirectives() {}

  static ChatRequest.CacheUse decode(Fields root) {
    Fields cache = root.object("cache");
    if (cache == null) {
      return ChatRequest.CacheUse.DEFAULT;
    }
    for (String k : cache.map().keySet()) {
      if (!KNOWN.contains(k)) {
        throw cache.invalid(k, "is not a cache control; use no-cache, no-store, ttl or s-maxage");
      }
    }
    return new ChatRequest.CacheUse(Boolean.TRUE.equals(cache.bool("no-cache")),
        Boolean.TRUE.equals(cache.bool("no-store")), seconds(cache, "ttl", false), seconds(cache, "s-maxage", true));
  }

  private static Duration seconds(Fields cache, String key, boolean zeroAllowed) {
    Double s = cache.number(key);
    if (s == null) {
      return null;
    }
    if (s < 0 || s == 0 && !zeroAllowed || s > 365 * 86_400) {
      throw cache.invalid(key, "must be a number of seconds" + (zeroAllowed ? "" : " above 0") + ", got " + s);
    }
    return Duration.ofMillis(Math.round(s * 1000));
  }
}
