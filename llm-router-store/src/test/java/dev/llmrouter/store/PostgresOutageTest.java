package dev.llmrouter.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.Usage;
import dev.llmrouter.policy.KeyPolicy;
import dev.llmrouter.policy.TenantPolicy;
import dev.llmrouter.spi.state.KeyHash;
import dev.llmrouter.spi.state.SpendRecord;
import dev.llmrouter.testing.FakeClock;
import dev.llmrouter.testing.TcpRelay;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL going away under the store (a relay the test cuts) and coming back: spend records wait, in memory and
 * on disk, and none is lost or written twice; keys that worked keep working from their last reading.
 */
class PostgresOutageTest {
  private final String schema = "llm_router_outage_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
  private final FakeClock clock = new FakeClock();
  private TcpRelay relay;
  @TempDir
  Path spool;

  @BeforeEach
  void setUp() throws Exception {
    try (Connection c = DriverManager.getConnection(PostgresStoreTest.URL, "postgres", "");
         Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    }
    relay = new TcpRelay(5432);
  }

  @AfterEach
  void tearDown() throws Exception {
    relay.close();
    try (Connection c = DriverManager.getConnection(PostgresStoreTest.URL, "postgres", "");
         Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  private TenantStore open() {
    return TenantStore.open("jdbc:postgresql://127.0.0.1:" + relay.port() + "/test?currentSchema=" + schema
        + "&connectTimeout=1&socketTimeout=2", "postgres", "", clock, Duration.ofMinutes(10), spool);
  }

  private long rows() throws SQLException {
    try (Connection c = DriverManager.getConnection(PostgresStoreTest.URL + "?currentSchema=" + schema, "postgres", "");
         Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*), SUM(cost) FROM spend_log")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private SpendRecord record(int i) {
    return new SpendRecord("call-" + i, clock.instant(), "eng", null, "chat", "chat#0", "gpt-4o-mini",
        Usage.of(7, 10), new BigDecimal("0.01"), "success", null, Duration.ofMillis(5), null, false, false, null,
        null, "openai", "test-client/1.0", 1, Duration.ofMillis(4));
  }

  @Test
  void recordsWaitWhileTheDatabaseIsAwayAndAreWrittenOnceWhenItIsBack() throws Exception {
    TenantStore store = open();
    for (int i = 0; i < 10; i++) {
      store.spendLog().record(record(i));
    }
    store.flush();
    relay.cut();
    for (int i = 10; i < 30; i++) {
      store.spendLog().record(record(i)); // the call never waits on the database
    }
    assertThatThrownBy(store::flush).isInstanceOf(StoreException.class);
    TenantStore.SpendLogStatus away = store.spendLogStatus();
    assertThat(away.failing()).isTrue();
    assertThat(away.queued()).isEqualTo(20);
    relay.restore();
    store.flush();
    assertThat(store.spendLogStatus()).isEqualTo(new TenantStore.SpendLogStatus(0, 0, false));
    assertThat(rows()).isEqualTo(30);
    store.close();
  }

  @Test
  void aStopWhileTheDatabaseIsAwaySpoolsToDiskAndTheNextStartWritesThem() throws Exception {
    TenantStore store = open();
    store.spendLog().record(record(0));
    store.flush();
    relay.cut();
    for (int i = 1; i < 25; i++) {
      store.spendLog().record(record(i));
    }
    store.close(); // a graceful stop: the 24 go to the spool, not lost
    try (var files = Files.list(spool)) {
      assertThat(files.filter(p -> p.toString().endsWith(".spend")).count()).isEqualTo(1);
    }
    assertThat(rows()).isEqualTo(1);
    relay.restore();
    TenantStore next = open(); // the next start writes what was spooled
    assertThat(rows()).isEqualTo(25);
    try (var files = Files.list(spool)) {
      assertThat(files.filter(p -> p.toString().endsWith(".spend")).count()).isZero();
    }
    next.close();
  }

  @Test
  void keysThatWorkedKeepWorkingWhileTheDatabaseIsAway() throws Exception {
    TenantStore store = open();
    store.createTenant(TenantPolicy.unrestricted("eng"));
    TenantStore.NewKey key = store.createKey(KeyPolicy.of("k", "eng"), null);
    assertThat(store.keyByHash(KeyHash.of(key.key()))).isPresent();
    assertThat(store.reachable()).isTrue();
    relay.cut();
    clock.advance(Duration.ofSeconds(5)); // past the 1 s the answer is fresh for
    assertThat(store.keyByHash(KeyHash.of(key.key()))).as("its last reading").isPresent();
    assertThat(store.keyByHash(KeyHash.of(key.key()))).isPresent(); // without waiting on the database again
    assertThat(store.reachable()).isFalse();
    assertThatThrownBy(() -> store.keyByHash(KeyHash.of("sk-never-seen"))).isInstanceOf(StoreException.class)
        .hasMessageNotContaining("sk-never-seen");
    relay.restore();
    clock.advance(TenantStore.RETRY_AWAY);
    assertThat(store.keyByHash(KeyHash.of("sk-never-seen"))).isEmpty();
    store.close();
  }
}
