package dev.llmrouter.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.llmrouter.policy.Budget;
import dev.llmrouter.policy.KeyPolicy;
import dev.llmrouter.policy.StateKey;
import dev.llmrouter.policy.TenantPolicy;
import dev.llmrouter.spi.state.KeyHash;
import dev.llmrouter.spi.state.SpendLedger;
import dev.llmrouter.spi.state.SpendLog;
import dev.llmrouter.spi.state.TenantDirectory;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Tenants, their keys and the spend log on JDBC: an embedded H2 file ({@link #embedded}) that needs no set-up, or
 * PostgreSQL ({@link #open}) for several proxies; the same Flyway migrations on both. A key is stored only as its
 * hash; a generated key has 256 bits of randomness and is returned once, by {@link #createKey}.
 *
 * <p>Lookups are cached for at most {@value #CACHE_MILLIS} ms; a change made through this store is seen by its next
 * lookup (the cache is cleared), one made by another instance within that bound.
 */
public final class TenantStore implements TenantDirectory, AutoCloseable {
  static final long CACHE_MILLIS = 1000;
  private static final String TENANT_COLUMNS = "id, " + PolicyColumns.NAMES + ", created_at, updated_at";
  private static final String KEY_COLUMNS = "id, tenant_id, key_hash, label, " + PolicyColumns.NAMES
      + ", expires_at, created_at";

  private final HikariDataSource pool;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TenantStore.class);
  /** While the database is away, lookups answer from what they last read, and try it again this often. */
  static final Duration RETRY_AWAY = Duration.ofSeconds(1);

  private final Lookups<Optional<TenantPolicy>> tenants;
  private final Lookups<Optional<KeyPolicy>> keysById;
  private final Lookups<Optional<KeyPolicy>> keysByHash;
  private volatile Instant databaseAwayUntil = Instant.MIN;
  private final JdbcSpendLog spendLog;

  private TenantStore(HikariDataSource pool, Clock clock, Duration batchInterval, Path spoolDir) {
    this.pool = pool;
    this.clock = clock;
    this.tenants = cache(clock);
    this.keysById = cache(clock);
    this.keysByHash = cache(clock);
    this.spendLog = new JdbcSpendLog(pool, batchInterval, new SpendSpool(spoolDir));
    try {
      spendLog.flush(); // what an earlier process spooled while the database was away
    } catch (RuntimeException e) {
      LOG.warn("spooled spend records wait for the database: {}", e.getMessage());
    }
  }

  private <V> Lookups<V> cache(Clock clock) {
    return new Lookups<>(clock);
  }

  /**
   * Cached lookups: an answer younger than {@value #CACHE_MILLIS} ms is used as it is; an older one is read again,
   * except while the database is away, when the last answer stands (a key that worked keeps working; one revoked
   * before the outage stays revoked) and the database is tried again every {@link #RETRY_AWAY}, so a call waits on
   * an absent database at most once in that time. A key never seen before cannot be checked while it is away.
   */
  private final class Lookups<V> {
    private record Stamped<V>(V value, Instant at) {}

    private final Cache<String, Stamped<V>> cache;

    Lookups(Clock clock) {
      this.cache = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofHours(24))
          .ticker(() -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
          }).build();
    }

    V get(String key, java.util.function.Function<String, V> load) {
      Instant now = clock.instant();
      Stamped<V> s = cache.getIfPresent(key);
      if (s != null && Duration.between(s.at(), now).toMillis() < CACHE_MILLIS) {
        return s.value();
      }
      if (s != null && now.isBefore(databaseAwayUntil)) {
        return s.value();
      }
      try {
        V v = load.apply(key);
        cache.put(key, new Stamped<>(v, now));
        return v;
      } catch (StoreException e) {
        if (e.kind() != StoreException.Kind.UNAVAILABLE) {
          throw e;
        }
        if (!now.isBefore(databaseAwayUntil)) {
          LOG.warn("tenant store: the database is away ({}); keys and tenants answer from their last reading",
              e.getMessage());
        }
        databaseAwayUntil = now.plus(RETRY_AWAY);
        if (s == null) {
          throw e;
        }
        return s.value();
      }
    }

    void invalidateAll() {
      cache.invalidateAll();
    }
  }

  /**
   * A store in PostgreSQL (or any JDBC URL Flyway and the driver know), migrated to the current schema.
   *
   * @param batchInterval how often spend records are written; a crash loses at most this much of them
   */
  public static TenantStore open(String jdbcUrl, String user, String password, Clock clock, Duration batchInterval) {
    return open(jdbcUrl, user, password, clock, batchInterval,
        Path.of(System.getProperty("user.home"), ".llm-router", "spend-spool"));
  }

  /**
   * @param spoolDir where spend records wait on local disk while the database is away (and across a stop)
   */
  public static TenantStore open(String jdbcUrl, String user, String password, Clock clock, Duration batchInterval,
                                 Path spoolDir) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(jdbcUrl);
    c.setUsername(user);
    c.setPassword(password);
    c.setMaximumPoolSize(8);
    c.setConnectionTimeout(2_000); // a database that is away is known as such within 2 s
    c.setPoolName("llm-router-store");
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(c);
    } catch (RuntimeException e) {
      throw new StoreException(StoreException.Kind.UNAVAILABLE, "cannot connect to the database at "
          + redact(jdbcUrl) + ": " + e.getMessage(), e);
    }
    try {
      migrate(pool);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return new TenantStore(pool, clock, batchInterval, spoolDir);
  }

  /** The H2 settings under which the migrations and the queries, written for PostgreSQL, hold on H2. */
  static final String H2_DIALECT = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

  /** A store in one H2 file under {@code dataDir}, created on first use; one process at a time. */
  public static TenantStore embedded(Path dataDir, Clock clock, Duration batchInterval) {
    String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("llm-router") + H2_DIALECT
        + ";DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=2048"; // we close it, after the last spend is written
    try {
      return open(url, "sa", "", clock, batchInterval, dataDir.resolve("spend-spool"));
    } catch (StoreException e) {
      if (String.valueOf(e.getMessage()).contains("already in use")) {
        throw new StoreException(StoreException.Kind.UNAVAILABLE, "the embedded store in " + dataDir.toAbsolutePath()
            + " is in use by another process: give each proxy its own data_dir, or share a PostgreSQL database "
            + "(general_settings.database_url)", e);
      }
      throw e;
    }
  }

  static void migrate(DataSource ds) {
    Flyway.configure().dataSource(ds).locations("classpath:db/llm-router").table("llm_router_schema_history")
        .load().migrate();
  }

  /** A JDBC URL without its password parameter, for messages. */
  public static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  // ---- the directory the router reads

  @Override
  public Optional<TenantPolicy> tenant(String tenantId) {
    return tenants.get(tenantId, this::loadTenant);
  }

  @Override
  public Optional<KeyPolicy> key(String keyId) {
    return keysById.get(keyId, id -> loadKey("id", id));
  }

  @Override
  public Optional<KeyPolicy> keyByHash(String hash) {
    return keysByHash.get(hash, h -> loadKey("key_hash", h));
  }

  private Optional<TenantPolicy> loadTenant(String id) {
    return query("SELECT " + TENANT_COLUMNS + " FROM tenants WHERE id = ?", st -> st.setString(1, id),
        TenantStore::tenantRow).stream().findFirst();
  }

  private Optional<KeyPolicy> loadKey(String column, String value) {
    return query("SELECT " + KEY_COLUMNS + " FROM api_keys WHERE " + column + " = ?", st -> st.setString(1, value),
        TenantStore::keyRow).stream().findFirst();
  }

  private static TenantPolicy tenantRow(ResultSet rs) throws SQLException {
    return new TenantPolicy(rs.getString("id"), PolicyColumns.models(rs), PolicyColumns.budgets(rs),
        PolicyColumns.limits(rs));
  }

  private static KeyPolicy keyRow(ResultSet rs) throws SQLException {
    OffsetDateTime expires = rs.getObject("expires_at", OffsetDateTime.class);
    return new KeyPolicy(rs.getString("id"), rs.getString("tenant_id"), rs.getString("label"),
        PolicyColumns.models(rs), PolicyColumns.budgets(rs), PolicyColumns.limits(rs),
        expires == null ? null : expires.toInstant());
  }

  // ---- administration

  /** Every tenant in the store, by id. */
  public List<TenantPolicy> tenants() {
    return query("SELECT " + TENANT_COLUMNS + " FROM tenants ORDER BY id", st -> {}, TenantStore::tenantRow);
  }

  /** Every key of {@code tenantId}, by id; with no tenant, every key. */
  public List<KeyPolicy> keys(String tenantId) {
    return tenantId == null
        ? query("SELECT " + KEY_COLUMNS + " FROM api_keys ORDER BY id", st -> {}, TenantStore::keyRow)
        : query("SELECT " + KEY_COLUMNS + " FROM api_keys WHERE tenant_id = ? ORDER BY id",
            st -> st.setString(1, tenantId), TenantStore::keyRow);
  }

  /** @throws StoreException CONFLICT when a tenant has that id */
  public TenantPolicy createTenant(TenantPolicy t) {
    if (loadTenant(t.id()).isPresent()) {
      throw new StoreException(StoreException.Kind.CONFLICT, "tenant '" + t.id() + "' exists already");
    }
    OffsetDateTime now = now();
    update("INSERT INTO tenants (" + TENANT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", st -> {
      st.setString(1, t.id());
      PolicyColumns.set(st, 2, t.models(), t.budgets(), t.limits());
      st.setObject(11, now);
      st.setObject(12, now);
    });
    return t;
  }

  /** @throws StoreException NOT_FOUND when no tenant has that id */
  public TenantPolicy updateTenant(TenantPolicy t) {
    int n = update("UPDATE tenants SET models = ?, daily_limit = ?, monthly_limit = ?, max_budget = ?, "
        + "budget_duration_seconds = ?, rpm = ?, rph = ?, tpm = ?, max_parallel = ?, updated_at = ? WHERE id = ?",
        st -> {
          PolicyColumns.set(st, 1, t.models(), t.budgets(), t.limits());
          st.setObject(10, now());
          st.setString(11, t.id());
        });
    if (n == 0) {
      throw notFound("tenant", t.id());
    }
    return t;
  }

  /** Deletes a tenant and its keys: they stop working on their next call. */
  public void deleteTenant(String id) {
    int n = inTransaction(c -> {
      try (PreparedStatement keys = c.prepareStatement("DELETE FROM api_keys WHERE tenant_id = ?");
           PreparedStatement tenant = c.prepareStatement("DELETE FROM tenants WHERE id = ?")) {
        keys.setString(1, id);
        keys.executeUpdate();
        tenant.setString(1, id);
        return tenant.executeUpdate();
      }
    });
    if (n == 0) {
      throw notFound("tenant", id);
    }
  }

  /** A key and, this once, its value. */
  public record NewKey(KeyPolicy policy, String key) {
    @Override
    public String toString() {
      return "NewKey[" + policy.id() + "]";
    }
  }

  /**
   * Stores a key for {@code template}'s tenant, with its label, models, budgets, limits and expiry (its id is
   * ignored): {@code chosen} when given (a key the caller picked, as the seed's {@code manage-tenants} does), else
   * a new {@code sk-} key of 256 random bits.
   *
   * @throws StoreException NOT_FOUND for an unknown tenant, CONFLICT when the chosen key is in use
   */
  public NewKey createKey(KeyPolicy template, String chosen) {
    if (loadTenant(template.tenantId()).isEmpty()) {
      throw notFound("tenant", template.tenantId());
    }
    String key = chosen != null ? chosen : generate();
    if (key.length() < 8) {
      throw new StoreException(StoreException.Kind.INVALID, "a key must have at least 8 characters");
    }
    String hash = KeyHash.of(key);
    if (loadKey("key_hash", hash).isPresent()) {
      throw new StoreException(StoreException.Kind.CONFLICT, "that key is in use already; choose another");
    }
    KeyPolicy stored = new KeyPolicy(newKeyId(), template.tenantId(), template.label(), template.models(),
        template.budgets(), template.limits(), template.expiresAt());
    insertKey(stored, hash);
    return new NewKey(stored, key);
  }

  /**
   * A new key in place of {@code keyId}, with the same tenant, label, models, budgets and limits; the old key keeps
   * working for {@code grace} (zero: it stops at once).
   */
  public NewKey regenerateKey(String keyId, Duration grace, String chosen) {
    KeyPolicy old = loadKey("id", keyId).orElseThrow(() -> notFound("key", keyId));
    NewKey fresh = createKey(old, chosen);
    Instant until = clock.instant().plus(grace);
    Instant expires = old.expiresAt() != null && old.expiresAt().isBefore(until) ? old.expiresAt() : until;
    update("UPDATE api_keys SET expires_at = ? WHERE id = ?", st -> {
      st.setObject(1, OffsetDateTime.ofInstant(expires, ZoneOffset.UTC));
      st.setString(2, keyId);
    });
    return fresh;
  }

  /** Changes a key's label, models, budgets, limits and expiry; its tenant and value stay. */
  public KeyPolicy updateKey(KeyPolicy k) {
    int n = update("UPDATE api_keys SET label = ?, models = ?, daily_limit = ?, monthly_limit = ?, max_budget = ?, "
        + "budget_duration_seconds = ?, rpm = ?, rph = ?, tpm = ?, max_parallel = ?, expires_at = ? WHERE id = ?",
        st -> {
          st.setString(1, k.label());
          PolicyColumns.set(st, 2, k.models(), k.budgets(), k.limits());
          setInstant(st, 11, k.expiresAt());
          st.setString(12, k.id());
        });
    if (n == 0) {
      throw notFound("key", k.id());
    }
    return loadKey("id", k.id()).orElseThrow();
  }

  /** Revokes a key: its next call gets a 401. */
  public void deleteKey(String keyId) {
    if (update("DELETE FROM api_keys WHERE id = ?", st -> st.setString(1, keyId)) == 0) {
      throw notFound("key", keyId);
    }
  }

  private void insertKey(KeyPolicy k, String hash) {
    update("INSERT INTO api_keys (" + KEY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", st -> {
      st.setString(1, k.id());
      st.setString(2, k.tenantId());
      st.setString(3, hash);
      st.setString(4, k.label());
      PolicyColumns.set(st, 5, k.models(), k.budgets(), k.limits());
      setInstant(st, 14, k.expiresAt());
      st.setObject(15, now());
    });
  }

  private static void setInstant(PreparedStatement st, int i, Instant t) throws SQLException {
    if (t == null) {
      st.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      st.setObject(i, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
    }
  }

  private String generate() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return "sk-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private String newKeyId() {
    byte[] bytes = new byte[8];
    random.nextBytes(bytes);
    return "key_" + java.util.HexFormat.of().formatHex(bytes);
  }

  // ---- spend

  /** Where the router writes each call's record; written in batches, flushed on {@link #close()}. */
  public SpendLog spendLog() {
    return spendLog;
  }

  /** Sees each batch of spend records written to the database: for the database's metrics. */
  @FunctionalInterface
  public interface Observer {
    Observer NONE = (nanos, records, failed) -> {};

    /** A batch of {@code records} took {@code nanos}; {@code failed}: it was not written (it is kept to retry). */
    void write(long nanos, int records, boolean failed);
  }

  public void observe(Observer observer) {
    spendLog.observe(observer);
  }

  /** The spend log's reports: its rows, and use per day, tenant, key and model. */
  public SpendReports reports() {
    return new SpendReports(this);
  }

  /** Writes every queued spend record now. */
  public void flush() {
    spendLog.flush();
  }

  /** What the calls of a tenant ({@code scope} "tenant") or key ("key") cost in {@code [from, to)}, in USD. */
  public BigDecimal spent(String scope, String id, Instant from, Instant to) {
    String column = switch (scope) {
      case "tenant" -> "tenant_id";
      case "key" -> "key_id";
      default -> throw new IllegalArgumentException("scope must be tenant or key, got " + scope);
    };
    List<BigDecimal> sum = query("SELECT COALESCE(SUM(cost), 0) AS total FROM spend_log WHERE " + column
        + " = ? AND call_time >= ? AND call_time < ?", st -> {
          st.setString(1, id);
          st.setObject(2, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
          st.setObject(3, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
        }, rs -> rs.getBigDecimal("total"));
    return sum.get(0);
  }

  /**
   * Puts into {@code ledger} what each budget's current period has spent, from the spend log: the store's tenants and
   * keys, and {@code configTenants} (tenant files). How a restarted proxy keeps its budgets.
   */
  public void restore(SpendLedger ledger, List<TenantPolicy> configTenants, Instant now) {
    flush();
    List<TenantPolicy> all = new ArrayList<>(configTenants);
    all.addAll(tenants());
    for (TenantPolicy t : all) {
      for (Budget b : t.budgets()) {
        ledger.restore(b.ledgerKey("tenant", t.id()), b.period().start(now),
            spent("tenant", t.id(), b.period().start(now), b.period().end(now)));
      }
    }
    for (KeyPolicy k : keys(null)) {
      for (Budget b : k.budgets()) {
        ledger.restore(b.ledgerKey("key", k.id()), b.period().start(now),
            spent("key", k.id(), b.period().start(now), b.period().end(now)));
      }
    }
  }

  /**
   * What the spend log says a budget spent in the period starting at {@code periodStart}: where a shared budget
   * counter that was lost (a Redis restart) starts again. {@code ledgerKey} is {@link Budget#ledgerKey}; the budget
   * is looked up among the store's tenants and keys and {@code configTenants}, for its period's end. This instance's
   * queued records are written first; other instances' reach the log within their batch interval.
   */
  public BigDecimal spentOn(String ledgerKey, Instant periodStart, List<TenantPolicy> configTenants) {
    StateKey line = StateKey.parse(ledgerKey);
    String scope = line.scope();
    String id = line.id();
    String name = line.name();
    List<Budget> budgets = new ArrayList<>();
    if (scope.equals("tenant")) {
      configTenants.stream().filter(t -> t.id().equals(id)).forEach(t -> budgets.addAll(t.budgets()));
      tenant(id).ifPresent(t -> budgets.addAll(t.budgets()));
    } else if (scope.equals("key")) {
      key(id).ifPresent(k -> budgets.addAll(k.budgets()));
    }
    Budget budget = budgets.stream().filter(b -> b.name().equals(name)).findFirst().orElse(null);
    if (budget == null) {
      return BigDecimal.ZERO;
    }
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("spend log: {}", e.getMessage());
    }
    return spent(scope, id, periodStart, budget.period().end(periodStart));
  }

  /**
   * What a rate-limit window used, from the spend log: the calls of a tenant ({@code scope} "tenant"), a key ("key")
   * or everyone ("gateway", {@code id} ignored) that started in {@code [from, to)}, and their tokens (input plus
   * output). Calls the gateway refused before or at its rate limits (a bad key, a model the key may not use, a limit
   * reached, Redis away) counted against no window and are left out. This instance's queued records are written
   * first.
   */
  public WindowUsage windowUsage(String scope, String id, Instant from, Instant to) {
    String where = switch (scope) {
      case "tenant" -> "tenant_id = ? AND ";
      case "key" -> "key_id = ? AND ";
      case "gateway" -> "";
      default -> throw new IllegalArgumentException("scope must be tenant, key or gateway, got " + scope);
    };
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("spend log: {}", e.getMessage());
    }
    return query("SELECT COUNT(*) AS calls, COALESCE(SUM(input_tokens + output_tokens), 0) AS tokens FROM spend_log "
        + "WHERE " + where + "call_time >= ? AND call_time < ? AND (error_type IS NULL OR error_type NOT IN "
        + "('InvalidKeyException', 'AccessDeniedException', 'RateLimitExceededException', "
        + "'StateUnavailableException'))", st -> {
          int n = 1;
          if (!scope.equals("gateway")) {
            st.setString(n++, id);
          }
          st.setObject(n++, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
          st.setObject(n, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
        }, rs -> new WindowUsage(rs.getLong("calls"), rs.getLong("tokens"))).get(0);
  }

  /** A window's calls and tokens, from the spend log. */
  public record WindowUsage(long calls, long tokens) {}

  /** Whether the database answers now (for readiness). */
  public boolean reachable() {
    try (Connection c = pool.getConnection()) {
      return c.isValid(1);
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The spend log's backlog, for health and metrics.
   *
   * @param queued  records in memory waiting for the next batch
   * @param spooled records on local disk waiting for the database
   * @param failing whether the last write failed
   */
  public record SpendLogStatus(int queued, long spooled, boolean failing) {}

  public SpendLogStatus spendLogStatus() {
    return new SpendLogStatus(spendLog.pending(), spendLog.spooled(), spendLog.failing());
  }

  /** Flushes the spend log and closes the connections. */
  @Override
  public void close() {
    if (pool.isClosed()) {
      return;
    }
    try {
      spendLog.close();
    } finally {
      pool.close();
    }
  }

  // ---- JDBC plumbing

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  private static StoreException notFound(String what, String id) {
    return new StoreException(StoreException.Kind.NOT_FOUND, "no " + what + " '" + id + "'");
  }

  interface Binder {
    void bind(PreparedStatement st) throws SQLException;
  }

  interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * A read; once more on a fresh connection when the first one was broken (the pool drops it): a database that came
   * back leaves dead connections in the pool.
   */
  <T> List<T> query(String sql, Binder binder, Row<T> row) {
    try {
      return queryOnce(sql, binder, row);
    } catch (StoreException e) {
      if (!JdbcSpendLog.brokenConnection(e.getCause())) {
        throw e;
      }
      pool.getHikariPoolMXBean().softEvictConnections();
      return queryOnce(sql, binder, row);
    }
  }

  private <T> List<T> queryOnce(String sql, Binder binder, Row<T> row) {
    try (Connection c = pool.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
      binder.bind(st);
      try (ResultSet rs = st.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
          out.add(row.read(rs));
        }
        return out;
      }
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private int update(String sql, Binder binder) {
    int n = inTransaction(c -> {
      try (PreparedStatement st = c.prepareStatement(sql)) {
        binder.bind(st);
        return st.executeUpdate();
      }
    });
    return n;
  }

  private <T> T inTransaction(Work<T> work) {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        invalidate();
      }
    } catch (SQLException e) {
      if ("23505".equals(e.getSQLState())) {
        throw new StoreException(StoreException.Kind.CONFLICT, "exists already: " + e.getMessage(), e);
      }
      throw unavailable(e);
    }
  }

  private void invalidate() {
    tenants.invalidateAll();
    keysById.invalidateAll();
    keysByHash.invalidateAll();
  }

  private static StoreException unavailable(SQLException e) {
    return new StoreException(StoreException.Kind.UNAVAILABLE, "the store failed: " + e.getMessage(), e);
  }
}
