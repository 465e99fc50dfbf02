package dev.llmrouter.policy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * A spending limit in USD over a period: a day (starting at 00:00), a calendar month (starting on the 1st at 00:00),
 * both in {@code zone} (UTC unless configured), or a fixed length such as LiteLLM's {@code budget_duration: 30d},
 * counted in back-to-back periods from {@code anchor}.
 *
 * @param name  how errors and reports name it: {@code daily}, {@code monthly}, or {@code max_budget}
 * @param limit the most that may be spent in one period, in USD
 */
public record Budget(String name, BigDecimal limit, Period period) {
  public Budget {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(period, "period");
    if (limit.signum() < 0) {
      throw new IllegalArgumentException("budget " + name + " must not be negative (got " + limit + ")");
    }
  }

  /**
   * The id a spend ledger keeps this budget of a tenant or key under: {@code tenant:<id>:<name>} or
   * {@code key:<id>:<name>} ({@link StateKey}).
   *
   * @param scope {@code tenant} or {@code key}
   */
  public String ledgerKey(String scope, String id) {
    return new StateKey(scope, id, name).toString();
  }

  public static Budget daily(BigDecimal limit) {
    return new Budget("daily", limit, Period.daily(ZoneOffset.UTC));
  }

  public static Budget monthly(BigDecimal limit) {
    return new Budget("monthly", limit, Period.monthly(ZoneOffset.UTC));
  }

  /** How a budget's time is cut into periods. */
  public sealed interface Period {
    /** The start of the period that holds {@code now}. */
    Instant start(Instant now);

    /** The end of the period that holds {@code now}: the next one's start. */
    Instant end(Instant now);

    static Period daily(ZoneId zone) {
      return new Daily(zone);
    }

    static Period monthly(ZoneId zone) {
      return new Monthly(zone);
    }

    /** Back-to-back periods of {@code length}, the first starting at {@code anchor}. */
    static Period every(Duration length, Instant anchor) {
      return new Every(length, anchor);
    }
  }

  /** From 00:00 to 00:00 in {@code zone}. */
  public record Daily(ZoneId zone) implements Period {
    public Daily {
      Objects.requireNonNull(zone, "zone");
    }

    @Override
    public Instant start(Instant now) {
      return LocalDate.ofInstant(now, zone).atStartOfDay(zone).toInstant();
    }

    @Override
    public Instant end(Instant now) {
      return LocalDate.ofInstant(now, zone).plusDays(1).atStartOfDay(zone).toInstant();
    }
  }

  /** From the 1st at 00:00 to the next 1st at 00:00 in {@code zone}. */
  public record Monthly(ZoneId zone) implements Period {
    public Monthly {
      Objects.requireNonNull(zone, "zone");
    }

    @Override
    public Instant start(Instant now) {
      return ZonedDateTime.ofInstant(now, zone).toLocalDate().withDayOfMonth(1).atStartOfDay(zone).toInstant();
    }

    @Override
    public Instant end(Instant now) {
      return ZonedDateTime.ofInstant(now, zone).toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay(zone)
          .toInstant();
    }
  }

  /** Back-to-back periods of {@code length} from {@code anchor}. */
  public record Every(Duration length, Instant anchor) implements Period {
    public Every {
      Objects.requireNonNull(length, "length");
      Objects.requireNonNull(anchor, "anchor");
      if (length.isNegative() || length.isZero()) {
        throw new IllegalArgumentException("a budget period must be positive (got " + length + ")");
      }
    }

    @Override
    public Instant start(Instant now) {
      long len = length.toMillis();
      long since = now.toEpochMilli() - anchor.toEpochMilli();
      return anchor.plusMillis(Math.floorDiv(since, len) * len);
    }

    @Override
    public Instant end(Instant now) {
      return start(now).plus(length);
    }
  }
}
