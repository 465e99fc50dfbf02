package dev.llmrouter.store;

import dev.llmrouter.spi.state.SpendLog;
import dev.llmrouter.spi.state.SpendRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes spend records off the calls' threads: queued, then inserted in batches every {@code interval} (and when
 * {@value #BATCH} are waiting) by one writer thread; {@link #flush()} and {@link #close()} write what is queued at
 * once. A record is kept once per call id, so a batch retried after a failure never counts a call twice.
 *
 * <p>While the database is away, records wait in the queue (at most {@value #CAPACITY}); when it is full, the queue
 * goes to the {@link SpendSpool} on local disk, and so does what is queued at a stop that finds the database away.
 * Spooled records are written first when the database answers again, here or at the next start. A call never waits
 * on the database for its record, and none is dropped; a crash (not a stop) loses at most the last interval's.
 */
final class JdbcSpendLog implements SpendLog, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcSpendLog.class);
  static final int BATCH = 500;
  static final int CAPACITY = 50_000;
  private static final String COLUMNS = "(call_id, call_time, tenant_id, key_id, model, "
      + "deployment_id, provider_model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, "
      + "reasoning_tokens, cost, status, error_type, latency_ms, ttft_ms, stream, cache_hit, end_user, session_tag, "
      + "ingress, client, attempts, upstream_ms) ";
  private static final String VALUES = "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      + "?)";
  /** PostgreSQL: a call id already there is skipped. */
  private static final String INSERT_POSTGRES = "INSERT INTO spend_log " + COLUMNS + VALUES + " ON CONFLICT DO NOTHING";
  /**
   * H2: a plain INSERT first, then, for a batch that holds a call id already there (written again after a failure),
   * MERGE on the key, which writes it again with the same values. H2 takes ON CONFLICT DO NOTHING only without a
   * target, in its PostgreSQL mode, and then scans the table; MERGE updates before it inserts, a second lookup of every
   * row.
   */
  private static final String INSERT_H2 = "INSERT INTO spend_log " + COLUMNS + VALUES;
  private static final String MERGE_H2 = "MERGE INTO spend_log " + COLUMNS + "KEY (call_id) " + VALUES;

  private final DataSource pool;
  private final BlockingQueue<SpendRecord> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final ScheduledExecutorService writer;
  private final Object writing = new Object();
  private final SpendSpool spool;
  private volatile boolean failing;
  /**
   * Whether a flush was asked for and has not started: without it, every call that finds a batch waiting asks the
   * writer again until the writer has drained, and the writer then runs a string of small batches (each a
   * transaction and a look at the spool) behind the full one.
   */
  private final AtomicBoolean flushAsked = new AtomicBoolean();
  private volatile TenantStore.Observer observer = TenantStore.Observer.NONE;

  void observe(TenantStore.Observer o) {
    this.observer = o;
  }

  JdbcSpendLog(DataSource pool, Duration interval, SpendSpool spool) {
    this(pool, interval, spool, Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "llm-router-spend-log");
      t.setDaemon(true);
      return t;
    }));
  }

  /** With the {@code writer} to run the writes on, one thread; it is shut down by {@link #close()}. */
  JdbcSpendLog(DataSource pool, Duration interval, SpendSpool spool, ScheduledExecutorService writer) {
    this.pool = pool;
    this.spool = spool;
    this.writer = writer;
    long millis = Math.max(10, interval.toMillis());
    writer.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void record(SpendRecord record) {
    while (!queue.offer(record)) {
      spillQueue(); // the database is away and the queue full: to disk, not lost, and the call does not wait
    }
    if (queue.size() >= BATCH && !failing && flushAsked.compareAndSet(false, true)) {
      writer.execute(this::askedFlush); // once: the calls behind this one find it asked until the writer starts
    }
  }

  /** The flush a full batch asked for; a call may ask again from its start, for what comes while it writes. */
  private void askedFlush() {
    flushAsked.set(false);
    flushQuietly();
  }

  /** Records queued in memory. */
  int pending() {
    return queue.size();
  }

  /** Records spooled to disk, waiting for the database. */
  long spooled() {
    return spool.count();
  }

  /** Whether the last write failed (the database is away). */
  boolean failing() {
    return failing;
  }

  private void spillQueue() {
    List<SpendRecord> all = new ArrayList<>(queue.size());
    queue.drainTo(all);
    spool.spill(all);
    LOG.warn("spend log: the database is away and {} records were queued; spooled them to {}", all.size(),
        spool.dir());
  }

  /**
   * Writes the spooled records, then everything queued; a failure leaves the unwritten records spooled or queued and
   * is thrown.
   */
  void flush() {
    synchronized (writing) {
      try {
        spool.drain(this::write);
      } catch (RuntimeException e) {
        failing = true;
        throw e;
      }
      List<SpendRecord> batch = new ArrayList<>(BATCH);
      while (queue.drainTo(batch, BATCH) > 0) {
        try {
          write(batch);
        } catch (RuntimeException e) {
          failing = true;
          int back = Math.min(batch.size(), queue.remainingCapacity());
          queue.addAll(batch.subList(0, back));
          spool.spill(batch.subList(back, batch.size()));
          throw e;
        }
        batch.clear();
      }
      failing = false;
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("spend log: {} records wait for the database: {}", queue.size(), e.getMessage());
    }
  }

  /** One transaction; once more on a fresh connection when the first was broken (a database that came back). */
  private void write(List<SpendRecord> batch) {
    long start = System.nanoTime();
    try {
      writeBatch(batch);
      observer.write(System.nanoTime() - start, batch.size(), false);
    } catch (RuntimeException e) {
      observer.write(System.nanoTime() - start, batch.size(), true);
      throw e;
    }
  }

  private void writeBatch(List<SpendRecord> batch) {
    try {
      writeOnce(batch);
    } catch (StoreException e) {
      if (!brokenConnection(e.getCause())) {
        throw e;
      }
      if (pool instanceof com.zaxxer.hikari.HikariDataSource h && h.getHikariPoolMXBean() != null) {
        h.getHikariPoolMXBean().softEvictConnections(); // the idle ones are as dead as this one
      }
      writeOnce(batch);
    }
  }

  /** Whether a failure was the connection breaking (SQL state class 08), not the statement. */
  static boolean brokenConnection(Throwable t) {
    for (Throwable x = t; x != null; x = x.getCause()) {
      if (x instanceof SQLException q) {
        for (SQLException n = q; n != null; n = n.getNextException()) {
          if (n.getSQLState() != null && n.getSQLState().startsWith("08")) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private void writeOnce(List<SpendRecord> batch) {
    try (Connection c = pool.getConnection()) {
      if (!c.getMetaData().getDatabaseProductName().equals("H2")) {
        writeOnce(c, INSERT_POSTGRES, batch);
        return;
      }
      try {
        writeOnce(c, INSERT_H2, batch);
      } catch (SQLException e) {
        c.rollback();
        if (!duplicateKey(e)) {
          throw e;
        }
        writeOnce(c, MERGE_H2, batch);
      }
    } catch (SQLException e) {
      throw new StoreException(StoreException.Kind.UNAVAILABLE, "cannot write spend records: " + e.getMessage(), e);
    }
  }

  /** Whether a failure was a key already there (SQL state 23505). */
  private static boolean duplicateKey(SQLException e) {
    for (Throwable x = e; x != null; x = x.getCause()) {
      if (x instanceof SQLException q) {
        for (SQLException n = q; n != null; n = n.getNextException()) {
          if ("23505".equals(n.getSQLState())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static void writeOnce(Connection c, String sql, List<SpendRecord> batch) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      c.setAutoCommit(false);
      for (SpendRecord r : batch) {
        st.setString(1, r.callId());
        st.setObject(2, OffsetDateTime.ofInstant(r.time(), ZoneOffset.UTC));
        st.setString(3, r.tenantId());
        st.setString(4, r.keyId());
        st.setString(5, r.alias());
        st.setString(6, r.deploymentId());
        st.setString(7, r.providerModel());
        st.setLong(8, r.usage().inputTokens());
        st.setLong(9, r.usage().outputTokens());
        st.setLong(10, r.usage().cacheReadTokens());
        st.setLong(11, r.usage().cacheWriteTokens());
        st.setLong(12, r.usage().reasoningTokens());
        if (r.cost() == null) {
          st.setNull(13, Types.NUMERIC);
        } else {
          st.setBigDecimal(13, r.cost());
        }
        st.setString(14, r.status());
        st.setString(15, r.errorType());
        st.setLong(16, r.latency() == null ? 0 : r.latency().toMillis());
        if (r.timeToFirstToken() == null) {
          st.setNull(17, Types.BIGINT);
        } else {
          st.setLong(17, r.timeToFirstToken().toMillis());
        }
        st.setBoolean(18, r.stream());
        st.setBoolean(19, r.cacheHit());
        st.setString(20, r.endUser());
        st.setString(21, r.session());
        st.setString(22, r.ingress());
        st.setString(23, r.client());
        st.setInt(24, r.attempts());
        st.setLong(25, r.upstreamLatency().toMillis());
        st.addBatch();
      }
      st.executeBatch();
      c.commit(); // one transaction a batch, not one a row
    }
  }

  /** Stops the writer after writing what is queued; what the database does not take is spooled to disk. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      flush();
    } catch (RuntimeException e) {
      synchronized (writing) {
        List<SpendRecord> all = new ArrayList<>(queue.size());
        queue.drainTo(all);
        spool.spill(all);
        LOG.warn("spend log: the database is away at stop; {} records spooled to {}, written at the next start",
            all.size(), spool.dir());
      }
    }
  }
}
