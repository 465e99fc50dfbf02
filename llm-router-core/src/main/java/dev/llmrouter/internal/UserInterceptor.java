package dev.llmrouter.internal;

import dev.llmrouter.RouterInterceptor;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;

/** A {@link RouterInterceptor} of the application's, as a step of the pipeline. */
final class UserInterceptor implements Interceptor {
  private final RouterInterceptor delegate;

  UserInterceptor(RouterInterceptor delegate) {
    this.delegate = delegate;
  }

  @Override
  public String name() {
    return "interceptor " + delegate.getClass().getName();
  }

  @Override
  public ChatResponse intercept(Chain chain) {
    return delegate.intercept(new RouterInterceptor.Chain() {
      @Override
      public ChatRequest request() {
        return chain.request();
      }

      @Override
      public String callId() {
        return chain.call().callId();
      }

      @Override
      public boolean streaming() {
        return chain.call().streaming();
      }

      @Override
      public ChatResponse proceed(ChatRequest request) {
        return chain.proceed(request);
      }
    });
  }
}
