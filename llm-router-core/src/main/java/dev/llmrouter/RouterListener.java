package dev.llmrouter;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.LlmException;
import java.time.Duration;

/**
 * Observes calls. Every method has a no-op default, so new events don't break implementers.
 *
 * <p>Events nest like this: {@code callStart}, then either {@code cacheHit} or one or more attempts
 * ({@code attemptStart} followed by {@code attemptSucceeded} or {@code attemptFailed}), with {@code fallback}
 * between attempts that move to another alias, then {@code callRecorded} (the call as the spend ledger keeps it) and
 * {@code callEnd}. Methods run on the calling or a router thread; they must be fast. An exception thrown here is
 * logged and never fails the call.
 */
public interface RouterListener {
  RouterListener NONE = new RouterListener() {};

  /** Each of {@code listeners}, in their order, for every event. */
  static RouterListener all(java.util.List<RouterListener> listeners) {
    java.util.List<RouterListener> ls = java.util.List.copyOf(listeners);
    return ls.size() == 1 ? ls.get(0) : new dev.llmrouter.internal.AllListeners(ls);
  }

  default void callStart(String callId, ChatRequest request) {}

  default void cacheHit(String callId, ChatRequest request) {}

  /** The response cache was read for this call and had no answer (or none young enough) for it. */
  default void cacheMiss(String callId, ChatRequest request) {}

  /** @param attempt 1 for the call's first provider call, counting over retries and fallbacks */
  default void attemptStart(String callId, String deploymentId, int attempt) {}

  default void attemptSucceeded(String callId, String deploymentId, int attempt, Duration elapsed) {}

  default void attemptFailed(String callId, String deploymentId, int attempt, LlmException error,
                             Duration elapsed) {}

  /** The call moves on from {@code fromAlias}, which failed with {@code cause}, to {@code toAlias}. */
  default void fallback(String callId, String fromAlias, String toAlias, LlmException cause) {}

  /**
   * The call's record, once per call however it ended, as the spend ledger keeps it (who, which model and
   * deployment, tokens, cost, latency, time to first token, cache hit, origin); {@code error} is its failure, or null.
   */
  default void callRecorded(dev.llmrouter.spi.state.SpendRecord record, Throwable error) {}

  /** The call ended; exactly one of {@code response} and {@code error} is non-null. */
  default void callEnd(String callId, ChatResponse response, Throwable error) {}
}
