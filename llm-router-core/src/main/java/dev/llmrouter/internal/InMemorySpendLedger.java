package dev.llmrouter.internal;

import dev.llmrouter.spi.state.SpendLedger;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link SpendLedger} in this process: one lock over all budgets, so that a reservation over several budgets (a
 * key's, its tenant's daily and monthly) is granted on all or none. A reservation settles once; a second settlement
 * is ignored. {@link #restore} sets a period's figure once; a later restore of the
 * same period keeps the figure this ledger has.
 */
public final class InMemorySpendLedger implements SpendLedger {
  private final Map<Period, Totals> totals = new HashMap<>(); // guarded by this
  private final Set<Reservation> open = Collections.newSetFromMap(new IdentityHashMap<>()); // guarded by this
  private final Set<Period> known = new HashSet<>(); // periods restored once; guarded by this

  @Override
  public synchronized Reservation reserve(List<Line> lines, BigDecimal amount) {
    for (Line line : lines) {
      Totals t = totals.getOrDefault(new Period(line.key(), line.periodStart()), Totals.ZERO);
      BigDecimal standing = t.spent.add(t.reserved);
      if (standing.add(amount).compareTo(line.limit()) > 0) {
        return new Reservation(lines, amount, line, standing);
      }
    }
    for (Line line : lines) {
      totals.merge(new Period(line.key(), line.periodStart()), new Totals(BigDecimal.ZERO, amount), Totals::plus);
    }
    Reservation granted = new Reservation(lines, amount, null, null);
    open.add(granted);
    return granted;
  }

  @Override
  public synchronized void commit(Reservation reservation, BigDecimal actual) {
    if (open.remove(reservation)) {
      for (Line line : reservation.lines()) {
        totals.merge(new Period(line.key(), line.periodStart()), new Totals(actual, reservation.amount().negate()),
            Totals::plus);
      }
    }
  }

  @Override
  public synchronized void release(Reservation reservation) {
    if (open.remove(reservation)) {
      for (Line line : reservation.lines()) {
        totals.merge(new Period(line.key(), line.periodStart()),
            new Totals(BigDecimal.ZERO, reservation.amount().negate()), Totals::plus);
      }
    }
  }

  @Override
  public synchronized void restore(String key, Instant periodStart, BigDecimal spent) {
    Period p = new Period(key, periodStart);
    if (known.add(p)) {
      Totals t = totals.getOrDefault(p, Totals.ZERO);
      totals.put(p, new Totals(spent, t.reserved));
    }
  }

  @Override
  public synchronized BigDecimal spent(String key, Instant periodStart) {
    return totals.getOrDefault(new Period(key, periodStart), Totals.ZERO).spent;
  }

  private record Period(String key, Instant start) {}

  private record Totals(BigDecimal spent, BigDecimal reserved) {
    static final Totals ZERO = new Totals(BigDecimal.ZERO, BigDecimal.ZERO);

    Totals plus(Totals o) {
      return new Totals(spent.add(o.spent), reserved.add(o.reserved));
    }
  }
}
