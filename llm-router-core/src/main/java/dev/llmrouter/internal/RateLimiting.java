package dev.llmrouter.internal;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.RateLimitExceededException;
import dev.llmrouter.api.RateLimitStatus;
import dev.llmrouter.policy.Limits;
import dev.llmrouter.policy.StateKey;
import dev.llmrouter.spi.state.ParallelCounter;
import dev.llmrouter.spi.state.WindowCounter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's, the tenant's and the key's rate limits, each taken in one atomic step of its counter: requests per
 * minute and per hour, tokens per minute (the call's input tokens counted plus the most it may write, settled to
 * what it used when it ends), requests at once. A refused call gives back what it took and counts against nothing;
 * it is a {@link RateLimitExceededException}, which is never retried and never cools a deployment down. The
 * caller's standing goes on the call, for the {@code x-ratelimit-*} headers.
 */
final class RateLimiting implements Interceptor {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration HOUR = Duration.ofHours(1);

  private final Limits gateway;
  private final WindowCounter windows;
  private final ParallelCounter parallel;
  private final CallEstimates estimates;

  RateLimiting(Limits gateway, WindowCounter windows, ParallelCounter parallel, CallEstimates estimates) {
    this.gateway = gateway == null ? Limits.NONE : gateway;
    this.windows = windows;
    this.parallel = parallel;
    this.estimates = estimates;
  }

  @Override
  public ChatResponse intercept(Chain chain) {
    CallContext call = chain.call();
    List<CallPolicy.Scoped<Limits>> scopes = new ArrayList<>(3);
    if (call.policy() != null) {
      scopes.addAll(call.policy().limits());
    }
    if (!gateway.none()) {
      scopes.add(new CallPolicy.Scoped<>("the gateway", StateKey.owner("gateway", null), gateway));
    }
    if (scopes.isEmpty()) {
      return chain.proceed(chain.request());
    }
    Held held = take(scopes, chain.request(), call);
    call.rateLimits(held.status());
    try {
      ChatResponse response = chain.proceed(chain.request());
      held.settleTokens(call.cacheHit() ? 0 : response.usage().totalTokens());
      return response;
    } catch (Throwable t) {
      held.settleTokens(call.outputStarted() ? call.producedUsage().totalTokens() : 0);
      throw t;
    } finally {
      held.releaseParallel();
    }
  }

  private Held take(List<CallPolicy.Scoped<Limits>> scopes, ChatRequest request, CallContext call) {
    Instant now = call.clock().instant();
    Held held = new Held(now);
    try {
      for (CallPolicy.Scoped<Limits> scope : scopes) {
        Limits l = scope.value();
        if (l.requestsPerMinute() != null) {
          held.window(scope, "requests_per_minute", "requests", MINUTE, 1, l.requestsPerMinute());
        }
        if (l.requestsPerHour() != null) {
          held.window(scope, "requests_per_hour", "requests", HOUR, 1, l.requestsPerHour());
        }
        if (l.tokensPerMinute() != null) {
          held.window(scope, "tokens_per_minute", "tokens", MINUTE, estimates.maxTokens(request, call),
              l.tokensPerMinute());
        }
        if (l.maxParallelRequests() != null) {
          held.parallel(scope, l.maxParallelRequests());
        }
      }
      return held;
    } catch (RuntimeException e) {
      held.settleTokens(0);
      held.giveBackRequests();
      held.releaseParallel();
      throw e;
    }
  }

  /** What one call took from the counters, to settle or give back. */
  private final class Held {
    private final Instant now;
    private final List<Taken> windowsTaken = new ArrayList<>(4);
    private final List<String> slots = new ArrayList<>(1);
    private boolean tokensSettled;

    Held(Instant now) {
      this.now = now;
    }

    void window(CallPolicy.Scoped<Limits> scope, String name, String kind, Duration length, long amount,
                long limit) {
      Instant start = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), length.toMillis()) * length.toMillis());
      String key = scope.key() + ":" + name; // a StateKey
      WindowCounter.Outcome outcome = windows.tryAdd(key, start, length, amount, limit);
      Duration reset = Duration.between(now, start.plus(length));
      if (!outcome.added()) {
        List<RateLimitStatus> status = new ArrayList<>(status());
        status.removeIf(s -> s.kind().equals(kind));
        status.add(new RateLimitStatus(kind, limit, 0, reset));
        throw new RateLimitExceededException(scope.name() + ": " + name + " limit of " + limit + " reached"
            + (kind.equals("tokens") ? " (" + outcome.count() + " used, this call may take up to " + amount + ")"
            : "") + "; try again in " + seconds(reset) + " s", scope.name() + " " + name, limit, reset, status);
      }
      windowsTaken.add(new Taken(key, kind, start, length, amount, limit, outcome.count(), reset));
    }

    void parallel(CallPolicy.Scoped<Limits> scope, long limit) {
      String key = scope.key() + ":max_parallel_requests";
      if (!parallel.tryAcquire(key, limit)) {
        throw new RateLimitExceededException(scope.name() + ": max_parallel_requests limit of " + limit
            + " reached; try again when a call in flight has ended", scope.name() + " max_parallel_requests",
            limit, Duration.ofSeconds(1), status());
      }
      slots.add(key);
    }

    /** The tightest window of each kind. */
    List<RateLimitStatus> status() {
      List<RateLimitStatus> out = new ArrayList<>(2);
      for (String kind : List.of("requests", "tokens")) {
        Taken tightest = null;
        for (Taken t : windowsTaken) {
          if (t.kind.equals(kind) && (tightest == null || t.limit - t.count < tightest.limit - tightest.count)) {
            tightest = t;
          }
        }
        if (tightest != null) {
          out.add(new RateLimitStatus(kind, tightest.limit, tightest.limit - tightest.count, tightest.reset));
        }
      }
      return out;
    }

    void settleTokens(long used) {
      if (tokensSettled) {
        return;
      }
      tokensSettled = true;
      for (Taken t : windowsTaken) {
        if (t.kind.equals("tokens") && used != t.amount) {
          windows.add(t.key, t.start, t.length, used - t.amount);
        }
      }
    }

    void giveBackRequests() {
      for (Taken t : windowsTaken) {
        if (t.kind.equals("requests")) {
          windows.add(t.key, t.start, t.length, -t.amount);
        }
      }
    }

    void releaseParallel() {
      slots.forEach(parallel::release);
      slots.clear();
    }
  }

  private record Taken(String key, String kind, Instant start, Duration length, long amount, long limit, long count,
                       Duration reset) {}

  /** Whole seconds, rounded up, at least 1: what a {@code retry-after} header says. */
  static long seconds(Duration d) {
    long s = (d.toMillis() + 999) / 1000;
    return Math.max(1, s);
  }
}
