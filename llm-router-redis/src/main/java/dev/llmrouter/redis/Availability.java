package dev.llmrouter.redis;

import dev.llmrouter.api.StateUnavailableException;
import dev.llmrouter.config.RedisSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Whether Redis answers, and what a call does when it does not. The first failure (refused, reset, or no answer
 * within {@code redis_timeout}) marks Redis away: from then on calls do not wait on it at all, until a probe
 * ({@link #probe}, run every half second by {@link RedisState}) finds it back and the work queued meanwhile has been
 * replayed. So a call waits on an absent Redis at most once, for at most the timeout.
 */
final class Availability {
  private static final Logger LOG = LoggerFactory.getLogger(Availability.class);

  /**
   * Redis did not answer. Usually the operation was not done; when it was sent and the answer did not come in time
   * ({@link #ambiguous}), Redis may still do it once it resumes: the caller counts it as done (so a count made
   * elsewhere for it is not added again), and what it reserved comes back when its lease ends.
   */
  static final class Away extends RuntimeException {
    private final boolean ambiguous;

    Away(String message, Throwable cause, boolean ambiguous) {
      super(message, cause, false, false);
      this.ambiguous = ambiguous;
    }

    boolean ambiguous() {
      return ambiguous;
    }
  }

  private final UnifiedJedis redis;
  private final RedisSettings settings;
  private final Clock clock;
  private volatile boolean away;
  private volatile String reason = "";
  private volatile Instant awaySince;
  private final AtomicLong outages = new AtomicLong();
  private final AtomicLong fallbacks = new AtomicLong();
  private final AtomicLong refusals = new AtomicLong();

  Availability(UnifiedJedis redis, RedisSettings settings, Clock clock) {
    this.redis = redis;
    this.settings = settings;
    this.clock = clock;
  }

  /** Runs {@code op} on Redis; throws {@link Away} at once while Redis is away, or when {@code op} finds it so. */
  <T> T call(Function<UnifiedJedis, T> op) {
    if (away) {
      throw new Away(reason, null, false);
    }
    long start = System.nanoTime();
    try {
      T result = op.apply(redis);
      observer.operation(System.nanoTime() - start, false);
      return result;
    } catch (JedisDataException e) {
      observer.operation(System.nanoTime() - start, true);
      if (!unavailable(e)) {
        throw e; // Redis answered: a script or data error is a bug, not an outage
      }
      markAway(e);
      throw new Away(reason, e, false);
    } catch (JedisException e) {
      observer.operation(System.nanoTime() - start, true);
      markAway(e);
      throw new Away(reason, e, sentButUnanswered(e));
    }
  }

  private volatile RedisState.Observer observer = RedisState.Observer.NONE;

  void observe(RedisState.Observer o) {
    this.observer = o;
  }

  /** Redis answered that it cannot serve now: still loading its data, a replica after a failover, busy in a script. */
  private static boolean unavailable(JedisDataException e) {
    String m = String.valueOf(e.getMessage());
    return m.startsWith("LOADING") || m.startsWith("READONLY") || m.startsWith("MASTERDOWN") || m.startsWith("BUSY")
        || m.startsWith("CLUSTERDOWN") || m.startsWith("TRYAGAIN");
  }

  /** A read that timed out or broke: the command had gone out. A refused or timed-out connect had not. */
  private static boolean sentButUnanswered(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.ConnectException || t instanceof java.net.NoRouteToHostException
          || t instanceof java.util.NoSuchElementException) { // refused, or no pooled connection free in time
        return false;
      }
      if (t instanceof java.net.SocketTimeoutException s) {
        return s.getMessage() == null || !s.getMessage().contains("connect");
      }
    }
    return true;
  }

  /** Runs {@code op} whether or not Redis is marked away: for probes and replays. */
  <T> T direct(Function<UnifiedJedis, T> op) {
    return op.apply(redis);
  }

  boolean away() {
    return away;
  }

  void markAway(Throwable cause) {
    String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    reason = "Redis at " + settings.address() + " is unreachable (" + why + ")";
    if (!away) {
      away = true;
      awaySince = clock.instant();
      outages.incrementAndGet();
      LOG.warn("{}; limits and budgets now {}", reason, settings.failureMode() == RedisSettings.FailureMode.OPEN
          ? "count on this instance only (fail open) until it is back"
          : "refuse calls with a 503 (fail closed) until it is back");
    }
  }

  /** Marks Redis back, after the queued work was replayed. */
  void markBack() {
    if (away) {
      away = false;
      LOG.info("Redis at {} is back after {} ms", settings.address(),
          java.time.Duration.between(awaySince, clock.instant()).toMillis());
    }
  }

  /**
   * What an admission (a limit or a budget check) does while Redis is away: in fail-open mode, returns false so the
   * caller counts locally; in fail-closed mode, throws the 503.
   */
  boolean failOpen(Away away) {
    if (settings.failureMode() == RedisSettings.FailureMode.OPEN) {
      fallbacks.incrementAndGet();
      return true;
    }
    refusals.incrementAndGet();
    throw new StateUnavailableException("rate limits and budgets cannot be checked: " + away.getMessage()
        + "; this gateway fails closed (router_settings.redis_failure_mode: closed)", "redis", null);
  }

  long outages() {
    return outages.get();
  }

  long fallbacks() {
    return fallbacks.get();
  }

  long refusals() {
    return refusals.get();
  }
}
