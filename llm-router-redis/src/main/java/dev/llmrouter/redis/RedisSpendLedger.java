package dev.llmrouter.redis;

import dev.llmrouter.internal.InMemorySpendLedger;
import dev.llmrouter.spi.state.SpendLedger;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import redis.clients.jedis.params.SetParams;

/**
 * {@link SpendLedger} in Redis, in whole nano-dollars (exact integer sums). Per budget line: what was spent, what
 * calls in flight reserved, and a lease per reservation; a reservation over several lines is one script, granted on
 * all or none. A lease its instance stopped renewing (it died) is given back by the next reservation, within
 * {@link Leases#LEASE}. A line Redis does not have is rebuilt from the {@link SpendHistory} (PostgreSQL) before it is
 * used, never started from zero. Each settlement is done once: a replay finds its marker and changes nothing.
 * Settlements ride with the next check ({@link Settler}): a reservation is held up to a couple of milliseconds
 * after its call ended.
 *
 * <p>While Redis is away, reservations fail closed (503) or, in fail-open mode, are held on this instance's own
 * ledger starting from the last figures Redis gave; settlements of reservations Redis granted are queued, and
 * spend made on this instance is added to Redis when it is back ({@link #replay}), unless Redis lost its data
 * meanwhile (a new epoch), when the rebuild from the ledger already has it.
 */
final class RedisSpendLedger implements SpendLedger {
  static final BigDecimal NANOS = BigDecimal.valueOf(1_000_000_000L);
  private static final String LOCAL = "local:";
  /** How long a settled marker stays: longer than any replay waits. */
  private static final int MARKER_SECONDS = 86_400;
  /** How long a budget's figures stay without use: longer than the longest period. */
  private static final long FIGURES_SECONDS = 400L * 86_400;

  private final String ns;
  private final Availability redis;
  private final Scripts scripts;
  private final Leases leases;
  private final java.time.Clock clock;
  private final SpendHistory history;
  private final Supplier<String> epoch;
  private final InMemorySpendLedger local = new InMemorySpendLedger();
  /** The last spent figure Redis gave per line: where the local ledger starts when Redis goes away. */
  private final Map<Period, BigDecimal> lastSpent = new ConcurrentHashMap<>();
  /** Spend made on the local ledger while Redis was away, each to add to Redis once (by its id). */
  private final Queue<Batch> pendingSpend = new ConcurrentLinkedQueue<>();
  /** Settlements of reservations Redis granted, made while it was away. */
  private final Queue<Settlement> pendingSettlements = new ConcurrentLinkedQueue<>();
  /** Reservations the local ledger granted while Redis was away, by id, with the epoch they were made in. */
  private final Map<String, LocalHold> locals = new ConcurrentHashMap<>();

  private record Period(String key, Instant start) {}

  private record Batch(String id, Period period, BigDecimal amount, String epoch) {}

  private record LocalHold(Reservation inner, String epoch) {}

  private record Settlement(Reservation reservation, BigDecimal actual, String epoch) {}

  private final Settler settler;

  RedisSpendLedger(String ns, Availability redis, Scripts scripts, Leases leases, java.time.Clock clock,
                   SpendHistory history, Supplier<String> epoch, Settler settler) {
    this.settler = settler;
    this.ns = ns;
    this.redis = redis;
    this.scripts = scripts;
    this.leases = leases;
    this.clock = clock;
    this.history = history;
    this.epoch = epoch;
  }

  private String base(Line line) {
    return ns + ":budget:" + line.key() + ":" + line.periodStart().toEpochMilli();
  }

  static long nanos(BigDecimal usd) {
    return usd.multiply(NANOS).setScale(0, RoundingMode.HALF_UP).longValueExact();
  }

  static BigDecimal usd(long nanos) {
    return BigDecimal.valueOf(nanos).divide(NANOS).stripTrailingZeros();
  }

