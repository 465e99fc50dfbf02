package dev.llmrouter.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.Router;
import dev.llmrouter.api.BudgetExceededException;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.Principal;
import dev.llmrouter.internal.InMemorySpendLedger;
import dev.llmrouter.policy.Budget;
import dev.llmrouter.policy.KeyPolicy;
import dev.llmrouter.policy.Limits;
import dev.llmrouter.policy.ModelAccess;
import dev.llmrouter.policy.TenantPolicy;
import dev.llmrouter.spi.state.KeyHash;
import dev.llmrouter.testing.FakeClock;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every store engine must do, run against the real engines: the embedded H2 file and PostgreSQL on this
 * machine. Subclasses open the store.
 */
abstract class StoreContract {
  /** Output at $0.001 a token, input free: a call with max_tokens 10 writing 10 tokens costs exactly $0.01. */
  private static final String CONFIG = """
      model_list:
        - model_name: chat
          litellm_params: {model: openai/gpt-4o-mini, api_base: "${BASE}", api_key: sk-provider-x}
          model_info: {input_cost_per_token: 0, output_cost_per_token: 0.001}
      router_settings:
        num_retries: 0
      """;

  @StartStop
  final MockWebServer upstream = new MockWebServer();
  final FakeClock clock = new FakeClock(Instant.parse("2026-03-10T12:00:00Z"));
  TenantStore store;

  abstract TenantStore open(Clock clock);

