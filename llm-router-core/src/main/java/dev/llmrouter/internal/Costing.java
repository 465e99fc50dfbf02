package dev.llmrouter.internal;

import dev.llmrouter.api.ChatResponse;

/** Prices each successful attempt's usage with the prices of the deployment that served it. */
final class Costing implements Interceptor {
  private final PriceBook prices;

  Costing(PriceBook prices) {
    this.prices = prices;
  }

  @Override
  public ChatResponse intercept(Chain chain) {
    ChatResponse response = chain.proceed(chain.request());
    return response.withCost(prices.cost(chain.call().deployment(), response.usage()));
  }
}
