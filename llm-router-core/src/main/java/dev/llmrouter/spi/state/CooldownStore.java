package dev.llmrouter.spi.state;

import java.time.Instant;
import java.util.Optional;

/**
 * Until when each deployment is left out after failing. The router decides when a deployment cools down and for
 * how long; this store only holds the answer, so that every instance sharing it skips the deployment. It is read
 * on every routing decision, so {@link #until} must not wait on a network: an implementation shared by processes
 * keeps a local copy that the others' changes reach within a bound it documents.
 */
public interface CooldownStore {
  /** Leaves {@code deploymentId} out until {@code until}, or later when it is already out for longer. */
  void coolDown(String deploymentId, Instant until);

  /** Until when {@code deploymentId} is left out; empty or a past instant when it is not. */
  Optional<Instant> until(String deploymentId);
}
