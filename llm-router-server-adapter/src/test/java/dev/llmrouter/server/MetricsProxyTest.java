package dev.llmrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.squareup.moshi.Moshi;
import dev.llmrouter.Router;
import dev.llmrouter.config.ConfigLoader;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.metrics.AuditLog;
import dev.llmrouter.redis.RedisState;
import dev.llmrouter.store.SpendReports;
import dev.llmrouter.store.TenantStore;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code /metrics} and the audit log over real HTTP after a scripted mix of calls: two tenants, two models, a cache
 * hit, a failure, a stream, an Anthropic-ingress call and one with the master key. The page is read by the
 * Prometheus project's own parser; its counters must equal the calls made and its cost the spend log's.
 */
class MetricsProxyTest {
  private static final String MASTER = "sk-master-metrics-5b2e91";
  private static final String ENG_KEY = "sk-eng-metrics-key-0c4d11";
  private static final String RESEARCH_KEY = "sk-research-metrics-9f7a30";
  private static final String FRUGAL_KEY = "sk-frugal-metrics-2e8b64";
  private static final String PROVIDER_KEY = "sk-provider-metrics-71d2aa";
  private static final String PROMPT = "a question nobody else may read";

  @StartStop
  private final MockWebServer upstream = new MockWebServer();
  @TempDir
  Path dir;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ListAppender<ILoggingEvent> audit = new ListAppender<>();
  private TenantStore store;
  private RedisState redis;
  private Observability observability;
  private Router router;
  private ProxyServer server;

