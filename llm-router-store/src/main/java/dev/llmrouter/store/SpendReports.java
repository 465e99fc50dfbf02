package dev.llmrouter.store;

import dev.llmrouter.api.Usage;
import dev.llmrouter.spi.state.SpendRecord;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Reports computed in the database from the spend log: its rows ({@link #logs}), and what was used per day, tenant,
 * key and model ({@link #daily}); each filtered, paged, with the totals of everything the filter takes. Days are
 * UTC days. This instance's queued records are written first; other instances' reach the log within their batch
 * interval.
 */
public final class SpendReports {
  public static final int MAX_PAGE_SIZE = 1000;
  private static final String DAY = "FLOOR(EXTRACT(EPOCH FROM call_time) / 86400)";

  private final TenantStore store;

  SpendReports(TenantStore store) {
    this.store = store;
  }

  /**
   * Which calls: each filter null for any; {@code [from, to)}.
   *
   * @param page     1 for the first
   * @param pageSize at most {@link #MAX_PAGE_SIZE}
   */
  public record Query(String tenantId, String keyId, String model, Instant from, Instant to, int page, int pageSize) {
    public Query {
      if (page < 1) {
        throw new IllegalArgumentException("page must be 1 or more, got " + page);
      }
      if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
        throw new IllegalArgumentException("page_size must be 1 to " + MAX_PAGE_SIZE + ", got " + pageSize);
      }
      if (from != null && to != null && !from.isBefore(to)) {
        throw new IllegalArgumentException("the range is empty: " + from + " is not before " + to);
      }
    }
  }

  /** Everything the query takes, summed. */
  public record Totals(long requests, long failures, long inputTokens, long outputTokens, BigDecimal spend) {}

  /** One page of {@code total} items. */
  public record Page<T>(List<T> data, long total, int page, int pageSize, Totals totals) {
    public long totalPages() {
      return (total + pageSize - 1) / pageSize;
    }
  }

  /** One day of a tenant's key on a model. */
  public record Day(LocalDate day, String tenantId, String keyId, String model, long requests, long failures,
                    long cacheHits, long inputTokens, long outputTokens, BigDecimal spend) {}

  /** The spend log's rows, newest first. */
  public Page<SpendRecord> logs(Query q) {
    flush();
    Where w = where(q);
    List<SpendRecord> rows = store.query("SELECT * FROM spend_log" + w.sql + " ORDER BY call_time DESC, call_id"
        + " LIMIT ? OFFSET ?", st -> w.bind(st, q), SpendReports::record);
    Totals totals = totals(q, w);
    return new Page<>(rows, totals.requests(), q.page(), q.pageSize(), totals);
  }

  /** Per UTC day, tenant, key and model: newest day first, then the most spent. */
  public Page<Day> daily(Query q) {
    flush();
    Where w = where(q);
    String groups = " GROUP BY " + DAY + ", tenant_id, key_id, model";
    List<Day> rows = store.query("SELECT " + DAY + " AS day_n, tenant_id, key_id, model, COUNT(*) AS requests, "
        + "SUM(CASE WHEN status = 'failure' THEN 1 ELSE 0 END) AS failures, "
        + "SUM(CASE WHEN cache_hit THEN 1 ELSE 0 END) AS cache_hits, SUM(input_tokens) AS input_tokens, "
        + "SUM(output_tokens) AS output_tokens, COALESCE(SUM(cost), 0) AS spend FROM spend_log" + w.sql + groups
        + " ORDER BY day_n DESC, spend DESC, tenant_id, key_id, model LIMIT ? OFFSET ?", st -> w.bind(st, q),
        rs -> new Day(LocalDate.ofEpochDay(rs.getLong("day_n")), rs.getString("tenant_id"), rs.getString("key_id"),
            rs.getString("model"), rs.getLong("requests"), rs.getLong("failures"), rs.getLong("cache_hits"),
            rs.getLong("input_tokens"), rs.getLong("output_tokens"), rs.getBigDecimal("spend")));
    long groupsTotal = store.query("SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM spend_log" + w.sql + groups
        + ") g", st -> w.bindFilters(st, q), rs -> rs.getLong("n")).get(0);
    return new Page<>(rows, groupsTotal, q.page(), q.pageSize(), totals(q, w));
  }

  private void flush() {
    try {
      store.flush();
    } catch (RuntimeException e) {
      // the database is away: the query below says so
    }
  }

  private Totals totals(Query q, Where w) {
    return store.query("SELECT COUNT(*) AS requests, COALESCE(SUM(CASE WHEN status = 'failure' THEN 1 ELSE 0 END), "
        + "0) AS failures, COALESCE(SUM(input_tokens), 0) AS input_tokens, COALESCE(SUM(output_tokens), 0) AS "
        + "output_tokens, COALESCE(SUM(cost), 0) AS spend FROM spend_log" + w.sql, st -> w.bindFilters(st, q),
        rs -> new Totals(rs.getLong("requests"), rs.getLong("failures"), rs.getLong("input_tokens"),
            rs.getLong("output_tokens"), rs.getBigDecimal("spend"))).get(0);
  }

  /** The WHERE clause of a query's filters, bound in this order: tenant, key, model, from, to. */
  private record Where(String sql, int filters) {
    void bindFilters(PreparedStatement st, Query q) throws SQLException {
      int i = 1;
      for (Object v : new Object[] {q.tenantId(), q.keyId(), q.model(), time(q.from()), time(q.to())}) {
        if (v != null) {
          st.setObject(i++, v);
        }
      }
    }

    void bind(PreparedStatement st, Query q) throws SQLException {
      bindFilters(st, q);
      st.setInt(filters + 1, q.pageSize());
      st.setLong(filters + 2, (long) (q.page() - 1) * q.pageSize());
    }

    private static OffsetDateTime time(Instant t) {
      return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
  }

  private static Where where(Query q) {
    List<String> parts = new ArrayList<>();
    if (q.tenantId() != null) {
      parts.add("tenant_id = ?");
    }
    if (q.keyId() != null) {
      parts.add("key_id = ?");
    }
    if (q.model() != null) {
      parts.add("model = ?");
    }
    if (q.from() != null) {
      parts.add("call_time >= ?");
    }
    if (q.to() != null) {
      parts.add("call_time < ?");
    }
    return new Where(parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts), parts.size());
  }

  private static SpendRecord record(ResultSet rs) throws SQLException {
    long ttft = rs.getLong("ttft_ms");
    Duration timeToFirstToken = rs.wasNull() ? null : Duration.ofMillis(ttft);
    return new SpendRecord(rs.getString("call_id"), rs.getObject("call_time", OffsetDateTime.class).toInstant(),
        rs.getString("tenant_id"), rs.getString("key_id"), rs.getString("model"), rs.getString("deployment_id"),
        rs.getString("provider_model"), new Usage(rs.getLong("input_tokens"), rs.getLong("output_tokens"),
        rs.getLong("cache_read_tokens"), rs.getLong("cache_write_tokens"), rs.getLong("reasoning_tokens")),
        rs.getBigDecimal("cost"), rs.getString("status"), rs.getString("error_type"),
        Duration.ofMillis(rs.getLong("latency_ms")), timeToFirstToken, rs.getBoolean("stream"),
        rs.getBoolean("cache_hit"), rs.getString("end_user"), rs.getString("session_tag"), rs.getString("ingress"),
        rs.getString("client"), rs.getInt("attempts"), Duration.ofMillis(rs.getLong("upstream_ms")));
  }
}
