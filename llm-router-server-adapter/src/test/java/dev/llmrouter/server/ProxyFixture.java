package dev.llmrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.llmrouter.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * A proxy on an ephemeral port in front of a config, with every log event and response body recorded so a test can
 * assert that no key ever shows up in either.
 */
final class ProxyFixture implements AutoCloseable {
  static final String MASTER_KEY = "sk-master-7f3a9c21e0";
  static final String PROVIDER_KEY = "sk-provider-b81e55d4c2";

  final Router router;
  final ProxyServer server;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final List<String> bodies = new ArrayList<>();

  final CallLedger calls = new CallLedger();

  private ProxyFixture(String yaml, Map<String, String> env, Duration keepAlive) throws Exception {
    this(yaml, env, keepAlive, null);
  }

  /** With a tenant store: the admin API on, its tenants and keys served, spend recorded there. */
  private ProxyFixture(String yaml, Map<String, String> env, Duration keepAlive,
                       dev.llmrouter.store.TenantStore store) throws Exception {
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    Router.Builder b = Router.builder().configYaml(yaml).environment(env).listener(calls);
    if (store != null) {
      dev.llmrouter.internal.InMemorySpendLedger ledger = new dev.llmrouter.internal.InMemorySpendLedger();
      store.restore(ledger, java.util.List.of(), java.time.Instant.now());
      b.tenantDirectory(store).spendLog(store.spendLog()).spendLedger(ledger);
    }
    router = b.build();
    server = new ProxyServer(router, ProxySettings.from(router.config().general(), env, "127.0.0.1", 0),
        java.time.Clock.systemUTC(), keepAlive, store).start();
  }

  static ProxyFixture startWithStore(String yaml, dev.llmrouter.store.TenantStore store) throws Exception {
    return new ProxyFixture(yaml, Map.of(), ProxyServer.KEEP_ALIVE_INTERVAL, store);
  }

  /** A proxy whose streams send a keep-alive after {@code keepAlive} of silence. */
  static ProxyFixture start(String yaml, Duration keepAlive) throws Exception {
    return new ProxyFixture(yaml, Map.of(), keepAlive);
  }

  static ProxyFixture start(String yaml) throws Exception {
    return new ProxyFixture(yaml, Map.of(), ProxyServer.KEEP_ALIVE_INTERVAL);
  }

  static ProxyFixture start(String yaml, Map<String, String> env) throws Exception {
    return new ProxyFixture(yaml, env, ProxyServer.KEEP_ALIVE_INTERVAL);
  }

  /** A config with {@code gpt-4o-mini} on an OpenAI-compatible upstream and {@code mock-model} on the mock. */
  static String config(String upstreamBase, String extra) {
    return """
        model_list:
          - model_name: gpt-4o-mini
            litellm_params:
              model: openai/gpt-4o-mini
              api_base: %s
              api_key: %s
          - model_name: mock-model
            litellm_params:
              model: mock/mock-model
              mock_response: "Hello from the mock."
        router_settings:
          num_retries: 0
        general_settings:
          master_key: %s
          max_request_size_mb: 0.01
        %s
        """.formatted(upstreamBase, PROVIDER_KEY, MASTER_KEY, extra == null ? "" : extra);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
        .timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    boolean typed = false;
    for (int i = 0; i < headers.length; i += 2) {
      typed |= headers[i].equalsIgnoreCase("Content-Type");
    }
    if (!typed) {
      b.header("Content-Type", "application/json");
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    return record(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
  }

  HttpResponse<String> authorizedPost(String path, String body) throws Exception {
    return post(path, body, "Authorization", "Bearer " + MASTER_KEY);
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(20)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return record(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
  }

  private HttpResponse<String> record(HttpResponse<String> response) {
    synchronized (bodies) {
      bodies.add(response.body());
      response.headers().map().forEach((k, v) -> bodies.add(k + ": " + v));
    }
    return response;
  }

  /** Every log line so far, with stack traces. */
  List<String> logLines() {
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent e : List.copyOf(logs.list)) {
      lines.add(e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage()
          + (e.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())));
    }
    return lines;
  }

  /** No key, master or provider, in any log line or recorded response. */
  void assertNoKeyLeaked() {
    List<String> everything = new ArrayList<>(logLines());
    synchronized (bodies) {
      everything.addAll(bodies);
    }
    for (String s : everything) {
      assertThat(s).doesNotContain(MASTER_KEY).doesNotContain(PROVIDER_KEY);
    }
  }

  /** {@code secret} (an access token, say) in no log line or recorded response. */
  void assertNotLogged(String secret) {
    List<String> everything = new ArrayList<>(logLines());
    synchronized (bodies) {
      everything.addAll(bodies);
    }
    for (String s : everything) {
      assertThat(s).doesNotContain(secret);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      server.stop();
    } finally {
      router.close();
      ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }
  }
}
