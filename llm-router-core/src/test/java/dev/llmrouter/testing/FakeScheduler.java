package dev.llmrouter.testing;

import dev.failsafe.spi.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs retries at once instead of waiting: each requested delay is recorded and the fake clock is advanced by
 * it, so tests see exactly how long the router would have waited without sleeping.
 */
public final class FakeScheduler implements Scheduler, AutoCloseable {
  private final FakeClock clock;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fake-scheduler");
    t.setDaemon(true);
    return t;
  });
  private final List<Duration> delays = new CopyOnWriteArrayList<>();

  public FakeScheduler(FakeClock clock) {
    this.clock = clock;
  }

  /** The non-zero waits the router asked for, in order. */
  public List<Duration> waits() {
    return delays.stream().filter(d -> !d.isZero()).toList();
  }

  @Override
  public ScheduledFuture<?> schedule(Callable<?> callable, long delay, TimeUnit unit) {
    Duration d = Duration.ofNanos(unit.toNanos(delay));
    delays.add(d);
    clock.advance(d);
    FutureTask<Object> task = new FutureTask<>(callable::call);
    executor.execute(task);
    return new Scheduled(task);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  private record Scheduled(FutureTask<Object> task) implements ScheduledFuture<Object> {
    @Override
    public long getDelay(TimeUnit unit) {
      return 0;
    }

    @Override
    public int compareTo(Delayed o) {
      return 0;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return task.cancel(mayInterruptIfRunning);
    }

    @Override
    public boolean isCancelled() {
      return task.isCancelled();
    }

    @Override
    public boolean isDone() {
      return task.isDone();
    }

    @Override
    public Object get() throws InterruptedException, ExecutionException {
      return task.get();
    }

    @Override
    public Object get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
      return task.get(timeout, unit);
    }
  }
}
