package dev.llmrouter.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The store contract on the PostgreSQL server of this machine (127.0.0.1:5432, trust auth, database {@code test}),
 * each test in a schema of its own, dropped afterwards.
 */
class PostgresStoreTest extends StoreContract {
  static final String URL = System.getProperty("llmrouter.test.postgres", "jdbc:postgresql://127.0.0.1:5432/test");
  private final String schema = "llm_router_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);

  @BeforeEach
  void createSchema() throws SQLException {
    try (Connection c = DriverManager.getConnection(URL, "postgres", ""); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    }
  }

  @AfterEach
  void dropSchema() throws SQLException {
    closeStore(); // before its schema goes
    try (Connection c = DriverManager.getConnection(URL, "postgres", ""); Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  @Override
  TenantStore open(Clock clock) {
    return TenantStore.open(URL + "?currentSchema=" + schema, "postgres", "", clock, Duration.ofMinutes(10));
  }

  @Override
  Connection connect() throws SQLException {
    return DriverManager.getConnection(URL + "?currentSchema=" + schema, "postgres", "");
  }
}
