package dev.llmrouter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.testing.TcpRelay;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

/**
 * Three proxies behind nginx ({@code deploy/local-cluster.sh}), one Redis, one PostgreSQL (through a relay the test
 * can cut), one provider ({@link Upstream}, OpenAI's wire format). Each test uses a tenant of its own; they run in
 * order because some stop and start parts of the stack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterTest.class);
  /** A call: max_tokens 5 at $0.0001 an output token, no input price: $0.0005, reserved and spent alike. */
  private static final BigDecimal CALL = new BigDecimal("0.0005");
  private static final String CONFIG = """
      model_list:
        - model_name: chat
          litellm_params: {model: openai/gpt-4o-mini, api_base: os.environ/UPSTREAM, api_key: sk-upstream-secret-1}
          model_info: {input_cost_per_token: 0, output_cost_per_token: 0.0001}
        - model_name: flaky
          litellm_params: {model: openai/gpt-4o-mini, api_base: os.environ/UPSTREAM_A, api_key: sk-upstream-secret-1}
          model_info: {id: flaky-a, input_cost_per_token: 0, output_cost_per_token: 0.0001}
        - model_name: flaky
          litellm_params: {model: openai/gpt-4o-mini, api_base: os.environ/UPSTREAM, api_key: sk-upstream-secret-1}
          model_info: {id: flaky-b, input_cost_per_token: 0, output_cost_per_token: 0.0001}
      router_settings:
        redis_host: 127.0.0.1
        redis_port: os.environ/REDIS_PORT
        redis_failure_mode: os.environ/REDIS_FAILURE_MODE
        num_retries: 2
      litellm_settings:
        cache: true
        cache_params: {type: redis, namespace: os.environ/NS, ttl: 600}
      general_settings:
        master_key: os.environ/LLM_ROUTER_MASTER_KEY
        database_url: os.environ/DATABASE_URL
      """;

  private final String schema = "cluster_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
  private final String ns = "c" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
  private final Upstream upstream = new Upstream();
  private final Gateway gw = new Gateway();
  private MockWebServer server;
  private TcpRelay database;
  private LocalCluster cluster;
  private RedisClient redis;
  private Path dir;

  @BeforeAll
  void start() throws Exception {
    server = new MockWebServer();
    server.setDispatcher(upstream);
    server.start();
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
         Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    }
    database = new TcpRelay(5432);
    dir = Files.createTempDirectory("llm-router-cluster");
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, CONFIG);
    cluster = new LocalCluster(dir.resolve("run"), config, Map.of(
        "UPSTREAM", server.url("/v1").toString(),
        "UPSTREAM_A", server.url("/a/v1").toString(),
        "DATABASE_URL", "postgresql://postgres@127.0.0.1:" + database.port() + "/test?currentSchema=" + schema,
        "REDIS_FAILURE_MODE", "closed",
        "NS", ns));
    cluster.start();
    redis = RedisClient.create("127.0.0.1", cluster.redisPort);
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (cluster != null) {
        for (int i = 1; i <= 3; i++) {
          try {
            assertThat(cluster.log(i)).doesNotContain("sk-upstream-secret-1").doesNotContain(LocalCluster.MASTER);
          } catch (java.io.IOException e) {
            // no log
          }
        }
        cluster.close();
      }
    } finally {
      if (redis != null) {
        redis.close();
      }
      server.close();
      database.close();
      try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
           Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  // ---- helpers

  private String tenantWithKey(String team, String teamJson, String keyJson) {
    gw.team(cluster.url(), "{\"team_id\":\"" + team + "\"" + teamJson + "}");
    return gw.key(cluster.url(), "{\"team_id\":\"" + team + "\"" + keyJson + "}");
  }

  private long rows(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema,
        "postgres", ""); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private BigDecimal cost(String tenant) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema,
        "postgres", ""); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT COALESCE(SUM(cost), 0) FROM spend_log WHERE tenant_id = '" + tenant
             + "'")) {
      rs.next();
      return rs.getBigDecimal(1);
    }
  }

  private long calls(String tenant) throws SQLException {
    return rows("SELECT COUNT(*) FROM spend_log WHERE tenant_id = '" + tenant + "'");
  }

  /** What Redis holds for a tenant's budget, spent and reserved, in USD (a new connection: Redis may have restarted). */
  private BigDecimal[] redisBudget(String tenant) {
    try (RedisClient r = RedisClient.create("127.0.0.1", cluster.redisPort)) {
      Set<String> keys = r.keys(ns + ":budget:tenant:" + tenant + ":*:spent");
      assertThat(keys).hasSize(1);
      String spent = keys.iterator().next();
      String reserved = r.get(spent.replace(":spent", ":reserved"));
      return new BigDecimal[] {nanos(r.get(spent)), nanos(reserved)};
    }
  }

  /** After proxies restarted: the client's pooled connections to them are gone. */
  private void reconnect() {
    gw.http.connectionPool().evictAll();
  }

  private static BigDecimal nanos(String v) {
    return v == null ? BigDecimal.ZERO : new BigDecimal(v).movePointLeft(9);
  }

  private Map<Integer, Long> statuses(List<Gateway.Answer> answers) {
    return answers.stream().collect(Collectors.groupingBy(Gateway.Answer::status, Collectors.counting()));
  }

  private String readiness(int proxy) {
    return gw.get(cluster.proxy(proxy) + "/health/readiness");
  }

  /** A window of a minute that has at least {@code seconds} left: waits for the next one otherwise. */
  private static void freshMinute(int seconds) {
    Instant now = Instant.now();
    int second = now.atOffset(ZoneOffset.UTC).getSecond();
    if (second > 60 - seconds) {
      Gateway.await("the next minute", 65, () -> Instant.now().atOffset(ZoneOffset.UTC).getSecond() < 10);
    }
  }

  // ---- the acceptance points

  @Test
  @Order(1)
  void aBudgetForTwentyCallsServesExactlyTwentyOf500AcrossThreeProxies() throws Exception {
    String key = tenantWithKey("t-budget", ",\"max_budget\":0.01,\"budget_duration\":\"1d\"", "");
    List<Gateway.Answer> answers = Gateway.concurrently(500, 500, // all 500 at once
        i -> gw.chat(cluster.url(), key, "budget call " + i, 5));
    Map<Integer, Long> by = statuses(answers);
    LOG.info("budget: {}", by);
    assertThat(by).containsEntry(200, 20L).containsEntry(429, 480L).hasSize(2);
    assertThat(answers.stream().filter(a -> a.status() == 429)).allMatch(a -> a.body().contains("budget_exceeded"));

    Gateway.await("every call in the ledger", 15, () -> {
      try {
        return calls("t-budget") == 500;
      } catch (SQLException e) {
        return false;
      }
    });
    assertThat(rows("SELECT COUNT(*) FROM spend_log WHERE tenant_id = 't-budget' AND status = 'success'"))
        .isEqualTo(20);
    assertThat(rows("SELECT COUNT(*) FROM spend_log WHERE tenant_id = 't-budget' AND status = 'success' "
        + "AND cost = 0.0005")).isEqualTo(20);
    assertThat(rows("SELECT COUNT(DISTINCT call_id) FROM spend_log WHERE tenant_id = 't-budget'")).isEqualTo(500);
    assertThat(cost("t-budget")).isEqualByComparingTo("0.01");
    BigDecimal[] inRedis = redisBudget("t-budget");
    assertThat(inRedis[0]).isEqualByComparingTo("0.01");
    assertThat(inRedis[1]).isEqualByComparingTo("0");
    assertThat(upstream.completions.get()).isGreaterThanOrEqualTo(20);
  }

  @Test
  @Order(2)
  void sixtyRequestsAMinuteAreSixtyAcrossThreeProxies() {
    String key = tenantWithKey("t-rpm", "", ",\"rpm_limit\":60");
    freshMinute(20);
    List<Gateway.Answer> answers = Gateway.concurrently(300, 64, i -> gw.chat(cluster.url(), key, "rpm " + i, 5));
    Map<Integer, Long> by = statuses(answers);
    LOG.info("rpm: {}", by);
    assertThat(by).containsEntry(200, 60L).containsEntry(429, 240L);
    assertThat(answers.stream().filter(a -> a.status() == 429)).allMatch(a -> a.body().contains("requests_per_minute"));
  }

  @Test
  @Order(3)
  void tokensPerMinuteAreExactAcrossThreeProxies() {
    long limit = 1000;
    String key = tenantWithKey("t-tpm", "", ",\"tpm_limit\":" + limit);
    freshMinute(20);
    String uncached = ",\"cache\":{\"no-cache\":true,\"no-store\":true}"; // the same prompt each time: one estimate
    Gateway.Answer first = gw.chat(cluster.url(), key, "tokens per minute", 20, uncached);
    assertThat(first.status()).isEqualTo(200);
    // what the gateway reserved for a call like it: its estimate; the provider now answers with exactly that
    long estimate = limit - Long.parseLong(first.header("x-ratelimit-remaining-tokens"));
    long firstActual = 8 + 20;
    Gateway.await("the first call settled to what it used", 5, () -> redis.keys(ns + ":window:key:*:tokens_per_minute:*")
        .stream().anyMatch(k -> Long.parseLong(redis.get(k)) == firstActual));
    upstream.promptTokens.set(estimate - 20);
    try {
      List<Gateway.Answer> answers = Gateway.concurrently(300, 64,
          i -> gw.chat(cluster.url(), key, "tokens per minute", 20, uncached));
      long served = answers.stream().filter(a -> a.status() == 200).count();
      LOG.info("tpm: estimate {} tokens a call, {} served", estimate, served);
      assertThat(served).isEqualTo((limit - firstActual) / estimate);
      String window = redis.keys(ns + ":window:key:*:tokens_per_minute:*").stream()
          .filter(k -> Long.parseLong(redis.get(k)) > 0).findFirst().orElseThrow();
      assertThat(Long.parseLong(redis.get(window))).isEqualTo(firstActual + served * estimate).isLessThanOrEqualTo(limit);
    } finally {
      upstream.promptTokens.set(8);
    }
  }

  @Test
  @Order(4)
  void maxParallelRequestsHoldAcrossThreeProxies() {
    String key = tenantWithKey("t-parallel", "", ",\"max_parallel_requests\":4");
    upstream.reset();
    upstream.gate = new CountDownLatch(1);
    List<Gateway.Answer> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread release = new Thread(() -> {
      Gateway.await("4 calls held by the provider and 36 refused", 30,
          () -> upstream.held.get() == 4 && refused.size() == 36);
      upstream.gate.countDown();
    });
    release.start();
    List<Gateway.Answer> answers = Gateway.concurrently(40, 40, i -> {
      Gateway.Answer a = gw.chat(cluster.url(), key, "parallel [hold] " + i, 5);
      if (a.status() != 200) {
        refused.add(a);
      }
      return a;
    });
    assertThat(statuses(answers)).containsEntry(200, 4L).containsEntry(429, 36L);
    assertThat(upstream.maxInFlight.get()).isEqualTo(4);
    assertThat(refused).allMatch(a -> a.body().contains("max_parallel_requests"));
    assertThat(gw.chat(cluster.url(), key, "parallel after", 5).status()).isEqualTo(200); // the slots came back
  }

  @Test
  @Order(5)
  void oneProxysAnswerIsACacheHitOnAnotherWithPerRequestControls() {
    upstream.reset();
    String m = LocalCluster.MASTER;
    assertThat(gw.chat(cluster.proxy(1), m, "cache one", 5).status()).isEqualTo(200);
    assertThat(upstream.completions.get()).isEqualTo(1);
    Gateway.Answer hit = gw.chat(cluster.proxy(2), m, "cache one", 5);
    assertThat(hit.status()).isEqualTo(200);
    assertThat(hit.header("x-llm-router-cache-hit")).isEqualTo("true");
    assertThat(upstream.completions.get()).as("no upstream request for the hit").isEqualTo(1);

    assertThat(gw.chat(cluster.proxy(3), m, "cache one", 5, ",\"cache\":{\"no-cache\":true}").status())
        .isEqualTo(200);
    assertThat(upstream.completions.get()).as("no-cache asks the provider").isEqualTo(2);

    gw.chat(cluster.proxy(1), m, "cache two", 5, ",\"cache\":{\"no-store\":true}");
    gw.chat(cluster.proxy(2), m, "cache two", 5);
    assertThat(upstream.completions.get()).as("no-store kept nothing").isEqualTo(4);
    gw.chat(cluster.proxy(3), m, "cache two", 5);
    assertThat(upstream.completions.get()).as("the second was stored").isEqualTo(4);

    gw.chat(cluster.proxy(1), m, "cache three", 5, ",\"cache\":{\"ttl\":2}");
    List<Long> ttls = redis.keys(ns + ":response:*").stream().map(redis::pttl).toList();
    assertThat(ttls).anyMatch(t -> t > 0 && t <= 2000).anyMatch(t -> t > 500_000);
  }

  @Test
  @Order(6)
  void aDeploymentOneProxyCoolsDownIsSkippedByTheOthers() {
    upstream.reset();
    String m = LocalCluster.MASTER;
    for (int i = 0; i < 40 && upstream.rateLimited.get() == 0; i++) {
      assertThat(gw.chat(cluster.proxy(1), m, "flaky one " + i, 5).status()).isEqualTo(200);
    }
    assertThat(upstream.rateLimited.get()).as("proxy 1 tried the rate-limited deployment").isEqualTo(1);
    long t0 = System.nanoTime();
    Gateway.await("the cooldown reached proxies 2 and 3", 5,
        () -> readiness(2).contains("\"cooling_down\":1") && readiness(3).contains("\"cooling_down\":1"));
    LOG.info("cooldown seen by the other proxies within {} ms", (System.nanoTime() - t0) / 1_000_000);
    for (int i = 0; i < 30; i++) {
      assertThat(gw.chat(cluster.proxy(2 + i % 2), m, "flaky other " + i, 5).status()).isEqualTo(200);
    }
    assertThat(upstream.rateLimited.get()).as("proxies 2 and 3 did not try it").isEqualTo(1);
  }

  @Test
  @Order(7)
  void redisAwayFailsClosedWithA503NamingItAndItsBudgetIsRebuiltFromTheLedger() throws Exception {
    String key = tenantWithKey("t-closed", ",\"max_budget\":10,\"budget_duration\":\"1d\"", "");
    List<Gateway.Answer> before = Gateway.concurrently(40, 8, i -> gw.chat(cluster.url(), key, "closed a" + i, 5));
    assertThat(statuses(before)).containsEntry(200, 40L);
    cluster.stopRedis(); // mid-load: the calls below run while it is away
    List<Gateway.Answer> during = Gateway.concurrently(60, 8, i -> gw.chat(cluster.url(), key, "closed b" + i, 5));
    Map<Integer, Long> by = statuses(during);
    LOG.info("fail closed, Redis away: {}; slowest {} ms", by,
        during.stream().mapToLong(a -> a.took().toMillis()).max().orElse(0));
    assertThat(by).containsEntry(503, 60L);
    assertThat(during).allMatch(a -> a.body().contains("Redis at 127.0.0.1:" + cluster.redisPort + " is unreachable"));
    assertThat(during).allMatch(a -> a.took().compareTo(Duration.ofMillis(1000)) < 0); // redis_timeout 250 ms
    for (int p = 1; p <= 3; p++) {
      int proxy = p;
      Gateway.await("proxy " + p + " wrote its spend", 10, () -> readiness(proxy).contains("\"spend_log_queued\":0"));
    }
    cluster.start(); // starts the (empty) Redis again; the rest runs on
    for (int p = 1; p <= 3; p++) {
      int proxy = p;
      Gateway.await("proxy " + p + " uses Redis again", 10, () -> readiness(proxy).contains("\"in_use\":true"));
    }
    assertThat(gw.chat(cluster.url(), key, "closed c", 5).status()).isEqualTo(200);
    Gateway.await("the last call in the ledger", 10, () -> {
      try {
        return calls("t-closed") == 101;
      } catch (SQLException e) {
        return false;
      }
    });
    assertThat(redisBudget("t-closed")[0]).as("rebuilt from the ledger, not from zero, not twice")
        .isEqualByComparingTo(cost("t-closed")).isEqualByComparingTo(CALL.multiply(BigDecimal.valueOf(41)));
  }

  @Test
  @Order(8)
  void redisAwayFailsOpenOnLocalCountersAndReconcilesOnceWhenItIsBack() throws Exception {
    cluster.set("REDIS_FAILURE_MODE", "open");
    cluster.restartProxies();
    reconnect();
    String key = tenantWithKey("t-open", ",\"max_budget\":10,\"budget_duration\":\"1d\"", "");
    List<Gateway.Answer> before = Gateway.concurrently(40, 8, i -> gw.chat(cluster.url(), key, "open a" + i, 5));
    assertThat(statuses(before)).containsEntry(200, 40L);
    cluster.freezeRedis(); // hung: connections stay open, nothing answers
    List<Gateway.Answer> during;
    String health;
    try {
      during = Gateway.concurrently(80, 8, i -> gw.chat(cluster.url(), key, "open b" + i, 5));
      health = readiness(1) + readiness(2) + readiness(3);
    } finally {
      cluster.thawRedis();
    }
    long slowest = during.stream().mapToLong(a -> a.took().toMillis()).max().orElse(0);
    LOG.info("fail open, Redis hung: {}; slowest {} ms", statuses(during), slowest);
    assertThat(statuses(during)).containsEntry(200, 80L);
    assertThat(slowest).isLessThan(1000);
    assertThat(health).contains("\"failure_mode\":\"open\"").containsPattern("\"fail_open_calls\":[1-9]");
    for (int p = 1; p <= 3; p++) {
      int proxy = p;
      Gateway.await("proxy " + p + " replayed and uses Redis again", 15,
          () -> readiness(proxy).contains("\"in_use\":true") && readiness(proxy).contains("\"pending_replay\":0"));
    }
    Gateway.await("every call in the ledger", 10, () -> {
      try {
        return calls("t-open") == 120;
      } catch (SQLException e) {
        return false;
      }
    });
    assertThat(cost("t-open")).isEqualByComparingTo(CALL.multiply(BigDecimal.valueOf(120)));
    assertThat(redisBudget("t-open")[0]).as("each call counted once").isEqualByComparingTo(cost("t-open"));
    cluster.set("REDIS_FAILURE_MODE", "closed");
    cluster.restartProxies();
    reconnect();
  }

  @Test
  @Order(9)
  void postgresAwayLosesNoSpendRecordAcrossAGracefulStop() throws Exception {
    String key = tenantWithKey("t-pg", ",\"max_budget\":10,\"budget_duration\":\"1d\"", "");
    assertThat(gw.chat(cluster.url(), key, "pg warm", 5).status()).isEqualTo(200);
    for (int p = 1; p <= 3; p++) {
      assertThat(gw.chat(cluster.proxy(p), key, "pg warm " + p, 5).status()).isEqualTo(200); // each knows the key
    }
    database.cut();
    List<Gateway.Answer> during = Gateway.concurrently(30, 6, i -> gw.chat(cluster.url(), key, "pg away " + i, 5));
    assertThat(statuses(during)).containsEntry(200, 30L);
    Gateway.await("a proxy reports the database away with records waiting", 10,
        () -> (readiness(1) + readiness(2) + readiness(3)).contains("\"database\":{\"status\":\"unreachable\""));
    cluster.stopProxies(); // graceful: what the database cannot take goes to each proxy's spool
    long spooled;
    try (var files = Files.walk(cluster.runDir)) {
      spooled = files.filter(f -> f.toString().endsWith(".spend")).count();
    }
    assertThat(spooled).isPositive();
    database.restore();
    cluster.startProxies(); // writes the spooled records first
    reconnect();
    Gateway.await("all 34 calls in the ledger", 15, () -> {
      try {
        return calls("t-pg") == 34;
      } catch (SQLException e) {
        return false;
      }
    });
    assertThat(rows("SELECT COUNT(DISTINCT call_id) FROM spend_log WHERE tenant_id = 't-pg'")).isEqualTo(34);
  }

  @Test
  @Order(10)
  void aProxyKilledMidLoadOverspendsNothingAndItsReservationsComeBack() throws Exception {
    String key = tenantWithKey("t-kill", ",\"max_budget\":0.01,\"budget_duration\":\"1d\"", "");
    upstream.reset();
    upstream.gate = new CountDownLatch(1);
    List<Gateway.Answer> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
    // 10 calls held on proxy 2, then 50 more through nginx: 10 held on proxies 1 and 3, 40 refused
    Thread onTwo = new Thread(() -> answers.addAll(Gateway.concurrently(10, 10,
        i -> gw.chat(cluster.proxy(2), key, "kill [hold] on two " + i, 5))));
    onTwo.start();
    Gateway.await("10 calls held on proxy 2", 30, () -> upstream.held.get() == 10);
    java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger();
    Thread load = new Thread(() -> answers.addAll(Gateway.concurrently(50, 50, i -> {
      Gateway.Answer a = gw.chat(cluster.url(), key, "kill [hold] " + i, 5);
      if (a.status() == 429) {
        refusals.incrementAndGet();
      }
      return a;
    })));
    load.start();
    Gateway.await("20 calls held, 40 refused", 30, () -> upstream.held.get() == 20 && refusals.get() == 40);
    Instant killed = Instant.now();
    cluster.kill(2);
    upstream.gate.countDown();
    onTwo.join();
    load.join();
    Map<Integer, Long> by = statuses(answers);
    LOG.info("proxy 2 killed with calls in flight: {}", by);
    long served = by.getOrDefault(200, 0L);
    long lost = answers.stream().filter(x -> x.status() == -1 || x.status() >= 500).count();
    assertThat(lost).as("proxy 2's calls never answered (nginx may have sent it more)").isGreaterThanOrEqualTo(10);
    assertThat(served + lost).isEqualTo(20);
    assertThat(by.getOrDefault(429, 0L)).isEqualTo(40);

    // the other two keep serving through nginx; proxy 2's reservations come back as their leases end, each within
    // Leases.LEASE (15 s) of proxy 2's last renewal, so not all at once: until then they still hold the rest of the
    // budget, and calls get the budget 429 from a live proxy
    List<Gateway.Answer> after = new ArrayList<>();
    java.util.function.LongSupplier servedInAll = () -> served + after.stream().filter(a -> a.status() == 200).count();
    long deadline = System.nanoTime() + Duration.ofSeconds(25).toNanos();
    while (servedInAll.getAsLong() < 20 && System.nanoTime() < deadline) {
      Gateway.Answer a = gw.chat(cluster.url(), key, "kill after " + after.size(), 5);
      after.add(a);
      if (a.status() != 200) { // not yet: ask again in 20 ms; a 200 is followed at once, so the clock stops close
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // to the last lease's end
      }
    }
    Duration back = Duration.between(killed, Instant.now());
    LOG.info("reservations of the killed proxy all back after {} ms ({} calls meanwhile)", back.toMillis(),
        after.size());
    assertThat(after).as("nginx moved on: every answer from a live proxy").allMatch(a -> a.status() == 200
        || a.status() == 429);
    assertThat(back).as("within the 15 s lease, and a call").isLessThan(Duration.ofSeconds(16));
    List<Gateway.Answer> fill = Gateway.concurrently(60, 16, i -> gw.chat(cluster.url(), key, "kill fill " + i, 5));
    assertThat(fill).as("the budget spent: nothing more").allMatch(a -> a.status() == 429);
    assertThat(servedInAll.getAsLong()).as("served in all: the budget, never more").isEqualTo(20);
    Gateway.await("nothing reserved in Redis", 5, () -> redisBudget("t-kill")[1].signum() == 0);
    assertThat(redisBudget("t-kill")[0]).isEqualByComparingTo("0.01");
    cluster.startProxies(); // proxy 2 again
    reconnect();
  }

  @Test
  @Order(11)
  void aRestartOfAllThreeCarriesOnWithSpendAndLimits() throws Exception {
    String key = tenantWithKey("t-restart", ",\"max_budget\":0.005,\"budget_duration\":\"1d\"", "");
    String limited = tenantWithKey("t-restart-rph", "", ",\"rph_limit\":40");
    if (Instant.now().atOffset(ZoneOffset.UTC).getMinute() >= 58) { // the hour's window must hold both halves
      Gateway.await("the next hour", 150, () -> Instant.now().atOffset(ZoneOffset.UTC).getMinute() < 58);
    }
    for (int i = 0; i < 4; i++) {
      assertThat(gw.chat(cluster.url(), key, "restart a" + i, 5).status()).isEqualTo(200);
    }
    for (int i = 0; i < 30; i++) {
      assertThat(gw.chat(cluster.url(), limited, "restart rph a" + i, 5).status()).isEqualTo(200);
    }
    cluster.restartProxies();
    reconnect();
    List<Gateway.Answer> after = Gateway.concurrently(20, 8, i -> gw.chat(cluster.url(), key, "restart b" + i, 5));
    assertThat(after.stream().filter(a -> a.status() == 200).count()).as("10 calls of budget, 4 spent before")
        .isEqualTo(6);
    // a call's reservation becomes spend as its answer is sent: the last one may still be settling
    Gateway.await("nothing reserved in Redis", 5, () -> redisBudget("t-restart")[1].signum() == 0);
    assertThat(redisBudget("t-restart")[0]).isEqualByComparingTo("0.005");
    List<Gateway.Answer> rph = Gateway.concurrently(20, 8,
        i -> gw.chat(cluster.url(), limited, "restart rph b" + i, 5));
    assertThat(rph.stream().filter(a -> a.status() == 200).count()).as("40 an hour, 30 used before").isEqualTo(10);
  }

  @Test
  @Order(12)
  void aKeyRevokedThroughOneProxyStopsWorkingOnTheOthersWithinASecond() {
    String key = tenantWithKey("t-revoke", "", "");
    for (int p = 1; p <= 3; p++) {
      assertThat(gw.chat(cluster.proxy(p), key, "revoke before " + p, 5).status()).isEqualTo(200); // cached
    }
    Gateway.Answer deleted = gw.post(cluster.proxy(1) + "/key/delete", LocalCluster.MASTER,
        "{\"keys\":[\"" + key + "\"]}");
    assertThat(deleted.status()).isEqualTo(200);
    long t0 = System.nanoTime();
    assertThat(gw.chat(cluster.proxy(1), key, "revoke after 1", 5).status()).as("at once where it was revoked")
        .isEqualTo(401);
    Gateway.await("proxies 2 and 3 refuse the key", 5,
        () -> gw.chat(cluster.proxy(2), key, "revoke after 2", 5).status() == 401
            && gw.chat(cluster.proxy(3), key, "revoke after 3", 5).status() == 401);
    long millis = (System.nanoTime() - t0) / 1_000_000;
    LOG.info("a revoked key refused by every proxy after {} ms", millis);
    assertThat(millis).isLessThan(1500); // the store's 1 s lookup cache, plus a lookup
  }
}