  private List<String> keys(List<Line> lines) {
    List<String> keys = new ArrayList<>(lines.size() * 4);
    for (Line l : lines) {
      String b = base(l);
      keys.add(b + ":spent");
      keys.add(b + ":reserved");
      keys.add(b + ":leases");
    }
    for (Line l : lines) {
      keys.add(base(l) + ":amounts");
    }
    return keys;
  }

  private List<String> leaseSets(List<Line> lines) {
    List<String> sets = new ArrayList<>(lines.size());
    lines.forEach(l -> sets.add(base(l) + ":leases"));
    return sets;
  }

  @Override
  public Reservation reserve(List<Line> lines, BigDecimal amount) {
    String id = UUID.randomUUID().toString();
    long nanoAmount = nanos(amount);
    try {
      for (int attempt = 0; ; attempt++) {
        long now = clock.millis();
        List<String> args = new ArrayList<>(5 + lines.size());
        args.add(Integer.toString(lines.size()));
        args.add(Long.toString(nanoAmount));
        args.add(id);
        args.add(Long.toString(now));
        args.add(Long.toString(now + Leases.LEASE.toMillis()));
        lines.forEach(l -> args.add(Long.toString(nanos(l.limit()))));
        List<String> keys = keys(lines);
        List<?> r = (List<?>) settler.runWith(scripts.ledgerReserve, keys, args);
        long status = (Long) r.get(0);
        if (status == 1L) {
          for (int i = 0; i < lines.size(); i++) {
            lastSpent.put(new Period(lines.get(i).key(), lines.get(i).periodStart()), usd((Long) r.get(i + 1)));
          }
          leases.holdReservation(leaseSets(lines), id);
          return new Reservation(lines, amount, null, null, id);
        }
        Line line = lines.get((int) (long) (Long) r.get(1) - 1);
        if (status == 0L) {
          return new Reservation(lines, amount, line, usd((Long) r.get(2)), null);
        }
        if (attempt > 2) {
          throw new IllegalStateException("budget " + line.key() + " could not be rebuilt in Redis");
        }
        rebuild(line);
      }
    } catch (Availability.Away away) {
      redis.failOpen(away);
      for (Line l : lines) {
        local.restore(l.key(), l.periodStart(), lastSpent.computeIfAbsent(new Period(l.key(), l.periodStart()),
            p -> fromHistory(l)));
      }
      Reservation r = local.reserve(lines, amount);
      if (!r.granted()) {
        return r;
      }
      String localId = LOCAL + UUID.randomUUID();
      locals.put(localId, new LocalHold(r, epoch.get()));
      return new Reservation(lines, amount, null, null, localId);
    }
  }

  private BigDecimal fromHistory(Line l) {
    try {
      return history.spent(l.key(), l.periodStart());
    } catch (RuntimeException e) {
      return BigDecimal.ZERO; // the durable ledger is away too: this instance counts from what it sees
    }
  }

  /** Sets a line's spent figure from the durable ledger, unless another instance did first. */
  private void rebuild(Line line) {
    BigDecimal spent;
    try {
      spent = history.spent(line.key(), line.periodStart());
    } catch (RuntimeException e) {
      throw new dev.llmrouter.api.StateUnavailableException("budget " + line.key() + " cannot be checked: Redis "
          + "does not hold its figure and the spend ledger it is rebuilt from is unreachable (" + e.getMessage()
          + ")", "database", e);
    }
    redis.call(j -> j.set(base(line) + ":spent", Long.toString(nanos(spent)),
        SetParams.setParams().nx().ex(FIGURES_SECONDS)));
  }

  @Override
  public void commit(Reservation reservation, BigDecimal actual) {
    settle(reservation, actual);
  }

  @Override
  public void release(Reservation reservation) {
    settle(reservation, BigDecimal.ZERO);
  }