  @BeforeEach
  void start() throws Exception {
    upstream.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        if (path.startsWith("/broken")) {
          return new MockResponse.Builder().code(500).addHeader("content-type", "application/json")
              .body("{\"error\":{\"message\":\"boom\",\"type\":\"server_error\",\"param\":null,\"code\":null}}")
              .build();
        }
        if (request.getBody().utf8().contains("\"stream\":true")) {
          return UpstreamBodies.openAiStream(UpstreamBodies.openAiTextChunks("Hello", " there."));
        }
        return UpstreamBodies.openAiText("Hello from upstream."); // 19 in, 10 out
      }
    });
    audit.start();
    Logger auditLogger = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);
    auditLogger.addAppender(audit);
    auditLogger.setLevel(ch.qos.logback.classic.Level.INFO); // as LogSetup has it; tests run at WARN
    String yaml = """
        model_list:
          - model_name: chat
            litellm_params: {model: openai/gpt-4o-mini, api_base: "%1$s", api_key: %2$s}
            model_info: {id: chat-1, input_cost_per_token: 0.000001, output_cost_per_token: 0.00001}
          - model_name: other
            litellm_params: {model: openai/gpt-4o, api_base: "%1$s", api_key: %2$s}
            model_info: {id: other-1, input_cost_per_token: 0.000002, output_cost_per_token: 0.00003}
          - model_name: broken
            litellm_params: {model: openai/gpt-4o, api_base: "%3$s", api_key: %2$s}
            model_info: {id: broken-1, input_cost_per_token: 0, output_cost_per_token: 0}
          - model_name: flaky
            litellm_params: {model: openai/gpt-4o, api_base: "%3$s", api_key: %2$s}
            model_info: {id: flaky-1, input_cost_per_token: 0, output_cost_per_token: 0}
          - model_name: mock-model
            litellm_params: {model: mock/mock-model, mock_response: "Hello from the mock."}
        router_settings:
          num_retries: 0
          fallbacks: [{flaky: [chat]}]
          redis_host: 127.0.0.1
          redis_port: 6379
        litellm_settings:
          cache: true
          cache_params: {type: redis, namespace: %8$s}
        general_settings:
          master_key: %4$s
          metrics_port: 0
        tenants:
          - tenant: {id: engineering, api_key: %5$s}
            budget: {daily_limit: 5}
          - tenant: {id: research, api_key: %6$s}
            budget: {monthly_limit: 20}
          - tenant: {id: frugal, api_key: %7$s}
            budget: {daily_limit: 0.000001}
        """.formatted(upstream.url("/v1"), PROVIDER_KEY, upstream.url("/broken/v1"), MASTER, ENG_KEY, RESEARCH_KEY,
        FRUGAL_KEY, "metrics" + Long.toHexString(System.nanoTime()));
    RouterConfig config = new ConfigLoader(Map.of()).parse(yaml);
    store = TenantStore.embedded(dir, Clock.systemUTC(), Duration.ofMillis(50));
    redis = RedisState.connect(config.redis(), Clock.systemUTC());
    observability = new Observability(config.monitoring());
    router = ServerMain.buildRouter(config, Map.of(), store, redis, observability);
    server = new ProxyServer(router, ProxySettings.from(config.general(), Map.of(), "127.0.0.1", 0),
        Clock.systemUTC(), ProxyServer.KEEP_ALIVE_INTERVAL, store, new Readiness(redis, store), observability)
        .start();
  }

  @AfterEach
  void stop() throws Exception {
    ((Logger) LoggerFactory.getLogger(AuditLog.LOGGER)).detachAppender(audit);
    ((Logger) LoggerFactory.getLogger(AuditLog.LOGGER)).setLevel(null);
    server.stop();
    router.close();
    observability.close();
    redis.close();
    store.close();
  }

  private HttpResponse<String> post(String path, String key, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
        .header("User-Agent", "metrics-test/1.0").header("anthropic-version", "2023-06-01")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(int port, String path, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String chat(String model, boolean stream) {
    return "{\"model\":\"" + model + "\",\"max_tokens\":10,\"stream\":" + stream
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}";
  }

  /** Six calls: engineering 3 (a miss, a cache hit, a stream), research 2 (Anthropic ingress), the master key 1. */
  private void scriptedMix() throws Exception {
    assertThat(post("/v1/chat/completions", ENG_KEY, chat("chat", false)).statusCode()).isEqualTo(200);
    assertThat(post("/v1/chat/completions", ENG_KEY, chat("chat", false)).statusCode()).isEqualTo(200); // cached
    assertThat(post("/v1/chat/completions", ENG_KEY, chat("chat", true)).statusCode()).isEqualTo(200);
    assertThat(post("/v1/messages", RESEARCH_KEY, chat("other", false)).statusCode()).isEqualTo(200);
    assertThat(post("/v1/messages", RESEARCH_KEY, chat("broken", false)).statusCode()).isEqualTo(502);
    assertThat(post("/v1/chat/completions", MASTER, chat("mock-model", false)).statusCode()).isEqualTo(200);
  }

  @Test
  void theCountersEqualTheCallsAndTheCostEqualsTheLedgers() throws Exception {
    scriptedMix();
    HttpResponse<String> page = get(server.port(), "/metrics", MASTER);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v)
        .startsWith("text/plain; version=0.0.4"));
    PrometheusText m = PrometheusText.parse(page.body());

    assertThat(m.sum("llm_router_requests_total")).isEqualTo(6);
    assertThat(m.sum("llm_router_requests_total", "alias", "chat", "status", "2xx")).isEqualTo(3);
    assertThat(m.sum("llm_router_requests_total", "alias", "chat", "stream", "true")).isEqualTo(1);
    assertThat(m.sum("llm_router_requests_total", "ingress", "anthropic")).isEqualTo(2);
    assertThat(m.sum("llm_router_requests_total", "alias", "broken", "status", "5xx",
        "error_type", "ProviderUnavailableException")).isEqualTo(1);
    assertThat(m.sum("llm_router_requests_total", "alias", "mock-model", "ingress", "openai")).isEqualTo(1);
    assertThat(m.sum("llm_router_request_duration_seconds_count")).isEqualTo(6);
    assertThat(m.sum("llm_router_time_to_first_token_seconds_count", "alias", "chat")).isEqualTo(1);
    assertThat(m.sum("llm_router_cache_lookups_total", "result", "hit")).isEqualTo(1);
    assertThat(m.sum("llm_router_tokens_total", "tenant", "engineering", "kind", "output")).isEqualTo(20);
    assertThat(m.sum("llm_router_tokens_total", "tenant", "research", "kind", "input")).isEqualTo(19);
    assertThat(m.sum("llm_router_upstream_failures_total", "deployment", "broken-1")).isEqualTo(1);
    assertThat(m.sum("llm_router_requests_in_flight")).isZero();

    store.flush();
    Instant from = Instant.now().minus(Duration.ofDays(1));
    Instant to = Instant.now().plus(Duration.ofDays(1));
    BigDecimal eng = store.spent("tenant", "engineering", from, to);
    BigDecimal research = store.spent("tenant", "research", from, to);
    assertThat(eng).isPositive();
    assertThat(m.sum("llm_router_cost_usd_total", "tenant", "engineering")).isCloseTo(eng.doubleValue(),
        org.assertj.core.data.Offset.offset(1e-12));
    assertThat(m.sum("llm_router_cost_usd_total")).isCloseTo(eng.add(research).doubleValue(),
        org.assertj.core.data.Offset.offset(1e-12));
    assertThat(m.sum("llm_router_budget_limit_usd", "tenant", "engineering", "budget", "daily")).isEqualTo(5);
    assertThat(m.sum("llm_router_budget_spent_usd", "tenant", "research", "budget", "monthly"))
        .isCloseTo(research.doubleValue(), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(m.sum("llm_router_budget_remaining_usd", "tenant", "research", "budget", "monthly"))
        .isCloseTo(20 - research.doubleValue(), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(m.names()).contains("llm_router_spend_log_queued", "llm_router_spend_log_spooled");
    assertThat(PrometheusText.parse(get(server.port(), "/metrics", MASTER).body()).sum("llm_router_spend_log_queued"))
        .as("after the flush").isZero();

    for (PrometheusText.Sample s : m.samples()) {
      s.labels().values().forEach(v -> assertThat(v).doesNotContain("sk-").doesNotContain(PROMPT)
          .doesNotStartWith("call-"));
    }
    assertThat(page.body()).doesNotContain(MASTER).doesNotContain(ENG_KEY).doesNotContain(PROVIDER_KEY);
  }

  @Test
  void theAuditLogHasOneLinePerCallWithItsFieldsAndNoPrompt() throws Exception {
    scriptedMix();
    observability.flushAudit();
    List<String> lines = audit.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(lines).hasSize(6);
    com.squareup.moshi.JsonAdapter<Object> json = new Moshi.Builder().build().adapter(Object.class);
    List<Map<String, Object>> records = new java.util.ArrayList<>();
    for (String line : lines) {
      assertThat(line).doesNotContain(PROMPT).doesNotContain("Hello from upstream").doesNotContain("sk-");
      @SuppressWarnings("unchecked")
      Map<String, Object> record = (Map<String, Object>) json.fromJson(line);
      records.add(record);
    }
    assertThat(records).allSatisfy(r -> assertThat(r).containsKeys("call_id", "time", "model", "status",
        "http_status", "input_tokens", "output_tokens", "latency_ms", "upstream_ms", "attempts", "cache_hit",
        "stream", "ingress", "user_agent"));
    assertThat(records.stream().map(r -> r.get("call_id")).distinct()).hasSize(6);
    assertThat(records).filteredOn(r -> "research".equals(r.get("tenant"))).extracting(r -> (Object) r.get("ingress"))
        .containsOnly("anthropic");
    assertThat(records).filteredOn(r -> Boolean.TRUE.equals(r.get("cache_hit"))).hasSize(1);
    assertThat(records).filteredOn(r -> "failure".equals(r.get("status"))).singleElement()
        .satisfies(r -> assertThat(r).containsEntry("http_status", 502.0).containsEntry("deployment", "broken-1"));
    assertThat(records).filteredOn(r -> Boolean.TRUE.equals(r.get("stream"))).singleElement()
        .satisfies(r -> assertThat(r).containsKey("ttft_ms"));
    assertThat(records).allSatisfy(r -> assertThat(r).containsEntry("user_agent", "metrics-test/1.0"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return (Map<String, Object>) new Moshi.Builder().build().adapter(Object.class).fromJson(r.body());
  }

  private static BigDecimal decimal(Object o) {
    return new BigDecimal(String.valueOf(o));
  }

  /** The spend log table itself, read over JDBC (the embedded store's file, in this process): cost per model. */
  private Map<String, BigDecimal> ledgerByModel() throws Exception {
    Map<String, BigDecimal> out = new java.util.TreeMap<>();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + dir.toAbsolutePath()
        .resolve("llm-router") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;"
        + "DB_CLOSE_ON_EXIT=FALSE", "sa", "");
         java.sql.ResultSet rs = c.createStatement().executeQuery(
             "SELECT model, COALESCE(SUM(cost), 0) AS total FROM spend_log GROUP BY model")) {
      while (rs.next()) {
        out.put(rs.getString("model"), rs.getBigDecimal("total"));
      }
    }
    return out;
  }

  @Test
  void theSpendReportsTotalsEqualTheLedgersPerTenantAndModelPagedAndEachTenantSeesItsOwn() throws Exception {
    scriptedMix();
    store.flush();
    Instant from = Instant.now().minus(Duration.ofDays(1));
    Instant to = Instant.now().plus(Duration.ofDays(1));
    String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    for (String tenant : List.of("engineering", "research")) {
      Map<String, Object> report = json(get(server.port(), "/global/spend/report?team_id=" + tenant
          + "&start_date=" + today + "&end_date=" + today, MASTER));
      Map<String, Object> totals = (Map<String, Object>) report.get("totals");
      assertThat(decimal(totals.get("spend"))).isEqualByComparingTo(store.spent("tenant", tenant, from, to));
    }
    Map<String, Object> all = json(get(server.port(), "/global/spend/report", MASTER));
    assertThat(((Map<String, Object>) all.get("totals")).get("requests")).isEqualTo(6.0);
    List<Map<String, Object>> days = (List<Map<String, Object>>) all.get("data");
    Map<String, BigDecimal> perModel = ledgerByModel();
    assertThat(perModel).containsKeys("chat", "other", "broken", "mock-model");
    perModel.forEach((model, cost) -> assertThat(days.stream().filter(d -> model.equals(d.get("model")))
        .map(d -> decimal(d.get("spend"))).reduce(BigDecimal.ZERO, BigDecimal::add)).as(model)
        .isEqualByComparingTo(cost));
    BigDecimal chat = days.stream().filter(d -> "chat".equals(d.get("model"))).map(d -> decimal(d.get("spend")))
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    Map<String, Object> chatOnly = json(get(server.port(), "/spend/logs?model=chat&page_size=1", MASTER));
    assertThat(decimal(((Map<String, Object>) chatOnly.get("totals")).get("spend"))).isEqualByComparingTo(chat);
    assertThat(chatOnly.get("total")).isEqualTo(3.0);
    assertThat(chatOnly.get("total_pages")).isEqualTo(3.0);
    List<Object> ids = new java.util.ArrayList<>();
    for (int page = 1; page <= 3; page++) {
      List<Map<String, Object>> rows = (List<Map<String, Object>>) json(get(server.port(),
          "/spend/logs?model=chat&page_size=1&page=" + page, MASTER)).get("data");
      assertThat(rows).hasSize(1);
      ids.add(rows.get(0).get("call_id"));
    }
    assertThat(ids).doesNotHaveDuplicates();

    Map<String, Object> own = json(get(server.port(), "/spend/logs", RESEARCH_KEY));
    assertThat((List<Map<String, Object>>) own.get("data")).hasSize(2)
        .allSatisfy(r -> assertThat(r).containsEntry("team_id", "research"));
    HttpResponse<String> other = get(server.port(), "/global/spend/report?team_id=engineering", RESEARCH_KEY);
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(other.body()).contains("its own tenant");
    HttpResponse<String> bad = get(server.port(), "/spend/logs?start_date=yesterday", MASTER);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("\"param\":\"start_date\"");
    assertThat(get(server.port(), "/spend/logs", null).statusCode()).isEqualTo(401);
  }

  /** Debian's chromium and chromium-driver, headless: no browser is downloaded. */
  private static org.openqa.selenium.chrome.ChromeDriver browser() {
    org.openqa.selenium.chrome.ChromeOptions options = new org.openqa.selenium.chrome.ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=1400,2000");
    org.openqa.selenium.chrome.ChromeDriverService service = new org.openqa.selenium.chrome.ChromeDriverService
        .Builder().usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).usingAnyFreePort().build();
    return new org.openqa.selenium.chrome.ChromeDriver(service, options);
  }

  private static void signIn(org.openqa.selenium.chrome.ChromeDriver d, String key) {
    d.findElement(org.openqa.selenium.By.id("key")).sendKeys(key);
    d.findElement(org.openqa.selenium.By.cssSelector("#login-form button")).click();
    new org.openqa.selenium.support.ui.WebDriverWait(d, Duration.ofSeconds(20)).until(x -> "true".equals(
        x.findElement(org.openqa.selenium.By.tagName("body")).getDomAttribute("data-loaded")));
  }

  private static String text(org.openqa.selenium.chrome.ChromeDriver d, String id) {
    return d.findElement(org.openqa.selenium.By.id(id)).getText();
  }

  private static String data(org.openqa.selenium.chrome.ChromeDriver d, String id, String attribute) {
    return d.findElement(org.openqa.selenium.By.id(id)).getDomAttribute(attribute);
  }

  /** Whether a chart was drawn: Chart.js has it with data, and its canvas has painted pixels. */
  private static boolean drawn(org.openqa.selenium.chrome.ChromeDriver d, String id) {
    return Boolean.TRUE.equals(d.executeScript("""
        const canvas = document.getElementById(arguments[0]);
        const chart = Chart.getChart(canvas);
        if (!chart || !chart.data.datasets.some(ds => ds.data.some(v => v > 0))) return false;
        const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let i = 3; i < px.length; i += 4) { if (px[i] > 0) painted++; }
        return painted > 500;
        """, id));
  }

  @Test
  void theDashboardInARealBrowserShowsTheLedgersTotalsAndDrawsItsCharts() throws Exception {
    scriptedMix();
    store.flush();
    SpendReports.Totals ledger = store.reports().logs(new SpendReports.Query(null, null, null, null, null, 1, 1))
        .totals();
    org.openqa.selenium.chrome.ChromeDriver d = browser();
    try {
      d.get("http://127.0.0.1:" + server.port() + "/ui");
      assertThat(d.getTitle()).contains("llm-router");
      signIn(d, MASTER);
      assertThat(new BigDecimal(data(d, "total-spend", "data-value"))).isEqualByComparingTo(ledger.spend());
      assertThat(text(d, "total-spend")).startsWith("$");
      assertThat(data(d, "total-requests", "data-value")).isEqualTo(Long.toString(ledger.requests()));
      assertThat(data(d, "total-tokens", "data-input")).isEqualTo(Long.toString(ledger.inputTokens()));
      assertThat(data(d, "total-tokens", "data-output")).isEqualTo(Long.toString(ledger.outputTokens()));
      assertThat(text(d, "error-rate")).isEqualTo("16.7%"); // 1 of 6
      assertThat(text(d, "cache-rate")).isEqualTo("16.7%");
      for (String chart : List.of("chart-tenant-spend", "chart-key-spend", "chart-models", "chart-requests")) {
        assertThat(drawn(d, chart)).as(chart + " drawn").isTrue();
      }
      assertThat(text(d, "top-models")).contains("chat", "other", "broken", "mock-model");
      assertThat(text(d, "deployments")).contains("chat-1", "broken-1", "healthy");
      Path shot = Path.of("target", "ui-dashboard.png");
      Files.createDirectories(shot.getParent());
      Files.write(shot, d.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
      assertThat(Files.size(shot)).isGreaterThan(10_000);
      assertThat(d.getPageSource()).doesNotContain(MASTER);

      // a tenant's key: its own tenant only
      d.findElement(org.openqa.selenium.By.id("signout")).click();
      signIn(d, RESEARCH_KEY);
      Instant from = Instant.now().minus(Duration.ofDays(1));
      Instant to = Instant.now().plus(Duration.ofDays(1));
      assertThat(new BigDecimal(data(d, "total-spend", "data-value")))
          .isEqualByComparingTo(store.spent("tenant", "research", from, to));
      assertThat(data(d, "total-requests", "data-value")).isEqualTo("2");
      assertThat(text(d, "top-keys")).doesNotContain("engineering");
      assertThat(text(d, "deployments")).contains("master key only");
      Files.write(Path.of("target", "ui-dashboard-tenant.png"), d.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    } finally {
      d.quit();
    }
  }

  @Test
  void everyMetricTheGrafanaDashboardQueriesIsServed() throws Exception {
    scriptedMix();
    assertThat(post("/v1/chat/completions", ENG_KEY, chat("flaky", false)).statusCode()).isEqualTo(200); // fell back
    assertThat(post("/v1/chat/completions", FRUGAL_KEY, chat("chat", false)).statusCode()).isEqualTo(429);
    String board = Files.readString(Path.of("..", "deploy", "compose", "grafana", "dashboards", "llm-router.json"));
    java.util.Set<String> queried = new java.util.TreeSet<>();
    java.util.regex.Matcher names = java.util.regex.Pattern.compile("llm_router_[a-z_]+").matcher(board);
    while (names.find()) {
      queried.add(names.group());
    }
    assertThat(queried).hasSizeGreaterThan(15);
    PrometheusText m = PrometheusText.parse(get(server.metricsPort(), "/metrics", null).body());
    assertThat(m.names()).containsAll(queried);
    assertThat(m.sum("llm_router_fallbacks_total", "from", "flaky", "to", "chat")).isEqualTo(1);
    assertThat(m.sum("llm_router_rejections_total", "tenant", "frugal", "reason", "budget")).isEqualTo(1);
    assertThat(m.sum("llm_router_redis_up")).isEqualTo(1);
  }

  @Test
  void theMetricsTakeTheMasterKeyOnTheProxysPortAndNoKeyOnTheirOwn() throws Exception {
    assertThat(get(server.port(), "/metrics", null).statusCode()).isEqualTo(401);
    assertThat(get(server.port(), "/metrics", ENG_KEY).statusCode()).isEqualTo(403);
    assertThat(server.metricsPort()).isPositive().isNotEqualTo(server.port());
    HttpResponse<String> open = get(server.metricsPort(), "/metrics", null);
    assertThat(open.statusCode()).isEqualTo(200);
    assertThat(open.body()).contains("llm_router_requests_in_flight");
    assertThat(get(server.metricsPort(), "/v1/models", MASTER).statusCode()).isEqualTo(404);
  }
}
