package dev.llmrouter.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.spi.state.ResponseStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** {@link ResponseStore} in this process: a bounded Caffeine cache, each entry kept for its own time to live. */
final class InMemoryResponseStore implements ResponseStore {
  private record Stored(ChatResponse response, Instant storedAt, Duration ttl) {}

  private final Cache<ChatRequest, Stored> cache;
  private final Clock clock;

  InMemoryResponseStore(long maxSize, Clock clock) {
    this.clock = clock;
    this.cache = Caffeine.newBuilder()
        .maximumSize(maxSize)
        .expireAfter(new Expiry<ChatRequest, Stored>() {
          @Override
          public long expireAfterCreate(ChatRequest key, Stored value, long currentTime) {
            return value.ttl().toNanos();
          }

          @Override
          public long expireAfterUpdate(ChatRequest key, Stored value, long currentTime, long currentDuration) {
            return value.ttl().toNanos();
          }

          @Override
          public long expireAfterRead(ChatRequest key, Stored value, long currentTime, long currentDuration) {
            return currentDuration;
          }
        })
        .ticker(() -> {
          Instant now = clock.instant();
          return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        })
        .build();
  }

  @Override
  public Optional<Entry> get(ChatRequest request) {
    Stored s = cache.getIfPresent(request);
    return s == null ? Optional.empty() : Optional.of(new Entry(s.response(), s.storedAt()));
  }

  @Override
  public void put(ChatRequest request, ChatResponse response, Duration ttl) {
    cache.put(request, new Stored(response, clock.instant(), ttl));
  }
}
