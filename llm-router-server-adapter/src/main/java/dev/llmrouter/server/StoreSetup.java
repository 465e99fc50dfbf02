package dev.llmrouter.server;

import dev.llmrouter.config.GeneralSettings;
import dev.llmrouter.store.TenantStore;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Which tenant store the proxy uses: PostgreSQL when {@code general_settings.database_url} (or {@code DATABASE_URL})
 * names one, LiteLLM's {@code postgresql://user:password@host:5432/db} or a {@code jdbc:} URL; else, when there is a
 * master key (so an admin API), the embedded H2 file under {@code general_settings.data_dir} (or
 * {@code LLM_ROUTER_DATA_DIR}, else {@code ~/.llm-router}); else none: tenants come from config files only. Spend
 * records that PostgreSQL could not take wait in that directory's {@code spend-spool}.
 */
final class StoreSetup {
  /** How often spend records are written: a crash loses at most this much of them. */
  static final Duration BATCH_INTERVAL = Duration.ofSeconds(1);

  private StoreSetup() {}

  static TenantStore open(GeneralSettings general, boolean masterKey, Map<String, String> env, Clock clock) {
    String url = general.databaseUrl() != null ? general.databaseUrl().reveal() : env.get("DATABASE_URL");
    if (url != null && !url.isBlank()) {
      Jdbc jdbc = jdbc(url.strip());
      return TenantStore.open(jdbc.url(), jdbc.user(), jdbc.password(), clock, BATCH_INTERVAL,
          dataDir(general, env).resolve("spend-spool"));
    }
    if (!masterKey) {
      return null;
    }
    return TenantStore.embedded(dataDir(general, env), clock, BATCH_INTERVAL);
  }

  /**
   * This instance's own directory: the embedded store, and the spool where spend records wait while PostgreSQL is
   * away. {@code general_settings.data_dir}, else {@code LLM_ROUTER_DATA_DIR}, else {@code ~/.llm-router}; give each
   * proxy on a machine its own.
   */
  static Path dataDir(GeneralSettings general, Map<String, String> env) {
    String dir = general.dataDir() != null ? general.dataDir() : env.get("LLM_ROUTER_DATA_DIR");
    return dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".llm-router");
  }

  record Jdbc(String url, String user, String password) {
    @Override
    public String toString() {
      return "Jdbc[" + TenantStore.redact(url) + ", user=" + user + "]";
    }
  }

  /** A JDBC URL and credentials from LiteLLM's {@code postgresql://user:password@host:port/db?...} or a jdbc: URL. */
  static Jdbc jdbc(String url) {
    if (url.startsWith("jdbc:")) {
      return new Jdbc(url, null, null);
    }
    URI uri = URI.create(url);
    if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
      throw new IllegalArgumentException("database_url: expected postgresql://user:password@host:5432/db or a jdbc: "
          + "URL, got a " + uri.getScheme() + ": URL");
    }
    String user = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
      password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
    }
    String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
        + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    return new Jdbc(jdbc, user, password);
  }
}
