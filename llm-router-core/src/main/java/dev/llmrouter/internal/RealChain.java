package dev.llmrouter.internal;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import java.util.List;

/** Walks a list of interceptors; the last one must answer without proceeding. */
final class RealChain implements Interceptor.Chain {
  private final List<Interceptor> interceptors;
  private final int index;
  private final ChatRequest request;
  private final CallContext call;

  RealChain(List<Interceptor> interceptors, int index, ChatRequest request, CallContext call) {
    this.interceptors = interceptors;
    this.index = index;
    this.request = request;
    this.call = call;
  }

  @Override
  public ChatRequest request() {
    return request;
  }

  @Override
  public CallContext call() {
    return call;
  }

  @Override
  public ChatResponse proceed(ChatRequest next) {
    if (index >= interceptors.size()) {
      throw new IllegalStateException("the last interceptor must not proceed");
    }
    return interceptors.get(index).intercept(new RealChain(interceptors, index + 1, next, call));
  }
}
