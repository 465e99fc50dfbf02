package dev.llmrouter.server;

import dev.llmrouter.api.CallInfo;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.RateLimitExceededException;
import dev.llmrouter.wire.RateLimitHeaders;
import java.util.List;
import java.util.function.BiConsumer;

/** How a call was served, as {@code x-llm-router-*} response headers (or trailers). */
final class RoutingHeaders {
  static final String CALL_ID = "x-llm-router-call-id";
  static final String MODEL_ID = "x-llm-router-model-id";
  static final String MODEL_GROUP = "x-llm-router-model-group";
  static final String ATTEMPTS = "x-llm-router-attempts";
  static final String CACHE_HIT = "x-llm-router-cache-hit";
  static final String COST = "x-llm-router-response-cost";
  static final String OVERHEAD = "x-llm-router-overhead-ms";
  static final List<String> ALL = List.of(CALL_ID, MODEL_ID, MODEL_GROUP, ATTEMPTS, CACHE_HIT, COST, OVERHEAD);

  /**
   * @param startNanos when the request arrived ({@link System#nanoTime()}); the overhead is the time since then
   *                   minus the time spent waiting on providers
   */
  void write(ChatResponse response, long startNanos, BiConsumer<String, String> header) {
    CallInfo info = response.callInfo();
    if (info != null) {
      header.accept(CALL_ID, info.callId());
    }
    if (response.deployment() != null) {
      writeDeployment(response.deployment(), response.model(), header);
    }
    if (info != null) {
      header.accept(ATTEMPTS, Integer.toString(info.attempts()));
      header.accept(CACHE_HIT, Boolean.toString(info.cacheHit()));
    }
    response.cost().usd().ifPresent(usd -> header.accept(COST, usd.stripTrailingZeros().toPlainString()));
    if (info != null) {
      RateLimitHeaders.write(info.rateLimits(), header);
    }
    long upstream = info == null ? 0 : info.upstreamLatency().toNanos();
    long overhead = Math.max(0, System.nanoTime() - startNanos - upstream);
    header.accept(OVERHEAD, millis(overhead));
  }

  /**
   * What is known of a call that failed: its id, attempts, the alias asked for, and the gateway's own time. Nothing
   * for a failure before the router took the call (a bad body, say).
   */
  void writeFailure(Throwable failure, String requestedAlias, long startNanos, BiConsumer<String, String> header) {
    if (!(failure instanceof dev.llmrouter.api.LlmException e) || e.callInfo().isEmpty()) {
      return;
    }
    CallInfo info = e.callInfo().get();
    RateLimitHeaders.write(failure instanceof RateLimitExceededException r ? r.standing() : info.rateLimits(), header);
    header.accept(CALL_ID, info.callId());
    header.accept(MODEL_GROUP, requestedAlias);
    header.accept(ATTEMPTS, Integer.toString(info.attempts()));
    header.accept(CACHE_HIT, "false");
    long overhead = Math.max(0, System.nanoTime() - startNanos - info.upstreamLatency().toNanos());
    header.accept(OVERHEAD, millis(overhead));
  }

  /** The deployment that served and its alias (which differs from the requested one after a fallback). */
  void writeDeployment(String deploymentId, String servedAlias, BiConsumer<String, String> header) {
    header.accept(MODEL_ID, deploymentId);
    if (servedAlias != null) {
      header.accept(MODEL_GROUP, servedAlias);
    }
  }

  /** Milliseconds with three decimals ({@code 1.005}); not String.format, which parses its pattern on every call. */
  static String millis(long nanos) {
    long micros = Math.max(0, nanos / 1000);
    long fraction = micros % 1000;
    return micros / 1000 + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + fraction;
  }
}
