package dev.llmrouter.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.Router;
import dev.llmrouter.RouterListener;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.Message;
import dev.llmrouter.api.Origin;
import dev.llmrouter.api.Principal;
import dev.llmrouter.internal.InMemorySpendLog;
import dev.llmrouter.policy.Budget;
import dev.llmrouter.policy.TenantPolicy;
import dev.llmrouter.spi.state.SpendRecord;
import dev.llmrouter.testing.FakeClock;
import dev.llmrouter.testing.OpenAiBodies;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RouterMetricsTest {
  private static final String CONFIG = """
      model_list:
        - model_name: chat
          litellm_params: {model: openai/gpt-4o-mini, api_base: "${BASE}", api_key: sk-metrics-secret}
          model_info: {id: chat-a, input_cost_per_token: 0.000001, output_cost_per_token: 0.00001}
        - model_name: backup
          litellm_params: {model: openai/gpt-4o, api_base: "${BASE}", api_key: sk-metrics-secret}
          model_info: {id: backup-a, input_cost_per_token: 0, output_cost_per_token: 0.00002}
      router_settings:
        num_retries: 1
        fallbacks: [{chat: [backup]}]
      litellm_settings:
        cache: true
      """;

  @StartStop
  private final MockWebServer upstream = new MockWebServer();
  private final FakeClock clock = new FakeClock(Instant.parse("2026-12-02T10:00:00Z"));
  private final dev.llmrouter.testing.FakeScheduler scheduler = new dev.llmrouter.testing.FakeScheduler(clock);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final InMemorySpendLog spendLog = new InMemorySpendLog();
  private Router router;

  @AfterEach
  void close() {
    if (router != null) {
      router.close();
    }
    scheduler.close();
  }

  private RouterMetrics start() {
    RouterMetrics metrics = new RouterMetrics(registry, e -> e instanceof dev.llmrouter.api.BudgetExceededException
        ? 429 : 502);
    router = Router.builder().configYaml(CONFIG).clock(clock).spendLog(spendLog)
        .listener(RouterListener.all(List.of(metrics)))
        .retryScheduler(scheduler)
        .tenant(new TenantPolicy("acme", null, List.of(Budget.daily(new BigDecimal("0.00025"))), null))
        .environment(Map.of("BASE", upstream.url("/v1").toString())).build();
    return metrics.watch(router);
  }

  private static ChatRequest ask(String model, String text) {
    return ChatRequest.builder(model).messages(List.of(Message.user(text))).maxTokens(10).build();
  }

  private double count(String name, String... tags) {
    return registry.find(name).tags(tags).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  @Test
  void countsEachCallOnceWithItsTokensCostAndOutcome() {
    start();
    upstream.enqueue(OpenAiBodies.completion("hi", 12, 5));
    router.complete(ask("chat", "one"));
    router.complete(ask("chat", "one")); // the cache's
    upstream.enqueue(OpenAiBodies.error(500, "server_error", "boom").build());
    upstream.enqueue(OpenAiBodies.error(500, "server_error", "boom").build());
    upstream.enqueue(OpenAiBodies.completion("from backup", 3, 4));
    router.complete(ask("chat", "two").withOptions(ChatRequest.CallOptions.DEFAULT
        .withOrigin(new Origin("anthropic", "claude-cli/2.0.0"))));

    assertThat(count("llm.router.requests", "alias", "chat", "status", "2xx")).isEqualTo(3);
    assertThat(count("llm.router.requests", "alias", "chat", "ingress", "anthropic", "deployment", "backup-a"))
        .isEqualTo(1);
    assertThat(count("llm.router.requests", "ingress", "library")).isEqualTo(2);
    assertThat(count("llm.router.requests")).isEqualTo(3);
    assertThat(count("llm.router.tokens", "kind", "input")).isEqualTo(15);
    assertThat(count("llm.router.tokens", "kind", "output")).isEqualTo(9);
    assertThat(count("llm.router.cost")).isCloseTo(spendLog.records().stream().map(SpendRecord::cost)
        .filter(java.util.Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add).doubleValue(),
        org.assertj.core.data.Offset.offset(1e-12));
    assertThat(count("llm.router.cache.lookups", "result", "hit")).isEqualTo(1);
    assertThat(count("llm.router.cache.lookups", "result", "miss")).isEqualTo(2);
    assertThat(count("llm.router.retries", "deployment", "chat-a")).isEqualTo(1);
    assertThat(count("llm.router.retries", "deployment", "backup-a")).isEqualTo(1);
    assertThat(count("llm.router.fallbacks", "from", "chat", "to", "backup")).isEqualTo(1);
    assertThat(count("llm.router.upstream.failures", "deployment", "chat-a")).isEqualTo(2);
    assertThat(registry.find("llm.router.request.duration").timers()).isNotEmpty();
    assertThat(registry.get("llm.router.requests.in_flight").gauge().value()).isZero();
    assertThat(registry.get("llm.router.deployment.cooling_down").tags("deployment", "chat-a").gauge().value())
        .isIn(0.0, 1.0);
  }

  @Test
  void refusalsAndUnknownModelsKeepTheirLabelsBounded() {
    start();
    upstream.enqueue(OpenAiBodies.completion("hi", 1, 10));
    Principal acme = Principal.tenant("acme");
    router.complete(ask("chat", "spend it").withOptions(ChatRequest.CallOptions.DEFAULT.withPrincipal(acme)));
    assertThatThrownBy(() -> router.complete(ask("chat", "over").withOptions(
        ChatRequest.CallOptions.DEFAULT.withPrincipal(acme))))
        .isInstanceOf(dev.llmrouter.api.BudgetExceededException.class);
    assertThatThrownBy(() -> router.complete(ask("sk-live-not-a-model-" + "x".repeat(20), "?")))
        .isInstanceOf(dev.llmrouter.api.ModelNotFoundException.class);

    assertThat(count("llm.router.rejections", "tenant", "acme", "reason", "budget")).isEqualTo(1);
    assertThat(count("llm.router.requests", "tenant", "acme")).isZero(); // requests carry no tenant label
    assertThat(count("llm.router.requests", "status", "4xx", "error_type", "BudgetExceededException"))
        .isEqualTo(1);
    assertThat(count("llm.router.requests", "alias", "unmatched", "deployment", "none", "status", "5xx"))
        .isEqualTo(1);
    for (Meter m : registry.getMeters()) {
      m.getId().getTags().forEach(t -> assertThat(t.getValue()).doesNotContain("sk-").doesNotContain("call-"));
    }
  }
}
