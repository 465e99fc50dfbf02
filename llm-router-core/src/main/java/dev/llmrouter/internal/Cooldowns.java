package dev.llmrouter.internal;

import dev.llmrouter.api.AuthenticationException;
import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.ModelNotFoundException;
import dev.llmrouter.api.PermissionDeniedException;
import dev.llmrouter.api.RateLimitedException;
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
 * within a minute. A bad request says nothing about the deployment and is not counted.
 */
final class Cooldowns {
  private static final Duration WINDOW = Duration.ofMinutes(1);

  private final Clock clock;
  private final Duration cooldownTime;
  private final int allowedFails;
  private final Map<String, State> states = new ConcurrentHashMap<>();

  Cooldowns(Clock clock, Duration cooldownTime, int allowedFails) {
    this.clock = clock;
    this.cooldownTime = cooldownTime;
    this.allowedFails = allowedFails;
  }

  private static final class State {
    final Deque<Instant> failures = new ArrayDeque<>();
    Instant until = Instant.MIN;
  }

  boolean isCoolingDown(String deploymentId) {
    State s = states.get(deploymentId);
    if (s == null) {
      return false;
    }
    synchronized (s) {
      return clock.instant().isBefore(s.until);
    }
  }

  /** How long until the deployment is tried again; empty if it isn't cooling down. */
  Optional<Duration> remaining(String deploymentId) {
    State s = states.get(deploymentId);
    if (s == null) {
      return Optional.empty();
    }
    synchronized (s) {
      Duration d = Duration.between(clock.instant(), s.until);
      return d.isNegative() || d.isZero() ? Optional.empty() : Optional.of(d);
    }
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
        s.until = max(s.until, now.plus(d));
        return;
      }
      s.failures.addLast(now);
      while (!s.failures.isEmpty() && s.failures.peekFirst().isBefore(now.minus(WINDOW))) {
        s.failures.removeFirst();
      }
      if (s.failures.size() > allowedFails) {
        s.until = max(s.until, now.plus(cooldownTime));
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
