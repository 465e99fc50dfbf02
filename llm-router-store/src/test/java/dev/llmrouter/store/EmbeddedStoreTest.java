package dev.llmrouter.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the embedded H2 file. */
class EmbeddedStoreTest extends StoreContract {
  @TempDir
  Path dir;

  @Override
  TenantStore open(Clock clock) {
    return TenantStore.embedded(dir, clock, Duration.ofMinutes(10));
  }

  @Override
  Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("llm-router")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "");
  }
}
