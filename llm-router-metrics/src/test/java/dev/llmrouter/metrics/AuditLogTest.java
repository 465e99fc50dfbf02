package dev.llmrouter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.squareup.moshi.Moshi;
import dev.llmrouter.Router;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.Message;
import dev.llmrouter.api.Origin;
import dev.llmrouter.api.Principal;
import dev.llmrouter.policy.TenantPolicy;
import dev.llmrouter.testing.FakeClock;
import dev.llmrouter.testing.OpenAiBodies;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuditLogTest {
  private static final String CONFIG = """
      model_list:
        - model_name: chat
          litellm_params: {model: openai/gpt-4o-mini, api_base: "${BASE}", api_key: sk-audit-secret}
          model_info: {id: chat-a, input_cost_per_token: 0.000001, output_cost_per_token: 0.00001}
      router_settings:
        num_retries: 0
      """;

  @StartStop
  private final MockWebServer upstream = new MockWebServer();
  private final FakeClock clock = new FakeClock(Instant.parse("2026-12-02T10:00:00Z"));
  private final Logger logger = new LoggerContext().getLogger("audit-test");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private Router router;
  private AuditLog audit;

  @AfterEach
  void close() {
    if (router != null) {
      router.close();
    }
    audit.close();
  }

  private void start(boolean withContent) {
    lines.start();
    logger.addAppender(lines);
    router = Router.builder().configYaml(CONFIG).clock(clock)
        .listener(audit = new AuditLog(logger, e -> 502, withContent)).tenant(TenantPolicy.unrestricted("acme"))
        .environment(Map.of("BASE", upstream.url("/v1").toString())).build();
  }

  private static ChatRequest ask(String text) {
    Principal caller = Principal.tenant("acme").withTag("session", "s-1");
    return ChatRequest.builder("chat").messages(List.of(Message.user(text))).maxTokens(10).build()
        .withOptions(ChatRequest.CallOptions.DEFAULT.withPrincipal(caller).withOrigin(new Origin("openai", "curl/8.5")));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String line) throws Exception {
    return (Map<String, Object>) new Moshi.Builder().build().adapter(Object.class).fromJson(line);
  }

  @Test
  void oneLinePerCallWithItsFieldsAndNoText() throws Exception {
    start(false);
    upstream.enqueue(OpenAiBodies.completion("the secret answer", 12, 5));
    router.complete(ask("a very private prompt"));
    upstream.enqueue(OpenAiBodies.error(500, "server_error", "boom").build());
    try {
      router.complete(ask("another private prompt"));
    } catch (RuntimeException expected) {
      // counted below
    }
    audit.flush();

    assertThat(lines.list).hasSize(2);
    Map<String, Object> ok = json(lines.list.get(0).getFormattedMessage());
    assertThat(ok).containsEntry("tenant", "acme").containsEntry("model", "chat")
        .containsEntry("deployment", "chat-a").containsEntry("status", "success").containsEntry("http_status", 200.0)
        .containsEntry("input_tokens", 12.0).containsEntry("output_tokens", 5.0).containsEntry("cost_usd", 0.000062)
        .containsEntry("attempts", 1.0).containsEntry("cache_hit", false).containsEntry("stream", false)
        .containsEntry("ingress", "openai").containsEntry("user_agent", "curl/8.5").containsEntry("session", "s-1")
        .containsKeys("call_id", "time", "latency_ms", "upstream_ms");
    Map<String, Object> failed = json(lines.list.get(1).getFormattedMessage());
    assertThat(failed).containsEntry("status", "failure").containsEntry("http_status", 502.0)
        .containsEntry("error_type", "ProviderUnavailableException");
    assertThat(lines.list).allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain("private prompt")
        .doesNotContain("secret answer").doesNotContain("sk-audit-secret"));
  }

  @Test
  void theSwitchAddsThePromptAndTheCompletion() throws Exception {
    start(true);
    upstream.enqueue(OpenAiBodies.completion("the answer", 3, 2));
    router.complete(ask("the prompt"));
    audit.flush();
    assertThat(lines.list).hasSize(1);
    Map<String, Object> line = json(lines.list.get(0).getFormattedMessage());
    assertThat(line.get("messages").toString()).contains("the prompt");
    assertThat(line).containsEntry("completion", "the answer");
  }
  @Test
  void callsFromManyThreadsEachGetOneLineAndCloseWritesWhatWaits() throws Exception {
    lines.start();
    logger.addAppender(lines);
    audit = new AuditLog(logger, e -> 502, false);
    int threads = 8;
    int each = 2_000;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      done.add(pool.submit(() -> {
        for (int i = 0; i < each; i++) {
          audit.callRecorded(new dev.llmrouter.spi.state.SpendRecord("call-" + thread + "-" + i, clock.instant(),
              "acme", null, "chat", "chat-a", "gpt-4o-mini", dev.llmrouter.api.Usage.of(1, 1), null, "success",
              null, java.time.Duration.ofMillis(1), null, false, false, null, null, "openai", null, 1,
              java.time.Duration.ZERO), null);
        }
      }));
    }
    for (java.util.concurrent.Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    audit.close();
    assertThat(lines.list).hasSize(threads * each);
    assertThat(lines.list.stream().map(e -> e.getFormattedMessage().substring(0, 40)).distinct())
        .hasSize(threads * each);
  }
}
