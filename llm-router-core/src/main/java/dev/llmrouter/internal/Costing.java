package dev.llmrouter.internal;

import dev.llmrouter.api.ChatResponse;

/**
 * Prices each successful attempt's usage with the prices of the deployment that served it. An embedding answer
 * without a token count (Gemini's, Cohere's on Bedrock) is priced by the router's own count of its input.
 */
final class Costing implements Interceptor {
  private final PriceBook prices;
  private final TokenCounter tokens;

  Costing(PriceBook prices, TokenCounter tokens) {
    this.prices = prices;
    this.tokens = tokens;
  }

  @Override
  public ChatResponse intercept(Chain chain) {
    ChatResponse response = chain.proceed(chain.request());
    if (chain.request().embedding() != null && response.usage().inputTokens() == 0) {
      long counted = chain.call().inputTokens() >= 0 ? chain.call().inputTokens()
          : tokens.count(chain.request(), chain.request().model());
      response = new ChatResponse(response.id(), response.model(), response.deployment(), response.providerModel(),
          response.content(), response.finishReason(), response.rawFinishReason(),
          dev.llmrouter.api.Usage.of(counted, 0), response.cost(), response.callInfo());
    }
    return response.withCost(prices.cost(chain.call().deployment(), response.usage()));
  }
}