  /** A plain JDBC connection to the same database, to read the tables as an auditor would. */
  abstract Connection connect() throws SQLException;

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  private Router router(InMemorySpendLedger ledger) {
    upstream.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().addHeader("Content-Type", "application/json").body("""
            {"id":"chatcmpl-1","object":"chat.completion","created":1741569952,"model":"gpt-4o-mini-2024-07-18",
             "choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":7,"completion_tokens":10,"total_tokens":17}}""").build();
      }
    });
    return Router.builder().configYaml(CONFIG).clock(clock).tenantDirectory(store).spendLog(store.spendLog())
        .spendLedger(ledger).environment(Map.of("BASE", upstream.url("/v1").toString())).build();
  }

  private static ChatRequest call(String tenant) {
    return ChatRequest.builder("chat").user("Hello").maxTokens(10).principal(Principal.tenant(tenant)).build();
  }

  @Test
  void keysAreStoredOnlyAsHashesAndAGeneratedOneHasTheSkPrefixAndItsRandomness() throws Exception {
    store = open(clock);
    store.createTenant(new TenantPolicy("eng", ModelAccess.of(List.of("gpt-4o-mini", "qwen-*")),
        List.of(Budget.daily(new BigDecimal("100")), Budget.monthly(new BigDecimal("3000"))),
        new Limits(60L, 1000L, null, 4L)));
    TenantStore.NewKey chosen = store.createKey(KeyPolicy.of("ignored", "eng"), "sk-eng-key-chosen");
    TenantStore.NewKey generated = store.createKey(new KeyPolicy("x", "eng", "ci bot", ModelAccess.of(List.of("qwen-*")),
        List.of(), Limits.NONE, null), null);

    assertThat(generated.key()).startsWith("sk-").hasSizeGreaterThanOrEqualTo(3 + 43); // 256 bits, base64url
    assertThat(generated.toString()).doesNotContain(generated.key());
    assertThat(store.keyByHash(KeyHash.of("sk-eng-key-chosen"))).contains(chosen.policy());
    assertThat(store.keyByHash(KeyHash.of(generated.key())).orElseThrow().label()).isEqualTo("ci bot");
    TenantPolicy eng = store.tenant("eng").orElseThrow();
    assertThat(eng.models().allows("qwen-coder")).isTrue();
    assertThat(eng.budgets()).extracting(Budget::name).containsExactly("daily", "monthly");
    assertThat(eng.limits()).isEqualTo(new Limits(60L, 1000L, null, 4L));

    List<String> everything = new ArrayList<>();
    try (Connection c = connect(); Statement st = c.createStatement()) {
      for (String table : List.of("tenants", "api_keys", "spend_log")) {
        try (ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= columns; i++) {
              everything.add(String.valueOf(rs.getObject(i)));
            }
          }
        }
      }
    }
    assertThat(everything).isNotEmpty().noneMatch(v -> v.contains("sk-eng-key-chosen") || v.contains(generated.key()));
    assertThat(everything).contains(KeyHash.of("sk-eng-key-chosen"));
  }

  @Test
  void aRotatedKeyWorksThroughItsGracePeriodThenNotAndARevokedOneStopsAtItsNextCall() {
    store = open(clock);
    store.createTenant(TenantPolicy.unrestricted("eng"));
    TenantStore.NewKey first = store.createKey(KeyPolicy.of("k", "eng"), null);
    try (Router router = router(new InMemorySpendLedger())) {
      assertThat(router.authenticate(first.key())).contains(Principal.key("eng", first.policy().id()));

      TenantStore.NewKey second = store.regenerateKey(first.policy().id(), Duration.ofHours(1), null);
      assertThat(router.authenticate(first.key())).as("in its grace period").isPresent();
      assertThat(router.authenticate(second.key())).contains(Principal.key("eng", second.policy().id()));
      clock.advance(Duration.ofHours(1));
      assertThat(router.authenticate(first.key())).as("after it").isEmpty();
      assertThat(router.complete(ChatRequest.builder("chat").user("Hi").maxTokens(10)
          .principal(Principal.key("eng", second.policy().id())).build()).text()).isEqualTo("hi");

      store.deleteKey(second.policy().id());
      assertThat(router.authenticate(second.key())).isEmpty();
      assertThatThrownBy(() -> router.complete(ChatRequest.builder("chat").user("Hi")
          .principal(Principal.key("eng", second.policy().id())).build()))
          .isInstanceOf(dev.llmrouter.api.InvalidKeyException.class);
    }
  }

  @Test
  void aBudgetForTenCallsServesExactlyTenAcrossARestartAndTheLogSumsToTheirCost() throws Exception {
    store = open(clock);
    store.createTenant(new TenantPolicy("eng", ModelAccess.all(), List.of(Budget.daily(new BigDecimal("0.10"))),
        Limits.NONE));
    try (Router router = router(new InMemorySpendLedger())) {
      for (int i = 0; i < 4; i++) {
        router.complete(call("eng"));
      }
    }
    store.close(); // the proxy restarts: its counters are gone, the spend log is not
    store = open(clock);
    InMemorySpendLedger ledger = new InMemorySpendLedger();
    store.restore(ledger, List.of(), clock.instant());
    assertThat(ledger.spent("tenant:eng:daily", Instant.parse("2026-03-10T00:00:00Z")))
        .isEqualByComparingTo("0.04");

    int served;
    try (Router router = router(ledger)) {
      served = concurrently(router, 200);
      assertThat(served).isEqualTo(6);
      store.flush();
      assertThat(store.spent("tenant", "eng", Instant.parse("2026-03-10T00:00:00Z"),
          Instant.parse("2026-03-11T00:00:00Z"))).isEqualByComparingTo("0.10");
      try (Connection c = connect(); Statement st = c.createStatement();
           ResultSet rs = st.executeQuery("SELECT status, COUNT(*) AS n, COALESCE(SUM(cost), 0) AS cost "
               + "FROM spend_log GROUP BY status ORDER BY status")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("status")).isEqualTo("failure");
        assertThat(rs.getLong("n")).isEqualTo(194);
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("status")).isEqualTo("success");
        assertThat(rs.getLong("n")).isEqualTo(10);
        assertThat(rs.getBigDecimal("cost")).isEqualByComparingTo("0.10");
      }
      clock.advance(Duration.ofHours(12));
      assertThat(router.complete(call("eng")).text()).as("the next day").isEqualTo("hi");
    }
  }

  @Test
  void aRecordWrittenTwiceIsKeptOnceAndAKeyOfAnUnknownTenantOrATakenKeyIsRefused() throws Exception {
    store = open(clock);
    dev.llmrouter.spi.state.SpendRecord r = new dev.llmrouter.spi.state.SpendRecord("call-1", clock.instant(), "eng",
        null, "chat", "chat#0", "gpt-4o-mini", dev.llmrouter.api.Usage.of(7, 10), new BigDecimal("0.01"), "success",
        null, Duration.ofMillis(5), null, false, false, null, null, "anthropic", "claude-cli/2.0", 2, Duration.ofMillis(3));
    store.spendLog().record(r);
    store.flush();
    store.spendLog().record(r); // a batch written again after a failure
    store.flush();
    try (Connection c = connect(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM spend_log")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(1);
    }
    dev.llmrouter.spi.state.SpendRecord r2 = new dev.llmrouter.spi.state.SpendRecord("call-2", clock.instant(), "eng",
        null, "chat", "chat#0", "gpt-4o-mini", dev.llmrouter.api.Usage.of(7, 10), new BigDecimal("0.01"), "success",
        null, Duration.ofMillis(5), null, false, false, null, null, "openai", "curl/8", 1, Duration.ofMillis(3));
    store.spendLog().record(r2); // a batch of a new call and one written before
    store.spendLog().record(r);
    store.flush();
    try (Connection c = connect(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT call_id FROM spend_log ORDER BY call_id")) {
      List<String> ids = new java.util.ArrayList<>();
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
      assertThat(ids).containsExactly("call-1", "call-2");
    }
    try (Connection c = connect(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT ingress, client, attempts, upstream_ms FROM spend_log WHERE call_id = 'call-1'")) {
      rs.next();
      assertThat(List.of(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4)))
          .containsExactly("anthropic", "claude-cli/2.0", 2, 3L);
    }
    assertThatThrownBy(() -> store.createKey(KeyPolicy.of("k", "nobody"), null))
        .isInstanceOf(StoreException.class).hasMessageContaining("no tenant 'nobody'");
    store.createTenant(TenantPolicy.unrestricted("eng"));
    store.createKey(KeyPolicy.of("k", "eng"), "sk-taken-key");
    assertThatThrownBy(() -> store.createKey(KeyPolicy.of("k", "eng"), "sk-taken-key"))
        .isInstanceOf(StoreException.class).hasMessageNotContaining("sk-taken-key")
        .extracting(e -> ((StoreException) e).kind()).isEqualTo(StoreException.Kind.CONFLICT);
    assertThatThrownBy(() -> store.createTenant(TenantPolicy.unrestricted("eng")))
        .extracting(e -> ((StoreException) e).kind()).isEqualTo(StoreException.Kind.CONFLICT);
  }

  private static int concurrently(Router router, int calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(32);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      results.add(pool.submit(() -> {
        start.await();
        try {
          ChatResponse r = router.complete(call("eng"));
          return r != null;
        } catch (BudgetExceededException e) {
          return false;
        }
      }));
    }
    start.countDown();
    int served = 0;
    for (Future<Boolean> f : results) {
      served += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
    }
    pool.shutdown();
    return served;
  }
  private static dev.llmrouter.spi.state.SpendRecord call(String id, String time, String tenant, String key,
                                                          String model, String cost, boolean failed) {
    return new dev.llmrouter.spi.state.SpendRecord(id, Instant.parse(time), tenant, key, model, model + "#0", model,
        dev.llmrouter.api.Usage.of(10, failed ? 0 : 5), failed ? BigDecimal.ZERO : new BigDecimal(cost),
        failed ? "failure" : "success", failed ? "ProviderUnavailableException" : null, Duration.ofMillis(40), null,
        false, false, null, null, "openai", null, 1, Duration.ofMillis(30));
  }

  @Test
  void theReportsSumUseByDayTenantKeyAndModelInTheDatabasePagedWithTotals() {
    store = open(clock);
    List<dev.llmrouter.spi.state.SpendRecord> calls = List.of(
        call("c1", "2026-03-08T23:59:59Z", "eng", "k1", "gpt-4o", "0.5", false),
        call("c2", "2026-03-09T00:00:00Z", "eng", "k1", "gpt-4o", "0.25", false),
        call("c3", "2026-03-09T10:00:00Z", "eng", "k1", "gpt-4o", "0.25", true),
        call("c4", "2026-03-09T11:00:00Z", "eng", "k2", "mini", "0.125", false),
        call("c5", "2026-03-09T12:00:00Z", "research", "k3", "gpt-4o", "2", false),
        call("c6", "2026-03-10T01:00:00Z", null, null, "mini", "0.001", false));
    calls.forEach(store.spendLog()::record);

    SpendReports.Page<SpendReports.Day> all = store.reports().daily(new SpendReports.Query(null, null, null, null,
        null, 1, 100));
    assertThat(all.data()).extracting(d -> d.day() + " " + d.tenantId() + " " + d.keyId() + " " + d.model() + " "
        + d.requests() + " " + d.failures() + " " + d.spend().stripTrailingZeros().toPlainString()).containsExactly(
        "2026-03-10 null null mini 1 0 0.001",
        "2026-03-09 research k3 gpt-4o 1 0 2",
        "2026-03-09 eng k1 gpt-4o 2 1 0.25",
        "2026-03-09 eng k2 mini 1 0 0.125",
        "2026-03-08 eng k1 gpt-4o 1 0 0.5");
    assertThat(all.totals().spend()).isEqualByComparingTo("2.876");
    assertThat(all.totals().requests()).isEqualTo(6);
    assertThat(all.totals().failures()).isEqualTo(1);
    assertThat(all.totals().inputTokens()).isEqualTo(60);

    SpendReports.Page<SpendReports.Day> engOnThe9th = store.reports().daily(new SpendReports.Query("eng", null, null,
        Instant.parse("2026-03-09T00:00:00Z"), Instant.parse("2026-03-10T00:00:00Z"), 2, 1));
    assertThat(engOnThe9th.total()).isEqualTo(2);
    assertThat(engOnThe9th.totalPages()).isEqualTo(2);
    assertThat(engOnThe9th.data()).singleElement().satisfies(d -> assertThat(d.keyId()).isEqualTo("k2"));
    assertThat(engOnThe9th.totals().spend()).isEqualByComparingTo("0.375");

    SpendReports.Page<dev.llmrouter.spi.state.SpendRecord> logs = store.reports().logs(new SpendReports.Query("eng",
        null, "gpt-4o", null, null, 1, 2));
    assertThat(logs.total()).isEqualTo(3);
    assertThat(logs.data()).extracting(dev.llmrouter.spi.state.SpendRecord::callId).containsExactly("c3", "c2");
    assertThat(logs.data().get(0)).satisfies(r -> {
      assertThat(r.status()).isEqualTo("failure");
      assertThat(r.ingress()).isEqualTo("openai");
      assertThat(r.upstreamLatency()).isEqualTo(Duration.ofMillis(30));
    });
    assertThat(store.reports().logs(new SpendReports.Query("eng", null, "gpt-4o", null, null, 2, 2)).data())
        .extracting(dev.llmrouter.spi.state.SpendRecord::callId).containsExactly("c1");
    assertThat(logs.totals().spend()).isEqualByComparingTo("0.75");
  }
}
