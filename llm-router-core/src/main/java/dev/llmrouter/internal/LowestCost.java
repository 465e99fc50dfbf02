package dev.llmrouter.internal;

import dev.llmrouter.config.Prices;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * "cost-based-routing": the deployment with the lowest price (input plus output price per token, from
 * {@code model_info} or the bundled table); ties by weight. Unpriced deployments are chosen only when no priced
 * one is usable.
 */
final class LowestCost implements RoutingStrategy {
  private final PriceBook prices;

  LowestCost(PriceBook prices) {
    this.prices = prices;
  }

  @Override
  public Deployment choose(List<Deployment> candidates, DoubleSupplier random) {
    return WeightedShuffle.pick(RoutingStrategy.lowest(candidates, this::pricePerToken), random);
  }

  /** Input plus output price per token; unpriced is dearest. */
  private double pricePerToken(Deployment d) {
    Prices p = prices.pricesFor(d);
    return p == null ? Double.MAX_VALUE : p.inputPerToken().add(p.outputPerToken()).doubleValue();
  }
}
