package dev.llmrouter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.Cost;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.Message;
import dev.llmrouter.api.StateUnavailableException;
import dev.llmrouter.api.Usage;
import dev.llmrouter.config.RedisSettings.FailureMode;
import dev.llmrouter.spi.state.ResponseStore;
import dev.llmrouter.spi.state.SpendLedger;
import dev.llmrouter.spi.state.WindowCounter;
import dev.llmrouter.testing.FakeClock;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** Against the machine's Redis; each test in a namespace of its own. Two states stand for two proxies. */
class RedisStateTest {
  private final String ns = TestRedis.namespace();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    TestRedis.wipe(ns, TestRedis.PORT);
  }

  private RedisState state(Clock clock) {
    return state(clock, TestRedis.PORT, FailureMode.CLOSED);
  }

  private RedisState state(Clock clock, int port, FailureMode mode) {
    RedisState s = RedisState.connect(TestRedis.settings(ns, port, mode), clock);
    open.add(s);
    return s;
  }

  private static <T> List<T> concurrently(int calls, Callable<T> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        futures.add(pool.submit(call));
      }
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Waits for something another thread (pub/sub, the probe) does; fails after 5 s. */
  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 5 s");
      }
      Thread.onSpinWait();
    }
  }

  @Test
  void aWindowIsExactAcrossInstances() throws Exception {
    Clock clock = Clock.systemUTC();
    WindowCounter a = state(clock).windowCounter();
    WindowCounter b = state(clock).windowCounter();
    Instant start = Instant.parse("2026-12-02T10:00:00Z");
    AtomicInteger turn = new AtomicInteger();
    List<Boolean> added = concurrently(300, () -> (turn.incrementAndGet() % 2 == 0 ? a : b)
        .tryAdd("key:k1:requests_per_minute", start, Duration.ofMinutes(1), 1, 60).added());
    assertThat(added.stream().filter(x -> x).count()).isEqualTo(60);
    WindowCounter.Outcome after = a.tryAdd("key:k1:requests_per_minute", start, Duration.ofMinutes(1), 1, 60);
    assertThat(after.added()).isFalse();
    assertThat(after.count()).isEqualTo(60);
  }

  @Test
  void aWindowRedisLostStartsFromWhatTheLedgerSaysNotFromZero() {
    Instant start = Instant.parse("2026-12-02T10:00:00Z");
    long[] ledger = {40};
    RedisState s = state(Clock.systemUTC());
    WindowCounter w = s.windowCounter((key, from, window) ->
        key.equals("key:k9:requests_per_minute") && from.equals(start) ? ledger[0] : 0);
    assertThat(w.tryAdd("key:k9:requests_per_minute", start, Duration.ofMinutes(1), 1, 60).count()).isEqualTo(41);
    ledger[0] = 41; // the call is in the ledger too
    TestRedis.wipe(ns, TestRedis.PORT);
    w.add("key:k9:requests_per_minute", start, Duration.ofMinutes(1), 5); // a settlement does not re-create it
    s.awaitSettled();
    assertThat(w.tryAdd("key:k9:requests_per_minute", start, Duration.ofMinutes(1), 1, 60).count()).isEqualTo(42);
    assertThat(w.tryAdd("key:k9:requests_per_minute", start, Duration.ofMinutes(1), 19, 60).added()).isFalse();
  }

  @Test
  void aBudgetIsExactAcrossInstancesAndSpendsWhatCallsCost() throws Exception {
    Clock clock = Clock.systemUTC();
    SpendLedger a = state(clock).spendLedger(SpendHistory.NONE);
    SpendLedger b = state(clock).spendLedger(SpendHistory.NONE);
    Instant day = Instant.parse("2026-12-02T00:00:00Z");
    List<SpendLedger.Line> lines = List.of(new SpendLedger.Line("tenant:eng:daily", day, new BigDecimal("1.00")),
        new SpendLedger.Line("key:k1:daily", day, new BigDecimal("5.00")));
    AtomicInteger turn = new AtomicInteger();
    List<Boolean> granted = concurrently(500, () -> {
      SpendLedger l = turn.incrementAndGet() % 2 == 0 ? a : b;
      SpendLedger.Reservation r = l.reserve(lines, new BigDecimal("0.05"));
      if (r.granted()) {
        l.commit(r, new BigDecimal("0.04"));
      }
      return r.granted();
    });
    // 0.05 reserved while in flight, 0.04 spent: at most 1.00 reserved-or-spent at any time
    assertThat(granted.stream().filter(x -> x).count()).isBetween(20L, 25L);
    long n = granted.stream().filter(x -> x).count();
    assertThat(a.spent("tenant:eng:daily", day)).isEqualByComparingTo(new BigDecimal("0.04").multiply(
        BigDecimal.valueOf(n)));
    assertThat(b.spent("key:k1:daily", day)).isEqualByComparingTo(a.spent("tenant:eng:daily", day));
    SpendLedger.Reservation refused = a.reserve(lines, new BigDecimal("0.05"));
    assertThat(refused.granted()).isFalse();
    assertThat(refused.refusedBy().key()).isEqualTo("tenant:eng:daily");
  }

  @Test
  void exactlyTheCallsABudgetCoversAreGranted() throws Exception {
    Clock clock = Clock.systemUTC();
    SpendLedger a = state(clock).spendLedger(SpendHistory.NONE);
    SpendLedger b = state(clock).spendLedger(SpendHistory.NONE);
    Instant day = Instant.parse("2026-12-02T00:00:00Z");
    List<SpendLedger.Line> lines = List.of(new SpendLedger.Line("tenant:eng:daily", day, new BigDecimal("1.00")));
    AtomicInteger turn = new AtomicInteger();
    List<Boolean> granted = concurrently(500, () -> {
      SpendLedger l = turn.incrementAndGet() % 2 == 0 ? a : b;
      SpendLedger.Reservation r = l.reserve(lines, new BigDecimal("0.05"));
      if (r.granted()) {
        l.commit(r, new BigDecimal("0.05"));
      }
      return r.granted();
    });
    assertThat(granted.stream().filter(x -> x).count()).isEqualTo(20);
    assertThat(a.spent("tenant:eng:daily", day)).isEqualByComparingTo("1.00");
  }

  @Test
  void aSettlementCountsOnceAndAReleaseGivesTheReservationBack() {
    SpendLedger l = state(Clock.systemUTC()).spendLedger(SpendHistory.NONE);
    Instant day = Instant.parse("2026-12-02T00:00:00Z");
    List<SpendLedger.Line> lines = List.of(new SpendLedger.Line("key:k2:daily", day, new BigDecimal("0.10")));
    SpendLedger.Reservation r = l.reserve(lines, new BigDecimal("0.06"));
    assertThat(l.reserve(lines, new BigDecimal("0.06")).granted()).isFalse(); // 0.06 held
    l.commit(r, new BigDecimal("0.03"));
    l.commit(r, new BigDecimal("0.03")); // a second settlement changes nothing
    assertThat(l.spent("key:k2:daily", day)).isEqualByComparingTo("0.03");
    SpendLedger.Reservation r2 = l.reserve(lines, new BigDecimal("0.06"));
    assertThat(r2.granted()).isTrue();
    l.release(r2);
    assertThat(l.spent("key:k2:daily", day)).isEqualByComparingTo("0.03");
    assertThat(l.reserve(lines, new BigDecimal("0.07")).granted()).isTrue();
  }

  @Test
  void aBudgetRedisLostIsRebuiltFromTheLedgerNotFromZero() {
    Instant day = Instant.parse("2026-12-02T00:00:00Z");
    BigDecimal[] recorded = {new BigDecimal("0.90")};
    SpendLedger l = state(Clock.systemUTC()).spendLedger((key, start) -> key.equals("tenant:eng:daily")
        && start.equals(day) ? recorded[0] : BigDecimal.ZERO);
    List<SpendLedger.Line> lines = List.of(new SpendLedger.Line("tenant:eng:daily", day, new BigDecimal("1.00")));
    SpendLedger.Reservation r = l.reserve(lines, new BigDecimal("0.05"));
    assertThat(r.granted()).isTrue();
    l.commit(r, new BigDecimal("0.05"));
    recorded[0] = new BigDecimal("0.95"); // the ledger has the call too
    assertThat(l.spent("tenant:eng:daily", day)).isEqualByComparingTo("0.95");

    TestRedis.wipe(ns, TestRedis.PORT); // a flush, a restart without persistence, an eviction
    SpendLedger.Reservation again = l.reserve(lines, new BigDecimal("0.05"));
    assertThat(again.granted()).isTrue();
    l.commit(again, new BigDecimal("0.05"));
    assertThat(l.spent("tenant:eng:daily", day)).isEqualByComparingTo("1.00");
    assertThat(l.reserve(lines, new BigDecimal("0.01")).granted()).isFalse();
  }

  @Test
  void whatADeadInstanceHeldIsGivenBackWhenItsLeasesEnd() {
    FakeClock clock = new FakeClock(Instant.now());
    RedisState dying = state(clock);
    RedisState alive = state(clock);
    Instant day = Instant.parse("2026-12-02T00:00:00Z");
    List<SpendLedger.Line> lines = List.of(new SpendLedger.Line("tenant:eng:daily", day, new BigDecimal("1.00")));
    assertThat(dying.spendLedger(SpendHistory.NONE).reserve(lines, new BigDecimal("0.80")).granted()).isTrue();
    assertThat(dying.parallelCounter().tryAcquire("key:k1:max_parallel_requests", 1)).isTrue();
    SpendLedger ledger = alive.spendLedger(SpendHistory.NONE);
    assertThat(ledger.reserve(lines, new BigDecimal("0.80")).granted()).isFalse();
    assertThat(alive.parallelCounter().tryAcquire("key:k1:max_parallel_requests", 1)).isFalse();

    // the dying instance stops renewing (SIGKILL); its leases end LEASE later
    clock.advance(Leases.LEASE.minusSeconds(1));
    assertThat(ledger.reserve(lines, new BigDecimal("0.80")).granted()).isFalse();
    clock.advance(Duration.ofSeconds(2));
    assertThat(ledger.reserve(lines, new BigDecimal("0.80")).granted()).isTrue();
    assertThat(alive.parallelCounter().tryAcquire("key:k1:max_parallel_requests", 1)).isTrue();
  }

  @Test
  void leasesOfALiveInstanceAreRenewed() {
    FakeClock clock = new FakeClock(Instant.now());
    RedisState holder = state(clock);
    RedisState other = state(clock);
    assertThat(holder.parallelCounter().tryAcquire("key:k3:max_parallel_requests", 1)).isTrue();
    for (int i = 0; i < 6; i++) { // 30 s of a long stream, renewed every 5 s
      clock.advance(Leases.RENEW_EVERY);
      holder.status(); // nothing
      renew(holder);
      assertThat(other.parallelCounter().tryAcquire("key:k3:max_parallel_requests", 1)).isFalse();
    }
    holder.parallelCounter().release("key:k3:max_parallel_requests");
    assertThat(other.parallelCounter().tryAcquire("key:k3:max_parallel_requests", 1)).isTrue();
  }

  private static void renew(RedisState s) {
    try {
      var f = RedisState.class.getDeclaredField("leases");
      f.setAccessible(true);
      ((Leases) f.get(s)).renew();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aCooldownReachesEveryInstanceAndOnesStartedLater() {
    Clock clock = Clock.systemUTC();
    RedisState a = state(clock);
    RedisState b = state(clock);
    await(() -> subscribed(b));
    Instant until = clock.instant().plusSeconds(60);
    a.cooldownStore().coolDown("gpt-4o-mini#0", until);
    await(() -> b.cooldownStore().until("gpt-4o-mini#0").isPresent());
    assertThat(b.cooldownStore().until("gpt-4o-mini#0")).contains(Instant.ofEpochMilli(until.toEpochMilli()));
    RedisState late = state(clock);
    await(() -> late.cooldownStore().until("gpt-4o-mini#0").isPresent());
    // a shorter one does not cut it short
    b.cooldownStore().coolDown("gpt-4o-mini#0", clock.instant().plusSeconds(5));
    assertThat(a.cooldownStore().until("gpt-4o-mini#0")).contains(until);
  }

  private static boolean subscribed(RedisState s) {
    try {
      var f = RedisState.class.getDeclaredField("pubSub");
      f.setAccessible(true);
      return ((redis.clients.jedis.JedisPubSub) f.get(s)).isSubscribed();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void oneInstancesAnswerIsAHitOnAnotherWithEveryBlockKept() {
    Clock clock = Clock.systemUTC();
    ResponseStore a = state(clock).responseStore();
    ResponseStore b = state(clock).responseStore();
    ChatRequest request = ChatRequest.builder().model("gpt-4o-mini").addMessage(Message.user("hi")).build();
    ChatResponse response = new ChatResponse("chatcmpl-1", "gpt-4o-mini", "gpt-4o-mini#0", "gpt-4o-mini-2024",
        List.of(new ContentBlock.Thinking("hmm", "sig=="), new ContentBlock.Text("hello"),
            new ContentBlock.ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}", null)),
        FinishReason.TOOL_CALLS, "tool_calls", new Usage(10, 5, 2, 1, 3), Cost.usd(new BigDecimal("0.000015")),
        null);
    assertThat(b.get(request)).isEmpty();
    a.put(request, response, Duration.ofSeconds(30));
    ResponseStore.Entry hit = b.get(request).orElseThrow();
    assertThat(hit.response()).isEqualTo(response);
    assertThat(b.get(ChatRequest.builder().model("gpt-4o-mini").addMessage(Message.user("hi!")).build())).isEmpty();
    try (RedisClient c = RedisClient.create(TestRedis.HOST, TestRedis.PORT)) {
      String key = c.keys(ns + ":response:*").iterator().next();
      assertThat(c.pttl(key)).isBetween(1L, 30_000L);
    }
  }

  @Test
  void anEmbeddingAnswerIsAHitOnAnotherInstanceWithItsVectorsExact() {
    Clock clock = Clock.systemUTC();
    ResponseStore a = state(clock).responseStore();
    ResponseStore b = state(clock).responseStore();
    ChatRequest request = ChatRequest.ofEmbedding("text-embedding-3-small", List.of("one", "two"), 3, null, null);
    ChatResponse response = new ChatResponse("embedding", "emb", "emb#0", "text-embedding-3-small",
        List.of(new ContentBlock.Vector(0, new float[] {0.1f, -2.5e-7f, Float.MAX_VALUE}),
            new ContentBlock.Vector(1, new float[] {1f, 0f, -0f})),
        FinishReason.STOP, "stop", Usage.of(4, 0), Cost.usd(new BigDecimal("0.00000008")), null);
    a.put(request, response, Duration.ofSeconds(30));
    assertThat(b.get(request).orElseThrow().response()).isEqualTo(response);
    assertThat(b.get(ChatRequest.ofEmbedding("text-embedding-3-small", List.of("one", "two"), 4, null, null)))
        .as("other dimensions, another answer").isEmpty();
  }

  @Test
  void failClosedRefusesAtOnceNamingRedisWhenItIsAway() {
    int nothing = TestRedis.freePort();
    RedisState s = state(Clock.systemUTC(), nothing, FailureMode.CLOSED);
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> s.windowCounter().tryAdd("key:k:rpm", Instant.EPOCH, Duration.ofMinutes(1), 1, 10))
        .isInstanceOf(StateUnavailableException.class)
        .hasMessageContaining("Redis at 127.0.0.1:" + nothing + " is unreachable")
        .hasMessageContaining("fails closed");
    assertThatThrownBy(() -> s.spendLedger(SpendHistory.NONE).reserve(List.of(new SpendLedger.Line("k",
        Instant.EPOCH, BigDecimal.ONE)), BigDecimal.ONE)).isInstanceOf(StateUnavailableException.class);
    assertThatThrownBy(() -> s.parallelCounter().tryAcquire("k", 1)).isInstanceOf(StateUnavailableException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
    assertThat(s.status().up()).isFalse();
    assertThat(s.status().refusals()).isEqualTo(3);
    assertThat(s.reachable()).isFalse();
  }
}
