package dev.llmrouter.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.Usage;
import dev.llmrouter.spi.state.SpendRecord;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** How the spend log's writer is asked to write: one full batch, one flush asked for, whatever the calls do. */
class JdbcSpendLogTest {
  private static final int BATCH = JdbcSpendLog.BATCH;

  @TempDir
  Path dir;
  private final JdbcDataSource db = new JdbcDataSource();
  private final ScheduledThreadPoolExecutor writer = new ScheduledThreadPoolExecutor(1);

  @BeforeEach
  void database(TestInfo test) {
    db.setURL("jdbc:h2:mem:" + test.getTestMethod().orElseThrow().getName() + TenantStore.H2_DIALECT
        + ";DB_CLOSE_DELAY=-1");
    db.setUser("sa");
    TenantStore.migrate(db);
  }

  @AfterEach
  void stop() throws SQLException {
    writer.shutdownNow();
    try (Connection c = db.getConnection()) {
      c.createStatement().execute("SHUTDOWN");
    }
  }

  @Test
  void callsThatFindAFullBatchWaitingAskTheWriterOnceAndItWritesFullBatches() throws Exception {
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch free = new CountDownLatch(1);
    writer.execute(() -> { // the writer is busy (a slow batch, say) while calls go on recording
      busy.countDown();
      await(free);
    });
    busy.await();
    List<Integer> batches = new CopyOnWriteArrayList<>();
    try (JdbcSpendLog log = new JdbcSpendLog(db, Duration.ofHours(1), new SpendSpool(dir.resolve("spool")), writer)) {
      log.observe((nanos, records, failed) -> batches.add(failed ? -records : records));
      for (int i = 0; i < 3 * BATCH; i++) {
        log.record(record(i));
      }
      try { // the periodic flush and one asked for, not one a call from the 500th on
        assertThat(writer.getQueue()).hasSize(2);
      } finally {
        free.countDown();
      }
      writer.submit(() -> {}).get(10, TimeUnit.SECONDS); // the asked flush has run
      assertThat(batches).containsExactly(BATCH, BATCH, BATCH);
      assertThat(rows()).isEqualTo(3 * BATCH);

      for (int i = 3 * BATCH; i < 4 * BATCH; i++) { // the next full batch asks again
        log.record(record(i));
      }
      writer.submit(() -> {}).get(10, TimeUnit.SECONDS);
      assertThat(batches).containsExactly(BATCH, BATCH, BATCH, BATCH);
      assertThat(rows()).isEqualTo(4 * BATCH);
      assertThat(log.pending()).isZero();
    }
  }

  private int rows() throws SQLException {
    try (Connection c = db.getConnection(); ResultSet r = c.createStatement().executeQuery(
        "SELECT count(*) FROM spend_log")) {
      r.next();
      return r.getInt(1);
    }
  }

  private static SpendRecord record(int i) {
    return new SpendRecord("call-" + i, Instant.parse("2026-12-07T10:00:00Z"), "eng", null, "chat", "chat#0",
        "gpt-4o-mini", Usage.of(7, 10), new BigDecimal("0.01"), "success", null, Duration.ofMillis(5), null, false,
        false, null, null, "openai", "test-client/1.0", 1, Duration.ofMillis(4));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
