package dev.llmrouter.internal;

import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ChatRequest;

/**
 * One step of the request pipeline, in the manner of OkHttp's interceptors: do something, call
 * {@link Chain#proceed}, do something with the answer. See {@code RouterEngine.pipeline} for the order.
 */
public interface Interceptor {
  ChatResponse intercept(Chain chain);

  /** What {@code Router.pipeline()} calls this step. */
  default String name() {
    String n = getClass().getSimpleName();
    return n.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
  }

  interface Chain {
    ChatRequest request();

    CallContext call();

    ChatResponse proceed(ChatRequest request);
  }
}
