package dev.llmrouter.providers.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Ends HTTP calls that pass their time limit, for all the deployments of a router, with one thread.
 *
 * <p>OkHttp's own call timeout puts every call in Okio's one watchdog queue, a heap behind a JVM-wide lock, and
 * takes it out again when the call ends: measured in the proxy on one core, about 13% of its CPU per request. Its
 * read timeout does the same for every socket read, and wakes the watchdog's thread when the read's limit is the
 * earliest. Here a call is added to the bucket of its deadline, rounded up to {@link #TICK} (calls with the same
 * timeout share buckets), and removed when it ends, both without a lock. One thread sleeps until the earliest bucket
 * is due and cancels what is still in it; a call ends at most one tick after its limit.
 *
 * <p>A stream has a second limit, on the time without a byte ({@link #startStream}): each read only notes its time
 * ({@link Deadline#touch()}), and when the stream's bucket comes due a stream that read since goes to the bucket of
 * its new limit instead of being cancelled, so a stream moves once per idle limit, not once per read.
 */
public final class CallDeadlines implements AutoCloseable {
  /** How late past its limit a call may end. */
  static final Duration TICK = Duration.ofMillis(10);
  private static final long TICK_NANOS = TICK.toNanos();

  private final ConcurrentSkipListMap<Long, Set<Deadline>> buckets = new ConcurrentSkipListMap<>();
  private final LongSupplier nanoTime;
  /** Whether a thread sweeps; it starts with the first call timed, so an unused transport has none. */
  private final boolean sweeps;
  private volatile Thread sweeper;
  /** The bucket the sweeper sleeps until; {@link Long#MAX_VALUE} while it waits for any. */
  private volatile long wakeAt = Long.MAX_VALUE;
  private volatile boolean closed;

  public CallDeadlines() {
    this(System::nanoTime, true);
  }

  /** With {@code sweeps} false no thread runs: a test calls {@link #sweep()} with its own time. */
  CallDeadlines(LongSupplier nanoTime, boolean sweeps) {
    this.nanoTime = nanoTime;
    this.sweeps = sweeps;
  }

  private Thread sweeper() {
    Thread t = sweeper;
    if (t == null && sweeps) {
      synchronized (this) {
        t = sweeper;
        if (t == null && !closed) {
          t = new Thread(this::run, "llm-router-call-deadlines");
          t.setDaemon(true);
          t.start();
          sweeper = t;
        }
      }
    }
    return t;
  }

  /** Starts the limit of {@code cancel}, a call, now; close what is returned when the call has ended. */
  public Deadline start(Runnable cancel, Duration timeout) {
    long now = nanoTime.getAsLong();
    return add(new Deadline(cancel, now + Math.max(1, timeout.toNanos()), 0, now));
  }

  /**
   * Starts a stream's limits now: {@code whole} for all of it (none when null), and {@code idle} from its start or
   * its last {@link Deadline#touch()} to the next. Close what is returned when the stream has ended.
   */
  public Deadline startStream(Runnable cancel, Duration whole, Duration idle) {
    long now = nanoTime.getAsLong();
    long wholeDue = whole == null ? Long.MAX_VALUE : now + Math.max(1, whole.toNanos());
    return add(new Deadline(cancel, wholeDue, Math.max(1, idle.toNanos()), now));
  }

  private Deadline add(Deadline d) {
    long bucket = bucketOf(d.due());
    d.bucket = bucket;
    Set<Deadline> set = buckets.computeIfAbsent(bucket, b -> ConcurrentHashMap.newKeySet());
    set.add(d);
    if (buckets.get(bucket) != set) { // the sweeper took the bucket meanwhile: only a due one is taken
      d.expire();
      return d;
    }
    Thread t = sweeper();
    if (t != null && bucket < wakeAt) {
      LockSupport.unpark(t);
    }
    return d;
  }

  /** The first bucket that is due at or after {@code nanos}. */
  private static long bucketOf(long nanos) {
    return Math.floorDiv(nanos, TICK_NANOS) + 1;
  }

  /** Cancels every call whose bucket is due, and moves the streams that read since; returns how many it cancelled. */
  int sweep() {
    long nanos = nanoTime.getAsLong();
    long now = Math.floorDiv(nanos, TICK_NANOS);
    int ended = 0;
    for (Map.Entry<Long, Set<Deadline>> due; (due = buckets.firstEntry()) != null && due.getKey() <= now; ) {
      buckets.remove(due.getKey(), due.getValue());
      for (Deadline d : due.getValue()) {
        long next = d.due();
        if (next > nanos) {
          d.move(bucketOf(next));
        } else if (d.expire()) {
          ended++;
        }
      }
    }
    return ended;
  }

  /** Calls being timed now. */
  int size() {
    int n = 0;
    for (Set<Deadline> s : buckets.values()) {
      n += s.size();
    }
    return n;
  }

  private void run() {
    while (!closed) {
      sweep();
      Map.Entry<Long, Set<Deadline>> first = buckets.firstEntry();
      if (first == null) {
        wakeAt = Long.MAX_VALUE;
        if (buckets.isEmpty()) { // a call added since firstEntry() unparks us, or we see it here
          LockSupport.park(this);
        }
      } else {
        wakeAt = first.getKey();
        long sleep = first.getKey() * TICK_NANOS - nanoTime.getAsLong();
        if (sleep > 0) {
          LockSupport.parkNanos(this, sleep);
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    Thread t = sweeper;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /** One call's limit, or a stream's two. */
  public final class Deadline implements AutoCloseable {
    private final Runnable cancel;
    /** When the whole call must have ended ({@link Long#MAX_VALUE}: a stream without a limit of its own). */
    private final long wholeDue;
    /** The longest time without a byte; 0 for a plain call. */
    private final long idleNanos;
    /** When the last byte came (the start, before any). */
    private volatile long lastRead;
    /** The bucket this deadline is in; only the sweeper moves it, once it is out of its old one. */
    private volatile long bucket;
    private volatile boolean expired;
    private volatile boolean ended;

    private Deadline(Runnable cancel, long wholeDue, long idleNanos, long start) {
      this.cancel = cancel;
      this.wholeDue = wholeDue;
      this.idleNanos = idleNanos;
      this.lastRead = start;
    }

    /** When this call is due, as of its last byte. */
    private long due() {
      return idleNanos == 0 ? wholeDue : Math.min(wholeDue, lastRead + idleNanos);
    }

    /** A stream's bytes came: its idle limit starts again. Only a volatile write: the sweeper reads it when due. */
    public void touch() {
      if (idleNanos != 0) {
        lastRead = nanoTime.getAsLong();
      }
    }

    /** Puts this stream, taken out of its due bucket, in {@code to}; it stays out when it ended meanwhile. */
    private void move(long to) {
      bucket = to;
      Set<Deadline> set = buckets.computeIfAbsent(to, b -> ConcurrentHashMap.newKeySet());
      set.add(this);
      if (ended) { // close() may have looked in the old bucket: take it out here
        set.remove(this);
      }
    }

    /** Whether the limit passed before the call ended: its failure is a timeout. */
    public boolean passed() {
      return expired;
    }

    private synchronized boolean expire() {
      if (ended || expired) {
        return false;
      }
      expired = true;
      cancel.run();
      return true;
    }

    /** The call has ended: its limit no longer runs. */
    @Override
    public void close() {
      ended = true;
      Set<Deadline> s = buckets.get(bucket);
      if (s != null) {
        s.remove(this);
        // an empty bucket stays until it is due; the sweeper drops it then
      }
    }
  }
}
