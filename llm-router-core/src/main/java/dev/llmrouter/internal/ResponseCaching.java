package dev.llmrouter.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.Cost;
import dev.llmrouter.config.CacheSettings;
import java.math.BigDecimal;
import java.time.Clock;

/**
 * Exact-match response cache. The key is the request with the router-only options removed, so two requests
 * that would be sent alike share an entry. Streamed calls and calls that ask to bypass it skip it. A hit costs
 * nothing: no provider was called.
 */
final class ResponseCaching implements Interceptor {
  private final Cache<ChatRequest, ChatResponse> cache;

  ResponseCaching(CacheSettings settings, Clock clock) {
    this.cache = settings.enabled()
        ? Caffeine.newBuilder()
            .maximumSize(settings.maxSize())
            .expireAfterWrite(settings.ttl())
            .ticker(() -> {
              java.time.Instant now = clock.instant();
              return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            })
            .build()
        : null;
  }

  @Override
  public ChatResponse intercept(Chain chain) {
    ChatRequest request = chain.request();
    CallContext call = chain.call();
    if (cache == null || call.streaming() || request.options().bypassCache()) {
      return chain.proceed(request);
    }
    ChatRequest key = request.withOptions(ChatRequest.CallOptions.DEFAULT);
    ChatResponse hit = cache.getIfPresent(key);
    if (hit != null) {
      call.markCacheHit();
      call.listener().cacheHit(call.callId(), request);
      return hit.withCost(Cost.usd(BigDecimal.ZERO));
    }
    ChatResponse response = chain.proceed(request);
    cache.put(key, response);
    return response;
  }
}
