package dev.llmrouter.internal;

import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ChatRequest;

/**
 * One step of the request pipeline, in the manner of OkHttp's interceptors: do something, call
 * {@link Chain#proceed}, do something with the answer. See {@link Pipeline} for the order.
 */
public interface Interceptor {
  ChatResponse intercept(Chain chain);

  interface Chain {
    ChatRequest request();

    CallContext call();

    ChatResponse proceed(ChatRequest request);
  }
}