  private void settle(Reservation reservation, BigDecimal actual) {
    if (reservation.id() == null || !reservation.granted()) {
      return;
    }
    LocalHold hold = locals.remove(reservation.id());
    if (hold != null) {
      local.commit(hold.inner(), actual);
      if (actual.signum() != 0) {
        for (Line l : reservation.lines()) {
          pendingSpend.add(new Batch(UUID.randomUUID().toString(), new Period(l.key(), l.periodStart()), actual,
              hold.epoch()));
        }
      }
      return;
    }
    leases.dropReservation(leaseSets(reservation.lines()), reservation.id());
    String epochNow = epoch.get();
    settler.submit(new Settler.Op() {
      @Override
      public redis.clients.jedis.Response<Object> send(redis.clients.jedis.UnifiedJedis j,
                                                       redis.clients.jedis.AbstractPipeline p) {
        return scripts.ledgerSettle.send(j, p, settleKeys(reservation), settleArgs(reservation, actual, ""));
      }

      @Override
      public void run(redis.clients.jedis.UnifiedJedis j) {
        runSettle(j, reservation, actual, "");
      }

      @Override
      public void away(boolean ambiguous) { // replayed with its marker: done once, whichever way it went
        pendingSettlements.add(new Settlement(reservation, actual, epochNow));
      }
    });
  }

  private Object runSettle(redis.clients.jedis.UnifiedJedis j, Reservation reservation, BigDecimal actual,
                           String epochThen) {
    return scripts.ledgerSettle.run(j, settleKeys(reservation), settleArgs(reservation, actual, epochThen));
  }

  private List<String> settleKeys(Reservation reservation) {
    List<String> keys = new ArrayList<>();
    keys.add(ns + ":settled:" + reservation.id());
    keys.add(ns + ":epoch");
    keys.addAll(keys(reservation.lines()));
    return keys;
  }

  private static List<String> settleArgs(Reservation reservation, BigDecimal actual, String epochThen) {
    return List.of(Integer.toString(reservation.lines().size()), reservation.id(), Long.toString(nanos(actual)),
        Integer.toString(MARKER_SECONDS), epochThen);
  }

  /** What was spent, with this instance's settlements sent first. */
  @Override
  public BigDecimal spent(String key, Instant periodStart) {
    settler.awaitSent();
    String k = ns + ":budget:" + key + ":" + periodStart.toEpochMilli() + ":spent";
    try {
      String v = redis.call(j -> j.get(k));
      return v == null ? history.spent(key, periodStart) : usd(Long.parseLong(v));
    } catch (Availability.Away away) {
      return local.spent(key, periodStart);
    }
  }

  @Override
  public void restore(String key, Instant periodStart, BigDecimal spent) {
    String k = ns + ":budget:" + key + ":" + periodStart.toEpochMilli() + ":spent";
    try {
      redis.call(j -> j.set(k, Long.toString(nanos(spent)), SetParams.setParams().nx().ex(FIGURES_SECONDS)));
    } catch (Availability.Away away) {
      local.restore(key, periodStart, spent);
    }
  }

  /**
   * Replays what was settled and spent here while Redis was away; each once (a replay that fails stays queued).
   * Runs before Redis is marked back, so no new reservation sees Redis without it.
   */
  void replay() {
    Settlement s;
    while ((s = pendingSettlements.peek()) != null) {
      Settlement settlement = s;
      redis.direct(j -> runSettle(j, settlement.reservation(), settlement.actual(), settlement.epoch()));
      pendingSettlements.poll();
    }
    Batch b;
    while ((b = pendingSpend.peek()) != null) {
      Batch batch = b;
      String spentKey = ns + ":budget:" + batch.period().key() + ":" + batch.period().start().toEpochMilli()
          + ":spent";
      redis.direct(j -> scripts.ledgerAdd.run(j, List.of(ns + ":added:" + batch.id(), ns + ":epoch", spentKey),
          List.of(Long.toString(nanos(batch.amount())), Integer.toString(MARKER_SECONDS), batch.epoch())));
      pendingSpend.poll();
    }
  }

  int pendingCount() {
    return pendingSettlements.size() + pendingSpend.size();
  }
}
