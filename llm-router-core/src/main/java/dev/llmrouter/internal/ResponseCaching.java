package dev.llmrouter.internal;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.Cost;
import dev.llmrouter.config.CacheSettings;
import dev.llmrouter.spi.state.ResponseStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Exact-match response cache. The key is the request with the router-only options removed, so two requests
 * that would be sent alike share an entry. Streamed calls skip it; a call's own {@link ChatRequest.CacheUse} may
 * skip reading it ({@code no-cache}), writing it ({@code no-store}), keep its answer for another time
 * ({@code ttl}), or take only a young enough answer ({@code s-maxage}). A hit costs nothing: no provider was called.
 * The answers live in a {@link ResponseStore}: this process's, or one that instances share.
 */
final class ResponseCaching implements Interceptor {
  private final ResponseStore store;
  private final Duration ttl;
  private final Clock clock;

  /** @param shared the store instances share, or null for one in this process */
  ResponseCaching(CacheSettings settings, ResponseStore shared, Clock clock) {
    this.store = !settings.enabled() ? null
        : shared != null ? shared : new InMemoryResponseStore(settings.maxSize(), clock);
    this.ttl = settings.ttl();
    this.clock = clock;
  }

  @Override
  public ChatResponse intercept(Chain chain) {
    ChatRequest request = chain.request();
    CallContext call = chain.call();
    ChatRequest.CacheUse use = request.options().cache();
    if (store == null || call.streaming() || use.noCache() && use.noStore()) {
      return chain.proceed(request);
    }
    ChatRequest key = request.withOptions(ChatRequest.CallOptions.DEFAULT);
    if (!use.noCache()) {
      Optional<ResponseStore.Entry> hit = store.get(key);
      if (hit.isPresent() && young(hit.get(), use.maxAge())) {
        call.markCacheHit();
        call.listener().cacheHit(call.callId(), request);
        return hit.get().response().withCost(Cost.usd(BigDecimal.ZERO));
      }
      call.listener().cacheMiss(call.callId(), request);
    }
    ChatResponse response = chain.proceed(request);
    if (!use.noStore()) {
      store.put(key, response, use.ttl() != null ? use.ttl() : ttl);
    }
    return response;
  }

  private boolean young(ResponseStore.Entry entry, Duration maxAge) {
    return maxAge == null || Duration.between(entry.storedAt(), clock.instant()).compareTo(maxAge) <= 0;
  }
}
