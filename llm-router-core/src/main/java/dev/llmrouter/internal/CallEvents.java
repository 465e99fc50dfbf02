package dev.llmrouter.internal;

import dev.llmrouter.api.CallInfo;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.LlmException;

/**
 * Tells the listener a call started and ended, exactly once each (a cancelled call ends with a
 * {@link java.util.concurrent.CancellationException}), and stamps the response, or the failure, with how the call
 * was served.
 */
final class CallEvents implements Interceptor {
  @Override
  public ChatResponse intercept(Chain chain) {
    CallContext call = chain.call();
    call.listener().callStart(call.callId(), chain.request());
    try {
      ChatResponse response = chain.proceed(chain.request());
      ChatResponse stamped = response.withCallInfo(info(call));
      call.listener().callEnd(call.callId(), stamped, null);
      return stamped;
    } catch (RuntimeException e) {
      if (e instanceof LlmException le) {
        le.attachCallInfo(info(call)); // so that an error answer can still say which call it was
      }
      call.listener().callEnd(call.callId(), null, e);
      throw e;
    }
  }

  private static CallInfo info(CallContext call) {
    return new CallInfo(call.callId(), call.attempts(), call.cacheHit(), call.elapsed(), call.upstreamTime(),
        call.rateLimits());
  }
}
