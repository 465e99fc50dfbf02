package dev.llmrouter.store;

import dev.llmrouter.policy.Budget;
import dev.llmrouter.policy.Limits;
import dev.llmrouter.policy.ModelAccess;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A tenant's or key's models, budgets and limits as table columns ({@code models, daily_limit, monthly_limit,
 * max_budget, budget_duration_seconds, rpm, rph, tpm, max_parallel}), both ways. Budgets are the ones tenant files
 * have: daily and monthly (UTC), and {@code max_budget} over {@code budget_duration} periods from 1970-01-01 UTC.
 */
final class PolicyColumns {
  static final String NAMES = "models, daily_limit, monthly_limit, max_budget, budget_duration_seconds, rpm, rph, "
      + "tpm, max_parallel";
  static final int COUNT = 9;
  /** A max_budget without a duration: one period, for ever. */
  static final Duration FOREVER = Duration.ofDays(365L * 1000);

  private PolicyColumns() {}

  /** Sets the nine columns from {@code first} on. */
  static void set(PreparedStatement st, int first, ModelAccess models, List<Budget> budgets, Limits limits)
      throws SQLException {
    st.setString(first, String.join("\n", models.entries()));
    BigDecimal daily = null;
    BigDecimal monthly = null;
    BigDecimal max = null;
    Long duration = null;
    for (Budget b : budgets) {
      switch (b.name()) {
        case "daily" -> daily = b.limit();
        case "monthly" -> monthly = b.limit();
        case "max_budget" -> {
          max = b.limit();
          if (b.period() instanceof Budget.Every every && !every.length().equals(FOREVER)) {
            duration = every.length().toSeconds();
          }
        }
        default -> throw new StoreException(StoreException.Kind.INVALID, "budget '" + b.name()
            + "' cannot be stored; use daily, monthly or max_budget");
      }
    }
    decimal(st, first + 1, daily);
    decimal(st, first + 2, monthly);
    decimal(st, first + 3, max);
    number(st, first + 4, duration);
    number(st, first + 5, limits.requestsPerMinute());
    number(st, first + 6, limits.requestsPerHour());
    number(st, first + 7, limits.tokensPerMinute());
    number(st, first + 8, limits.maxParallelRequests());
  }

  static ModelAccess models(ResultSet rs) throws SQLException {
    String models = rs.getString("models");
    return models == null || models.isBlank() ? ModelAccess.all() : ModelAccess.of(List.of(models.split("\n")));
  }

  static List<Budget> budgets(ResultSet rs) throws SQLException {
    List<Budget> out = new ArrayList<>();
    BigDecimal daily = rs.getBigDecimal("daily_limit");
    if (daily != null) {
      out.add(Budget.daily(daily));
    }
    BigDecimal monthly = rs.getBigDecimal("monthly_limit");
    if (monthly != null) {
      out.add(Budget.monthly(monthly));
    }
    BigDecimal max = rs.getBigDecimal("max_budget");
    if (max != null) {
      long seconds = rs.getLong("budget_duration_seconds");
      Duration length = rs.wasNull() ? FOREVER : Duration.ofSeconds(seconds);
      out.add(new Budget("max_budget", max, Budget.Period.every(length, Instant.EPOCH)));
    }
    return out;
  }

  static Limits limits(ResultSet rs) throws SQLException {
    return new Limits(number(rs, "rpm"), number(rs, "rph"), number(rs, "tpm"), number(rs, "max_parallel"));
  }

  private static Long number(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  private static void decimal(PreparedStatement st, int i, BigDecimal v) throws SQLException {
    if (v == null) {
      st.setNull(i, Types.NUMERIC);
    } else {
      st.setBigDecimal(i, v);
    }
  }

  private static void number(PreparedStatement st, int i, Long v) throws SQLException {
    if (v == null) {
      st.setNull(i, Types.BIGINT);
    } else {
      st.setLong(i, v);
    }
  }
}
