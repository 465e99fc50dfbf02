package dev.llmrouter.providers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link CallDeadlines} on a fake clock: no thread sweeps, the test does. */
class CallDeadlinesTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final CallDeadlines deadlines = new CallDeadlines(now::get, false);

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  void aCallPastItsLimitIsCancelledWithinOneTick() {
    AtomicInteger cancels = new AtomicInteger();
    CallDeadlines.Deadline d = deadlines.start(cancels::incrementAndGet, Duration.ofMillis(200));
    advance(Duration.ofMillis(199));
    assertThat(deadlines.sweep()).isZero();
    assertThat(d.passed()).isFalse();
    advance(Duration.ofMillis(1).plus(CallDeadlines.TICK));
    assertThat(deadlines.sweep()).isEqualTo(1);
    assertThat(d.passed()).isTrue();
    assertThat(cancels).hasValue(1);
    assertThat(deadlines.sweep()).as("cancelled once").isZero();
    assertThat(cancels).hasValue(1);
  }

  @Test
  void aCallThatEndsInTimeIsNeverCancelledAndLeavesNothingBehind() {
    AtomicInteger cancels = new AtomicInteger();
    for (int i = 0; i < 1000; i++) {
      deadlines.start(cancels::incrementAndGet, Duration.ofSeconds(1)).close();
    }
    assertThat(deadlines.size()).isZero();
    advance(Duration.ofSeconds(2));
    assertThat(deadlines.sweep()).isZero();
    assertThat(cancels).hasValue(0);
  }

  @Test
  void onlyTheCallsDueAreCancelled() {
    AtomicInteger shortOnes = new AtomicInteger();
    AtomicInteger longOnes = new AtomicInteger();
    for (int i = 0; i < 50; i++) {
      deadlines.start(shortOnes::incrementAndGet, Duration.ofMillis(100));
      deadlines.start(longOnes::incrementAndGet, Duration.ofSeconds(10));
    }
    advance(Duration.ofMillis(500));
    assertThat(deadlines.sweep()).isEqualTo(50);
    assertThat(shortOnes).hasValue(50);
    assertThat(longOnes).hasValue(0);
    assertThat(deadlines.size()).isEqualTo(50);
    advance(Duration.ofSeconds(10));
    assertThat(deadlines.sweep()).isEqualTo(50);
    assertThat(deadlines.size()).isZero();
  }

  @Test
  void aStreamSilentForItsIdleLimitIsCancelled() {
    AtomicInteger cancels = new AtomicInteger();
    CallDeadlines.Deadline d = deadlines.startStream(cancels::incrementAndGet, null, Duration.ofMillis(200));
    advance(Duration.ofMillis(100));
    d.touch();
    advance(Duration.ofMillis(150)); // 250 ms from the start, 150 from the last byte
    assertThat(deadlines.sweep()).isZero();
    assertThat(deadlines.size()).as("moved to the bucket of its new limit").isEqualTo(1);
    advance(Duration.ofMillis(50).plus(CallDeadlines.TICK)); // past 200 ms from the last byte
    assertThat(deadlines.sweep()).isEqualTo(1);
    assertThat(d.passed()).isTrue();
    assertThat(cancels).hasValue(1);
    assertThat(deadlines.size()).isZero();
  }

  @Test
  void aStreamThatKeepsReadingOutlivesItsIdleLimitButNotItsWholeLimit() {
    AtomicInteger cancels = new AtomicInteger();
    CallDeadlines.Deadline d = deadlines.startStream(cancels::incrementAndGet, Duration.ofSeconds(1),
        Duration.ofMillis(200));
    for (int ms = 0; ms < 990; ms += 30) { // a byte every 30 ms, swept as often
      advance(Duration.ofMillis(30));
      d.touch();
      assertThat(deadlines.sweep()).as("at %d ms", ms + 30).isZero();
    }
    advance(Duration.ofMillis(20).plus(CallDeadlines.TICK)); // 1 s and a tick from the start
    d.touch();
    assertThat(deadlines.sweep()).isEqualTo(1);
    assertThat(d.passed()).isTrue();
    assertThat(cancels).hasValue(1);
  }

  @Test
  void aStreamThatEndsAfterItWasMovedLeavesNothingBehind() {
    AtomicInteger cancels = new AtomicInteger();
    CallDeadlines.Deadline d = deadlines.startStream(cancels::incrementAndGet, null, Duration.ofMillis(100));
    advance(Duration.ofMillis(80));
    d.touch();
    advance(Duration.ofMillis(40));
    assertThat(deadlines.sweep()).isZero(); // moved to 180 ms
    d.close();
    assertThat(deadlines.size()).isZero();
    advance(Duration.ofSeconds(1));
    assertThat(deadlines.sweep()).isZero();
    assertThat(cancels).hasValue(0);
  }

  @Test
  void theSweeperThreadCancelsOnTheRealClock() throws Exception {
    try (CallDeadlines real = new CallDeadlines()) {
      java.util.concurrent.CountDownLatch cancelled = new java.util.concurrent.CountDownLatch(1);
      CallDeadlines.Deadline d = real.start(cancelled::countDown, Duration.ofMillis(20));
      assertThat(cancelled.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(d.passed()).isTrue();
    }
  }
}
