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
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes spend records off the calls' threads: queued, then inserted in batches every {@code interval} (and when
 * {@value #BATCH} are waiting) by one writer thread; {@link #flush()} and {@link #close()} write what is queued at
 * once. A record is kept once per call id, so a batch retried after a failure never counts a call twice. When the queue is full, the caller's thread writes its record itself rather than drop
 * it. A crash loses at most the records of the last interval.
 */
final class JdbcSpendLog implements SpendLog, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcSpendLog.class);
  static final int BATCH = 500;
  private static final String COLUMNS = "(call_id, call_time, tenant_id, key_id, model, "
      + "deployment_id, provider_model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, "
      + "reasoning_tokens, cost, status, error_type, latency_ms, ttft_ms, stream, cache_hit, end_user, session_tag) ";
  private static final String VALUES = "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  /** PostgreSQL: a call id already there is skipped. */
  private static final String INSERT_POSTGRES = "INSERT INTO spend_log " + COLUMNS + VALUES + " ON CONFLICT DO NOTHING";
  /**
   * H2: MERGE on the key, a primary-key lookup (H2 takes ON CONFLICT DO NOTHING only without a target, in its
   * PostgreSQL mode); a call id already there is written again with the same values.
   */
  private static final String INSERT_H2 = "MERGE INTO spend_log " + COLUMNS + "KEY (call_id) " + VALUES;

  private final DataSource pool;
  private final BlockingQueue<SpendRecord> queue = new ArrayBlockingQueue<>(50_000);
  private final ScheduledExecutorService writer;
  private final Object writing = new Object();

  JdbcSpendLog(DataSource pool, Duration interval) {
    this.pool = pool;
    this.writer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "llm-router-spend-log");
      t.setDaemon(true);
      return t;
    });
    long millis = Math.max(10, interval.toMillis());
    writer.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void record(SpendRecord record) {
    if (!queue.offer(record)) {
      write(List.of(record)); // the writer is behind: better slow than lost
      return;
    }
    if (queue.size() >= BATCH) {
      writer.execute(this::flushQuietly);
    }
  }

  /** Writes everything queued; a failure leaves the unwritten records queued and is thrown. */
  void flush() {
    synchronized (writing) {
      List<SpendRecord> batch = new ArrayList<>(BATCH);
      while (queue.drainTo(batch, BATCH) > 0) {
        try {
          write(batch);
        } catch (RuntimeException e) {
          queue.addAll(batch.subList(0, Math.min(batch.size(), queue.remainingCapacity())));
          throw e;
        }
        batch.clear();
      }
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("spend log: {} records wait for the database: {}", queue.size(), e.getMessage());
    }
  }

  private void write(List<SpendRecord> batch) {
    try (Connection c = pool.getConnection(); PreparedStatement st = c.prepareStatement(
        c.getMetaData().getDatabaseProductName().equals("H2") ? INSERT_H2 : INSERT_POSTGRES)) {
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
        st.addBatch();
      }
      st.executeBatch();
      c.commit(); // one transaction a batch, not one a row
    } catch (SQLException e) {
      throw new StoreException(StoreException.Kind.UNAVAILABLE, "cannot write spend records: " + e.getMessage(), e);
    }
  }

  /** Stops the writer after writing what is queued. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
  }
}
