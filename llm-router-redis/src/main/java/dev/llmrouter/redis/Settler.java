package dev.llmrouter.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Settlements (a budget's commit or release, a window's correction) that ride along with the next check: a call
 * that ends queues its settlement, and the next call's check sends what is queued in the same pipeline, before its
 * own script: one round trip instead of two, and no extra thread woken while the proxy is busy. What no check takes
 * within {@link #LINGER} is sent by the housekeeping thread. A settlement is idempotent (a marker per reservation) or
 * a plain addition, so one that Redis did not take is handed to its fallback (queued for replay). A graceful stop
 * ({@link #close}) sends what is queued.
 */
final class Settler implements AutoCloseable {
  static final long LINGER_MILLIS = 2;
  private static final int BATCH = 256;

  /** One settlement. */
  interface Op {
    /** Queues its command on {@code pipeline}. */
    Response<Object> send(UnifiedJedis redis, AbstractPipeline pipeline);

    /** Runs it alone: after Redis answered NOSCRIPT (it restarted and forgot the script). */
    void run(UnifiedJedis redis);

    /**
     * Redis did not take it: what to do instead.
     *
     * @param ambiguous it was sent, and Redis may have done it when it resumed
     */
    void away(boolean ambiguous);
  }

  private final Availability redis;
  private final ScheduledExecutorService housekeeping;
  private final Queue<Op> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean flushScheduled = new AtomicBoolean();
  private final AtomicLong submitted = new AtomicLong();
  private final AtomicLong done = new AtomicLong();
  private volatile boolean closed;

  Settler(Availability redis, ScheduledExecutorService housekeeping) {
    this.redis = redis;
    this.housekeeping = housekeeping;
  }

  void submit(Op op) {
    submitted.incrementAndGet();
    if (redis.away()) {
      op.away(false);
      done.incrementAndGet();
      return;
    }
    queue.add(op);
    if (closed) {
      flush();
    } else if (flushScheduled.compareAndSet(false, true)) {
      try {
        housekeeping.schedule(this::lingered, LINGER_MILLIS, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        flushScheduled.set(false);
        flush();
      }
    }
  }

  private void lingered() {
    flushScheduled.set(false);
    try {
      flush();
    } catch (RuntimeException e) {
      // handed to the fallbacks
    }
  }

  /** Settlements queued and not yet sent. */
  int queued() {
    return queue.size();
  }

  /**
   * Runs {@code script} on Redis with what is queued sent first in the same pipeline: a check that carries the
   * settlements before it. Throws {@link Availability.Away} as {@link Availability#call} does.
   */
  Object runWith(Scripts.Script script, List<String> keys, List<String> args) {
    List<Op> ops = drain();
    try {
      return redis.call(j -> {
        Response<Object> mine;
        List<Response<Object>> answers = new ArrayList<>(ops.size());
        try (AbstractPipeline p = j.pipelined()) {
          for (Op op : ops) {
            answers.add(op.send(j, p));
          }
          mine = script.send(j, p, keys, args);
          p.sync();
        }
        settled(j, ops, answers);
        try {
          return mine.get();
        } catch (JedisNoScriptException e) {
          return script.run(j, keys, args);
        }
      });
    } catch (Availability.Away away) {
      ops.forEach(op -> op.away(away.ambiguous()));
      throw away;
    } finally {
      done.addAndGet(ops.size());
    }
  }

  /** Sends what is queued now. */
  void flush() {
    List<Op> ops;
    while (!(ops = drain()).isEmpty()) {
      List<Op> batch = ops;
      try {
        redis.call(j -> {
          List<Response<Object>> answers = new ArrayList<>(batch.size());
          try (AbstractPipeline p = j.pipelined()) {
            for (Op op : batch) {
              answers.add(op.send(j, p));
            }
            p.sync();
          }
          settled(j, batch, answers);
          return null;
        });
      } catch (Availability.Away away) {
        batch.forEach(op -> op.away(away.ambiguous()));
      } finally {
        done.addAndGet(batch.size());
      }
    }
  }

  private static void settled(UnifiedJedis j, List<Op> ops, List<Response<Object>> answers) {
    for (int i = 0; i < answers.size(); i++) {
      try {
        answers.get(i).get();
      } catch (JedisNoScriptException e) {
        ops.get(i).run(j);
      }
    }
  }

  private List<Op> drain() {
    List<Op> ops = new ArrayList<>();
    Op op;
    while (ops.size() < BATCH && (op = queue.poll()) != null) {
      ops.add(op);
    }
    return ops;
  }

  /** Waits until what was submitted before this call was sent (or handed to its fallback): read your writes. */
  void awaitSent() {
    long target = submitted.get();
    if (done.get() < target) {
      flush();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (done.get() < target && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
    }
  }

  /** Sends what is queued; later settlements are sent at once. */
  @Override
  public void close() {
    closed = true;
    flush();
  }
}
