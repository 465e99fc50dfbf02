package dev.llmrouter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.StateUnavailableException;
import dev.llmrouter.config.RedisSettings.FailureMode;
import dev.llmrouter.spi.state.SpendLedger;
import dev.llmrouter.spi.state.WindowCounter;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis going away under the router, on a redis-server of the test's own: frozen (SIGSTOP: nothing answers, as in
 * a hang or a partition; its data stays) or stopped and started again (its data is gone).
 */
class RedisOutageTest {
  private static final Duration TIMEOUT = Duration.ofMillis(250);
  private static final Instant DAY = Instant.parse("2026-12-02T00:00:00Z");
  private static final List<SpendLedger.Line> LINES =
      List.of(new SpendLedger.Line("tenant:eng:daily", DAY, new BigDecimal("10.00")));

  private final String ns = TestRedis.namespace();
  private final Clock clock = Clock.systemUTC();
  private TestRedis.Own redis;
  private RedisState state;

  @BeforeEach
  void start() {
    redis = new TestRedis.Own();
  }

  @AfterEach
  void stop() throws Exception {
    if (state != null) {
      state.close();
    }
    redis.close();
  }

  private RedisState connect(FailureMode mode, SpendHistory history) {
    state = RedisState.connect(TestRedis.settings(ns, redis.port, mode), clock);
    state.spendLedger(history);
    return state;
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.onSpinWait();
    }
  }

  private static Duration timed(Runnable r) {
    long t0 = System.nanoTime();
    r.run();
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  @Test
  void failClosedRefusesWithA503NamingRedisAndNoCallWaitsLongerThanTheTimeout() throws Exception {
    RedisState s = connect(FailureMode.CLOSED, SpendHistory.NONE);
    WindowCounter w = s.windowCounter();
    assertThat(w.tryAdd("key:k:rpm", DAY, Duration.ofMinutes(1), 1, 100).added()).isTrue();
    redis.freeze();
    Duration first = timed(() -> assertThatThrownBy(() -> w.tryAdd("key:k:rpm", DAY, Duration.ofMinutes(1), 1, 100))
        .isInstanceOf(StateUnavailableException.class).hasMessageContaining("Redis at 127.0.0.1:" + redis.port));
    // the first call finds it away within the timeout; the ones after it do not wait at all
    assertThat(first).isLessThan(TIMEOUT.plusMillis(50));
    Duration next = timed(() -> assertThatThrownBy(() -> s.spendLedger(SpendHistory.NONE).reserve(LINES,
        BigDecimal.ONE)).isInstanceOf(StateUnavailableException.class));
    assertThat(next).isLessThan(Duration.ofMillis(50));
    redis.thaw();
    await(() -> s.status().up());
    // the call caught in flight may be counted by Redis when it resumes (at most once); the refused ones after it not
    assertThat(w.tryAdd("key:k:rpm", DAY, Duration.ofMinutes(1), 1, 100).count()).isBetween(2L, 3L);
  }

  @Test
  void failOpenServesOnLocalCountersAndAddsThemToRedisWhenItIsBack() throws Exception {
    RedisState s = connect(FailureMode.OPEN, SpendHistory.NONE);
    WindowCounter w = s.windowCounter();
    SpendLedger ledger = s.spendLedger(SpendHistory.NONE);
    // a window that began now, not at the minute: the replay drops windows that have passed, and a test that
    // started at :59 would see its window pass before Redis is back
    Instant minute = clock.instant();
    for (int i = 0; i < 3; i++) {
      assertThat(w.tryAdd("key:k:tpm", minute, Duration.ofMinutes(1), 100, 10_000).added()).isTrue();
      ledger.commit(ledger.reserve(LINES, new BigDecimal("0.50")), new BigDecimal("0.25"));
    }
    SpendLedger.Reservation inFlight = ledger.reserve(LINES, new BigDecimal("0.50")); // granted by Redis
    redis.freeze();
    Duration first = timed(() -> w.tryAdd("key:k:tpm", minute, Duration.ofMinutes(1), 100, 10_000));
    assertThat(first).isLessThan(TIMEOUT.plusMillis(50));
    for (int i = 0; i < 4; i++) {
      Duration d = timed(() -> {
        assertThat(w.tryAdd("key:k:tpm", minute, Duration.ofMinutes(1), 100, 10_000).added()).isTrue();
        SpendLedger.Reservation r = ledger.reserve(LINES, new BigDecimal("0.50"));
        assertThat(r.granted()).isTrue(); // on the local ledger, from the 0.75 Redis last said
        ledger.commit(r, new BigDecimal("0.25"));
      });
      assertThat(d).isLessThan(Duration.ofMillis(50));
    }
    ledger.commit(inFlight, new BigDecimal("0.10")); // queued: Redis granted it
    assertThat(s.status().fallbacks()).isGreaterThanOrEqualTo(9);
    assertThat(s.status().pending()).isPositive();

    redis.thaw();
    await(() -> s.status().up());
    assertThat(s.status().pending()).isZero();
    // 3 + 5 adds of 100, each once (the one caught in flight Redis made when it resumed); 7 calls of 0.25 and the
    // in-flight one of 0.10, each once
    assertThat(w.tryAdd("key:k:tpm", minute, Duration.ofMinutes(1), 0, 10_000).count()).isEqualTo(800);
    assertThat(ledger.spent("tenant:eng:daily", DAY)).isEqualByComparingTo("1.85");
  }

  @Test
  void aRedisThatLostItsDataIsRebuiltFromTheLedgerWithoutCountingTheOutageTwice() throws Exception {
    BigDecimal[] ledgerSays = {BigDecimal.ZERO}; // the durable spend log: each call's cost, once
    SpendHistory history = (key, start) -> ledgerSays[0];
    RedisState s = connect(FailureMode.OPEN, history);
    SpendLedger ledger = s.spendLedger(history);
    for (int i = 0; i < 2; i++) {
      ledger.commit(ledger.reserve(LINES, new BigDecimal("0.50")), new BigDecimal("0.25"));
      ledgerSays[0] = ledgerSays[0].add(new BigDecimal("0.25"));
    }
    redis.stop();
    for (int i = 0; i < 2; i++) {
      SpendLedger.Reservation r = ledger.reserve(LINES, new BigDecimal("0.50"));
      assertThat(r.granted()).isTrue();
      ledger.commit(r, new BigDecimal("0.25"));
      ledgerSays[0] = ledgerSays[0].add(new BigDecimal("0.25"));
    }
    redis.start(); // empty: a restart without persistence
    await(() -> s.status().up());
    SpendLedger.Reservation r = ledger.reserve(LINES, new BigDecimal("0.50"));
    assertThat(r.granted()).isTrue();
    ledger.release(r);
    assertThat(ledger.spent("tenant:eng:daily", DAY)).isEqualByComparingTo("1.00"); // not 1.50
  }
}
