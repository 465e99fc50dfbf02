package dev.llmrouter.server;

import static dev.llmrouter.server.ProxyFixture.MASTER_KEY;
import static dev.llmrouter.server.ProxyFixture.PROVIDER_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.store.TenantStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API and the CLI against a running proxy with the embedded store: the seed's
 * {@code manage-tenants create ...} line, keys created, rotated and revoked, and what a tenant's key may not do.
 */
class AdminApiTest {
  @TempDir
  Path dataDir;
  @StartStop
  private final MockWebServer upstream = new MockWebServer();
  private TenantStore store;
  private ProxyFixture proxy;
  private final List<String> shownKeys = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    upstream.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return UpstreamBodies.openAiText("Hello from upstream.");
      }
    });
    store = TenantStore.embedded(dataDir, Clock.systemUTC(), Duration.ofMinutes(10));
    proxy = ProxyFixture.startWithStore("""
        model_list:
          - model_name: gpt-4o-mini
            litellm_params: {model: openai/gpt-4o-mini, api_base: "%s", api_key: %s}
          - model_name: qwen-coder
            litellm_params: {model: mock/qwen, mock_response: "Hello from qwen."}
          - model_name: mock-model
            litellm_params: {model: mock/mock-model, mock_response: "Hello from the mock."}
        router_settings:
          num_retries: 0
        general_settings:
          master_key: %s
        """.formatted(upstream.url("/v1"), PROVIDER_KEY, MASTER_KEY), store);
  }

  @AfterEach
  void stop() throws Exception {
    proxy.assertNoKeyLeaked();
    for (String line : proxy.logLines()) {
      for (String key : shownKeys) {
        assertThat(line).doesNotContain(key);
      }
      assertThat(line).doesNotContain("sk-eng-key");
    }
    proxy.close();
    store.close();
  }

  /** Runs the CLI as {@code java -jar ... ARGS} would; returns exit code, stdout and stderr. */
  private Result cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new AdminCli(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)).run(args,
        Map.of("LLM_ROUTER_URL", proxy.baseUrl(), "LLM_ROUTER_MASTER_KEY", MASTER_KEY));
    Result r = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    Matcher m = Pattern.compile("^key (sk-\\S+)$", Pattern.MULTILINE).matcher(r.out);
    while (m.find()) {
      shownKeys.add(m.group(1));
    }
    return r;
  }

  record Result(int code, String out, String err) {}

  private int chat(String model, String key) throws Exception {
    return proxy.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"Hi\"}]}", "Authorization", "Bearer " + key).statusCode();
  }

  private int messages(String model, String key) throws Exception {
    return proxy.post("/v1/messages", "{\"model\":\"" + model + "\",\"max_tokens\":10,\"messages\":[{\"role\":"
        + "\"user\",\"content\":\"Hi\"}]}", "x-api-key", key, "anthropic-version", "2023-06-01").statusCode();
  }

  @Test
  void theSeedsManageTenantsLineCreatesATenantWhoseKeyWorksForItsModelsOnly() throws Exception {
    Result created = cli("tenants", "create", "engineering", "sk-eng-key", "100", "gpt-4o-mini,qwen-coder");
    assertThat(created.code()).as(created.err()).isZero();
    assertThat(created.out()).contains("tenant engineering: daily budget $100").doesNotContain("sk-eng-key");

    assertThat(chat("gpt-4o-mini", "sk-eng-key")).isEqualTo(200);
    assertThat(messages("qwen-coder", "sk-eng-key")).isEqualTo(200);
    assertThat(chat("mock-model", "sk-eng-key")).isEqualTo(403);
    assertThat(messages("mock-model", "sk-eng-key")).isEqualTo(403);
    assertThat(proxy.get("/v1/models", "Authorization", "Bearer sk-eng-key").body())
        .contains("gpt-4o-mini", "qwen-coder").doesNotContain("mock-model");

    Result shown = cli("tenants", "show", "engineering");
    assertThat(shown.code()).isZero();
    assertThat(shown.out()).contains("\"team_id\":\"engineering\"", "\"daily_limit\":100,", "\"key_id\":")
        .doesNotContain("E-")
        .doesNotContain("sk-eng-key");
    assertThat(cli("tenants", "list").out()).contains("engineering");

    // the tenant's key is no admin key
    HttpResponse<String> denied = proxy.post("/team/new", "{\"team_id\":\"mine\"}", "Authorization",
        "Bearer sk-eng-key");
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.body()).contains("permission_error");
    assertThat(cli("tenants", "create", "engineering", "sk-eng-key-2", "5", "gpt-4o-mini").err())
        .contains("409", "exists already");
  }

  @Test
  void keysAreCreatedShownOnceRotatedWithAGracePeriodAndRevokedAtTheNextCall() throws Exception {
    assertThat(cli("tenants", "create", "research", "sk-research-first", "10", "mock-model").code()).isZero();
    Result made = cli("keys", "create", "research", "--label", "ci bot");
    assertThat(made.code()).as(made.err()).isZero();
    String key = shownKeys.get(shownKeys.size() - 1);
    assertThat(key).startsWith("sk-").hasSizeGreaterThan(40);
    assertThat(chat("mock-model", key)).isEqualTo(200);

    Result rotated = cli("keys", "rotate", key, "--grace", "1h");
    assertThat(rotated.code()).as(rotated.err()).isZero();
    String next = shownKeys.get(shownKeys.size() - 1);
    assertThat(chat("mock-model", key)).as("the old key in its grace period").isEqualTo(200);
    assertThat(chat("mock-model", next)).isEqualTo(200);

    Result again = cli("keys", "rotate", next); // no grace: the old key stops at once
    String third = shownKeys.get(shownKeys.size() - 1);
    assertThat(again.code()).isZero();
    assertThat(chat("mock-model", next)).isEqualTo(401);
    assertThat(chat("mock-model", third)).isEqualTo(200);

    assertThat(cli("keys", "revoke", third).code()).isZero();
    assertThat(chat("mock-model", third)).isEqualTo(401);
    HttpResponse<String> info = proxy.get("/key/info?key=" + key, "Authorization", "Bearer " + MASTER_KEY);
    assertThat(info.statusCode()).isEqualTo(200);
    assertThat(info.body()).contains("\"team_id\":\"research\"", "\"key_alias\":\"ci bot\"").doesNotContain(key);
  }

  @Test
  void invalidInputIsA400NamingTheFieldAndWritesNothing() throws Exception {
    HttpResponse<String> bad = proxy.post("/team/new", "{\"team_id\":\"ops\",\"rpm_limit\":\"lots\"}",
        "Authorization", "Bearer " + MASTER_KEY);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("\"param\":\"rpm_limit\"", "rpm_limit must be a whole number");
    assertThat(proxy.get("/team/info?team_id=ops", "Authorization", "Bearer " + MASTER_KEY).statusCode())
        .isEqualTo(404);
    HttpResponse<String> unknown = proxy.post("/key/generate", "{\"team_id\":\"ops\",\"colour\":\"red\"}",
        "Authorization", "Bearer " + MASTER_KEY);
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("unknown field 'colour'");
    assertThat(proxy.post("/key/generate", "{\"team_id\":\"nobody\"}", "Authorization", "Bearer " + MASTER_KEY)
        .statusCode()).isEqualTo(404);
    assertThat(proxy.post("/team/list", "{}", "Authorization", "Bearer " + MASTER_KEY).statusCode())
        .isEqualTo(405);
    assertThat(proxy.get("/team/list").statusCode()).isEqualTo(401);
  }

  @Test
  void theCliSaysWhatIsWrongWithItsExitCode() {
    assertThat(cli("tenants", "frobnicate").code()).isEqualTo(2);
    assertThat(cli("tenants", "create", "only-a-name").err()).contains("tenants create NAME KEY");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new AdminCli(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true,
        StandardCharsets.UTF_8)).run(new String[] {"tenants", "list", "--master-key", "sk-wrong-1234"},
        Map.of("LLM_ROUTER_URL", proxy.baseUrl()));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("401").doesNotContain("sk-wrong-1234");
    ByteArrayOutputStream err2 = new ByteArrayOutputStream();
    int down = new AdminCli(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err2, true,
        StandardCharsets.UTF_8)).run(new String[] {"tenants", "list"},
        Map.of("LLM_ROUTER_URL", "http://127.0.0.1:1", "LLM_ROUTER_MASTER_KEY", MASTER_KEY));
    assertThat(down).isEqualTo(1);
    assertThat(err2.toString(StandardCharsets.UTF_8)).contains("cannot reach the proxy");
  }

  @Test
  void twoTenantsSpendIsKeptApartInTheLedger() throws Exception {
    assertThat(cli("tenants", "create", "engineering", "sk-eng-key", "100", "gpt-4o-mini").code()).isZero();
    assertThat(cli("tenants", "create", "research", "sk-research-key", "100", "gpt-4o-mini").code()).isZero();
    java.math.BigDecimal eng = java.math.BigDecimal.ZERO;
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = proxy.post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":"
          + "\"user\",\"content\":\"Hi\"}]}", "Authorization", "Bearer sk-eng-key");
      eng = eng.add(new java.math.BigDecimal(r.headers().firstValue("x-llm-router-response-cost").orElseThrow()));
    }
    HttpResponse<String> r = proxy.post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":"
        + "\"user\",\"content\":\"Hi\"}]}", "Authorization", "Bearer sk-research-key");
    java.math.BigDecimal research = new java.math.BigDecimal(r.headers().firstValue("x-llm-router-response-cost")
        .orElseThrow());
    store.flush();
    java.time.Instant from = java.time.Instant.now().minus(Duration.ofHours(1));
    java.time.Instant to = java.time.Instant.now().plus(Duration.ofHours(1));
    assertThat(eng.signum()).isPositive();
    assertThat(store.spent("tenant", "engineering", from, to)).isEqualByComparingTo(eng);
    assertThat(store.spent("tenant", "research", from, to)).isEqualByComparingTo(research);
  }
}
