package dev.llmrouter.redis;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.spi.state.ResponseStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import redis.clients.jedis.params.SetParams;

/**
 * {@link ResponseStore} in Redis: one string per request key, expiring with its time to live. Redis away is a miss
 * and nothing stored: the cache never fails or slows a call beyond the Redis timeout.
 */
final class RedisResponseStore implements ResponseStore {
  private final String ns;
  private final Availability redis;
  private final Clock clock;

  RedisResponseStore(String ns, Availability redis, Clock clock) {
    this.ns = ns;
    this.redis = redis;
    this.clock = clock;
  }

  private String key(ChatRequest request) {
    return ns + ":response:v" + ResponseCodec.VERSION + ":" + RequestKey.of(request);
  }

  @Override
  public Optional<Entry> get(ChatRequest request) {
    try {
      String json = redis.call(j -> j.get(key(request)));
      return json == null ? Optional.empty() : Optional.ofNullable(ResponseCodec.decode(json));
    } catch (Availability.Away away) {
      return Optional.empty();
    }
  }

  @Override
  public void put(ChatRequest request, ChatResponse response, Duration ttl) {
    String json = ResponseCodec.encode(response, clock.instant());
    try {
      redis.call(j -> j.set(key(request), json, SetParams.setParams().px(ttl.toMillis())));
    } catch (Availability.Away away) {
      // not kept: the next call asks the provider again
    }
  }
}
