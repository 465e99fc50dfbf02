package dev.llmrouter.internal;

import dev.llmrouter.api.AuthenticationException;
import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.ModelNotFoundException;
import dev.llmrouter.api.PermissionDeniedException;
import dev.llmrouter.api.RateLimitedException;
import dev.llmrouter.spi.state.CooldownStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Leaves failing deployments out for a while. A rate limit cools a deployment down at once, for its
 * Retry-After when the provider sent one (shorter or longer than the cooldown time), else the cooldown time; so
 * do failures that only this deployment has (a bad key,
 * a missing model). Other retryable failures cool it down once more than {@code allowedFails} happened
 * within a minute. A bad request says nothing about the deployment and is not counted. Failures are counted per
 * process; the cooldowns they lead to go to a {@link CooldownStore}, which instances may share.
 */
final class Cooldowns {
  private static final Duration WINDOW = Duration.ofMinutes(1);

  private final Clock clock;
  private final Duration cooldownTime;
  private final int allowedFails;
  private final CooldownStore store;
  private final Map<String, State> states = new ConcurrentHashMap<>();

  /** @param store where the decisions are kept: shared by instances, or {@link #local()} */
  Cooldowns(Clock clock, Duration cooldownTime, int allowedFails, CooldownStore store) {
    this.clock = clock;
    this.cooldownTime = cooldownTime;
    this.allowedFails = allowedFails;
    this.store = store;
  }

  /** Failures counted in this process; the decision they lead to goes to the store. */
  private static final class State {
    final Deque<Instant> failures = new ArrayDeque<>();
  }

  /** A store for one process. */
  static CooldownStore local() {
    Map<String, Instant> until = new ConcurrentHashMap<>();
    return new CooldownStore() {
      @Override
      public void coolDown(String deploymentId, Instant end) {
        until.merge(deploymentId, end, Cooldowns::max);
      }

      @Override
      public Optional<Instant> until(String deploymentId) {
        return Optional.ofNullable(until.get(deploymentId));
      }
    };
  }

  boolean isCoolingDown(String deploymentId) {
    return remaining(deploymentId).isPresent();
  }

  /** How long until the deployment is tried again; empty if it isn't cooling down. */
  Optional<Duration> remaining(String deploymentId) {
    Optional<Instant> until = store.until(deploymentId);
    if (until.isEmpty()) {
      return Optional.empty();
    }
    Duration d = Duration.between(clock.instant(), until.get());
    return d.isNegative() || d.isZero() ? Optional.empty() : Optional.of(d);
  }

  void recordFailure(String deploymentId, LlmException e) {
    if (e instanceof InvalidRequestException) {
      return;
    }
    Instant now = clock.instant();
    State s = states.computeIfAbsent(deploymentId, k -> new State());
    synchronized (s) {
      if (e instanceof RateLimitedException || e instanceof AuthenticationException
          || e instanceof PermissionDeniedException || e instanceof ModelNotFoundException) {
        Duration d = e.retryAfter().orElse(cooldownTime); // the provider knows best when it takes calls again
        store.coolDown(deploymentId, now.plus(d));
        return;
      }
      s.failures.addLast(now);
      while (!s.failures.isEmpty() && s.failures.peekFirst().isBefore(now.minus(WINDOW))) {
        s.failures.removeFirst();
      }
      if (s.failures.size() > allowedFails) {
        store.coolDown(deploymentId, now.plus(cooldownTime));
        s.failures.clear();
      }
    }
  }

  void recordSuccess(String deploymentId) {
    State s = states.get(deploymentId);
    if (s != null) {
      synchronized (s) {
        s.failures.clear();
      }
    }
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
