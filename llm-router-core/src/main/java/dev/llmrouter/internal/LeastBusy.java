package dev.llmrouter.internal;

import dev.llmrouter.api.Usage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

/** "least-busy": the deployment with the fewest attempts in flight on this router; ties by weight. */
final class LeastBusy implements RoutingStrategy {
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

  @Override
  public Deployment choose(List<Deployment> candidates, DoubleSupplier random) {
    return WeightedShuffle.pick(RoutingStrategy.lowest(candidates, d -> inFlight(d).get()), random);
  }

  @Override
  public void attemptStarted(Deployment d) {
    inFlight(d).incrementAndGet();
  }

  @Override
  public void attemptEnded(Deployment d, Duration took, Usage usage) {
    inFlight(d).decrementAndGet();
  }

  int inFlight(String deploymentId) {
    AtomicInteger n = inFlight.get(deploymentId);
    return n == null ? 0 : n.get();
  }

  private AtomicInteger inFlight(Deployment d) {
    return inFlight.computeIfAbsent(d.id(), id -> new AtomicInteger());
  }
}
