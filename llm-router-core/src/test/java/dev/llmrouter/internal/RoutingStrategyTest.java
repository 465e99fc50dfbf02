package dev.llmrouter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.Usage;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.config.ModelDeployment;
import dev.llmrouter.config.Prices;
import dev.llmrouter.testing.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** Each routing strategy's choice, on fake time and a fixed "random". */
class RoutingStrategyTest {
  private static final DoubleSupplier FIRST = () -> 0.0;
  private static final DoubleSupplier LAST = () -> 0.999;

  private static Deployment deployment(String id, Prices prices, Integer rpm, Integer tpm) {
    DeploymentSettings settings = new DeploymentSettings(id, "mock", "m", null, null, null, null, null, null,
        Map.of());
    return new Deployment(new ModelDeployment("alias", settings, 1, 0, null, prices, null, rpm, tpm), null);
  }

  private static Deployment deployment(String id) {
    return deployment(id, null, null, null);
  }

  private static Usage outputTokens(long n) {
    return new Usage(10, n, 0, 0, 0);
  }

  @Test
  void simpleShuffleSharesByWeight() {
    Deployment a = deployment("a");
    Deployment b = new Deployment(new ModelDeployment("alias", a.config().settings(), 3, 0, null, null, null), null);
    RoutingStrategy shuffle = RoutingStrategy.named("simple-shuffle", new FakeClock(), null);
    assertThat(shuffle.choose(List.of(a, b), () -> 0.24)).isSameAs(a); // a holds [0, 0.25) of the range
    assertThat(shuffle.choose(List.of(a, b), () -> 0.26)).isSameAs(b);
  }

  @Test
  void leastBusyPicksTheDeploymentWithFewestAttemptsInFlight() {
    Deployment a = deployment("a");
    Deployment b = deployment("b");
    LeastBusy strategy = new LeastBusy();
    strategy.attemptStarted(a);
    strategy.attemptStarted(a);
    strategy.attemptStarted(b);
    assertThat(strategy.choose(List.of(a, b), FIRST)).isSameAs(b);

    strategy.attemptEnded(a, Duration.ofSeconds(1), null); // a failed attempt ends too
    strategy.attemptEnded(a, Duration.ofSeconds(1), outputTokens(5));
    assertThat(strategy.inFlight("a")).isZero();
    assertThat(strategy.choose(List.of(a, b), LAST)).isSameAs(a);
  }

  @Test
  void latencyBasedTriesUnmeasuredDeploymentsFirstThenTheFastestPerToken() {
    FakeClock clock = new FakeClock();
    Deployment a = deployment("a");
    Deployment b = deployment("b");
    LowestLatency strategy = new LowestLatency(clock, Duration.ofHours(1));

    strategy.attemptEnded(a, Duration.ofMillis(1000), outputTokens(100)); // 10 ms per token
    assertThat(strategy.choose(List.of(a, b), FIRST)).as("b has no measurement yet").isSameAs(b);

    strategy.attemptEnded(b, Duration.ofMillis(600), outputTokens(20));   // 30 ms per token
    assertThat(strategy.choose(List.of(a, b), LAST)).isSameAs(a);

    // A longer answer from b, in less time per token, brings its average (30, then 0.3 x 2) to 21.6: still slower.
    strategy.attemptEnded(b, Duration.ofMillis(400), outputTokens(200));
    assertThat(strategy.choose(List.of(a, b), LAST)).isSameAs(a);
    strategy.attemptEnded(b, Duration.ofMillis(200), outputTokens(200));  // (0.3 x 1 + 0.7 x 21.6) = 15.4
    strategy.attemptEnded(b, Duration.ofMillis(100), outputTokens(200));  // 10.9
    strategy.attemptEnded(b, Duration.ofMillis(100), outputTokens(200));  // 7.8: now faster than a
    assertThat(strategy.choose(List.of(a, b), FIRST)).isSameAs(b);

    strategy.attemptEnded(b, Duration.ofSeconds(30), null);               // failures don't count
    assertThat(strategy.choose(List.of(a, b), FIRST)).isSameAs(b);

    clock.advance(Duration.ofMinutes(61)); // both measurements are older than the ttl: measure again
    assertThat(strategy.choose(List.of(a, b), FIRST)).isSameAs(a);
    assertThat(strategy.choose(List.of(a, b), LAST)).isSameAs(b);
  }

  @Test
  void costBasedPicksTheCheapestAndUnpricedOnlyWhenNothingElseIsLeft() {
    Deployment pricey = deployment("pricey", Prices.perMillion("3", "15", null, null), null, null);
    Deployment cheap = deployment("cheap", Prices.perMillion("0.15", "0.6", null, null), null, null);
    Deployment unpriced = new Deployment(new ModelDeployment("alias", new DeploymentSettings("unpriced", "acme",
        "unknown-model", null, null, null, null, null, null, Map.of()), 1, 0, null, null, null), null);
    RoutingStrategy strategy = RoutingStrategy.named("cost-based-routing", new FakeClock(), PriceBook.bundled());
    assertThat(strategy.choose(List.of(unpriced, pricey, cheap), LAST)).isSameAs(cheap);
    assertThat(strategy.choose(List.of(unpriced, pricey), FIRST)).isSameAs(pricey);
    assertThat(strategy.choose(List.of(unpriced), FIRST)).isSameAs(unpriced);
  }

  @Test
  void usageBasedPicksTheLeastUsedThisMinuteAndKeepsToRpmAndTpm() {
    FakeClock clock = new FakeClock();
    Deployment a = deployment("a", null, 2, null);
    Deployment b = deployment("b", null, null, 1000);
    LowestUsage strategy = new LowestUsage(clock);

    strategy.attemptStarted(a);
    strategy.attemptEnded(a, Duration.ofSeconds(1), new Usage(100, 50, 0, 0, 0)); // a: 1 request, 150 tokens
    assertThat(strategy.choose(List.of(a, b), FIRST)).isSameAs(b);

    strategy.attemptStarted(b);
    strategy.attemptEnded(b, Duration.ofSeconds(1), new Usage(900, 100, 0, 0, 0)); // b: 1000 tokens, at its tpm
    assertThat(strategy.choose(List.of(a, b), LAST)).isSameAs(a);

    strategy.attemptStarted(a);                                                  // a: 2 requests, at its rpm
    assertThat(strategy.choose(List.of(a, b), FIRST)).as("both at their limits").isNull();

    clock.advance(Duration.ofMinutes(1)); // a new minute starts from zero
    assertThat(strategy.choose(List.of(a, b), FIRST)).isSameAs(a);
    assertThat(strategy.choose(List.of(a, b), LAST)).isSameAs(b);
  }
}
