package dev.llmrouter;

import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.LlmException;

/**
 * A blocking call that another thread can cancel, in the manner of OkHttp's {@code Call}: {@link Router#newCall}
 * prepares it, {@link #execute()} runs it on the calling thread, {@link #cancel()} stops it from anywhere.
 */
public interface RouterCall {
  /** The router's id for this call, as in the response's {@code CallInfo} and on listener events. */
  String callId();

  /**
   * Routes the call and waits for the answer; once per call.
   *
   * @throws LlmException the typed failure
   * @throws java.util.concurrent.CancellationException when {@link #cancel()} stopped it
   * @throws IllegalStateException when it was executed before
   */
  ChatResponse execute();

  /**
   * Stops the call: a wait between retries ends, the upstream request in flight is closed, and no further attempt
   * or fallback starts; {@link #execute()} then throws a {@code CancellationException}. Safe from any thread, and
   * to call twice.
   */
  void cancel();

  /**
   * The caller's standing against its rate limits, once the call has passed them (before its first stream event);
   * empty before that, or when no limit applies. What a streamed answer's {@code x-ratelimit-*} headers say.
   */
  default java.util.List<dev.llmrouter.api.RateLimitStatus> rateLimits() {
    return java.util.List.of();
  }
}
