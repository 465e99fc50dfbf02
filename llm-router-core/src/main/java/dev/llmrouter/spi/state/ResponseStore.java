package dev.llmrouter.spi.state;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the response cache keeps answers: in this process, or in a store every instance shares so that a call one
 * instance answered is a hit on the others. The router hands it requests with their call options removed, so two
 * requests that would be sent alike are one entry. A store that is unreachable answers a miss and keeps nothing: a
 * cache never fails a call.
 */
public interface ResponseStore {
  /** The answer stored for {@code request}, with when it was stored, or empty. */
  Optional<Entry> get(ChatRequest request);

  /** Stores {@code response} for {@code request} for {@code ttl}. */
  void put(ChatRequest request, ChatResponse response, Duration ttl);

  /** A stored answer and when it was stored (for a caller's {@code s-maxage}). */
  record Entry(ChatResponse response, Instant storedAt) {}
}
