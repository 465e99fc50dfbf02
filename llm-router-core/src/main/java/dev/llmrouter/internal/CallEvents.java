package dev.llmrouter.internal;

import dev.llmrouter.api.CallInfo;
import dev.llmrouter.api.ChatResponse;

/** Tells the listener a call started and ended, and stamps the response with how the call was served. */
final class CallEvents implements Interceptor {
  @Override
  public ChatResponse intercept(Chain chain) {
    CallContext call = chain.call();
    call.listener().callStart(call.callId(), chain.request());
    try {
      ChatResponse response = chain.proceed(chain.request());
      ChatResponse stamped = response.withCallInfo(new CallInfo(call.callId(), call.attempts(), call.cacheHit(),
          call.elapsed(), call.upstreamTime()));
      call.listener().callEnd(call.callId(), stamped, null);
      return stamped;
    } catch (RuntimeException e) {
      call.listener().callEnd(call.callId(), null, e);
      throw e;
    }
  }
}
