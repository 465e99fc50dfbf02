package dev.llmrouter.spi.state;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What has been spent per budget and period, in USD, exact under concurrency: a call reserves the most it can cost
 * before it starts, and settles when it ends: {@link #commit} its real cost, or {@link #release} it all when it
 * failed. Each method is one atomic step, also when several processes share the ledger.
 */
public interface SpendLedger {
  /**
   * Reserves {@code amount} on every line, or on none when one of them would pass its limit: spent + reserved +
   * {@code amount} &gt; limit refuses.
   */
  Reservation reserve(List<Line> lines, BigDecimal amount);

  /**
   * Settles a granted reservation with what the call really cost, which may be more than was reserved: the real cost
   * is spent, and the reservation is gone. Once per reservation.
   */
  void commit(Reservation reservation, BigDecimal actual);

  /** Gives a granted reservation back, spending nothing. Once per reservation. */
  void release(Reservation reservation);

  /** What was spent (committed, not reserved) on {@code key} in the period starting at {@code periodStart}. */
  BigDecimal spent(String key, Instant periodStart);

  /**
   * Sets what was spent on {@code key} in a period, as the durable spend log recorded it, unless the ledger already
   * holds a figure for that key and period: how a new process (or a counter store that lost its state) starts from
   * what was spent rather than from zero, while a shared ledger that kept its state keeps its own, newer figure.
   * Reservations in flight stay.
   */
  void restore(String key, Instant periodStart, BigDecimal spent);

  /**
   * One budget in one period.
   *
   * @param key         the budget's id, e.g. {@code tenant:engineering:daily}
   * @param periodStart the start of the period the call falls in
   * @param limit       the most that may be spent in the period
   */
  record Line(String key, Instant periodStart, BigDecimal limit) {
    public Line {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(periodStart, "periodStart");
      Objects.requireNonNull(limit, "limit");
    }
  }

  /**
   * The outcome of {@link #reserve}.
   *
   * @param refusedBy the line that refused it, or null when granted
   * @param standing  for a refusal, what that line had spent and reserved
   * @param id        the ledger's own name for a granted reservation (a shared ledger holds it under this id), or
   *                  null; two reservations are never equal unless they have the same id
   */
  record Reservation(List<Line> lines, BigDecimal amount, Line refusedBy, BigDecimal standing, String id) {
    public Reservation {
      lines = List.copyOf(lines);
    }

    public Reservation(List<Line> lines, BigDecimal amount, Line refusedBy, BigDecimal standing) {
      this(lines, amount, refusedBy, standing, null);
    }

    public boolean granted() {
      return refusedBy == null;
    }
  }
}
