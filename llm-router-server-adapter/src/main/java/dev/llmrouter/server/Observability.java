package dev.llmrouter.server;

import dev.llmrouter.Router;
import dev.llmrouter.RouterListener;
import dev.llmrouter.config.MonitoringSettings;
import dev.llmrouter.metrics.AuditLog;
import dev.llmrouter.metrics.RouterMetrics;
import dev.llmrouter.policy.Budget;
import dev.llmrouter.policy.TenantPolicy;
import dev.llmrouter.redis.RedisState;
import dev.llmrouter.store.TenantStore;
import dev.llmrouter.wire.openai.ErrorEncoder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the proxy shows of itself: the router's meters ({@link RouterMetrics}) and audit log ({@link AuditLog}), the
 * budgets' limits and what they spent, the shared stores' state (Redis up, its outages and fail-open calls; the
 * database up, the spend records waiting for it), and the JVM's, all in one Prometheus registry, served at
 * {@code /metrics}.
 */
final class Observability {
  private static final Logger LOG = LoggerFactory.getLogger(Observability.class);
  /** What the caller is answered for a failure: the OpenAI ingress's status (the Anthropic one uses the same). */
  static final ToIntFunction<Throwable> STATUS = e -> ErrorEncoder.encode(e).status();

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final RouterMetrics metrics = new RouterMetrics(registry, STATUS);
  private final MonitoringSettings settings;
  private final RouterListener listener;
  private final AuditLog audit;
  private MultiGauge budgetLimits;
  private MultiGauge budgetSpent;
  private MultiGauge budgetRemaining;
  private Runnable refresh = () -> {};

  Observability(MonitoringSettings settings) {
    this.settings = settings;
    List<RouterListener> listeners = new ArrayList<>(2);
    if (settings.metrics()) {
      listeners.add(metrics);
    }
    audit = settings.auditLog() ? new AuditLog(STATUS, settings.storePrompts()) : null;
    if (audit != null) {
      listeners.add(audit);
    }
    this.listener = listeners.isEmpty() ? RouterListener.NONE : RouterListener.all(listeners);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  MonitoringSettings settings() {
    return settings;
  }

  /** For {@link Router.Builder#listener}. */
  RouterListener listener() {
    return listener;
  }

  /** The router's deployments, budgets and stores, once it is built. */
  Observability watch(Router router, TenantStore store, RedisState redis) {
    if (settings.metrics()) {
      metrics.watch(router);
    }
    budgetLimits = MultiGauge.builder("llm.router.budget.limit").baseUnit("usd")
        .description("A tenant's budget: the most it may spend in a period").register(registry);
    budgetSpent = MultiGauge.builder("llm.router.budget.spent").baseUnit("usd")
        .description("What a tenant's budget spent in its current period (limit less this: what is left)")
        .register(registry);
    budgetRemaining = MultiGauge.builder("llm.router.budget.remaining").baseUnit("usd")
        .description("What a tenant's budget has left in its current period (0 when spent)").register(registry);
    refresh = () -> budgets(router, store);
    if (redis != null) {
      Gauge.builder("llm.router.redis.up", redis, r -> r.status().up() ? 1 : 0)
          .description("1 while the shared Redis answers").register(registry);
      Gauge.builder("llm.router.redis.outages", redis, r -> r.status().outages())
          .description("Times Redis went away").register(registry);
      Gauge.builder("llm.router.redis.fail_open.calls", redis, r -> r.status().fallbacks())
          .description("Calls counted on this instance's own counters while Redis was away").register(registry);
      Gauge.builder("llm.router.redis.fail_closed.refusals", redis, r -> r.status().refusals())
          .description("Calls refused (503) while Redis was away").register(registry);
      Gauge.builder("llm.router.redis.pending_replay", redis, r -> r.status().pending())
          .description("Counts made while Redis was away, waiting to be added to it").register(registry);
      Timer ok = Timer.builder("llm.router.redis.operation").tag("outcome", "success")
          .description("Round trips to Redis made by calls").publishPercentileHistogram().register(registry);
      Timer failed = Timer.builder("llm.router.redis.operation").tag("outcome", "failure")
          .description("Round trips to Redis made by calls").publishPercentileHistogram().register(registry);
      redis.observe((nanos, bad) -> (bad ? failed : ok).record(nanos, TimeUnit.NANOSECONDS));
    }
    if (store != null) {
      Gauge.builder("llm.router.spend_log.queued", store, s -> s.spendLogStatus().queued())
          .description("Spend records waiting in memory for the database").register(registry);
      Gauge.builder("llm.router.spend_log.spooled", store, s -> s.spendLogStatus().spooled())
          .description("Spend records waiting on local disk for the database").register(registry);
      Gauge.builder("llm.router.database.up", store, s -> s.spendLogStatus().failing() ? 0 : 1)
          .description("0 while the spend log cannot write to the database").register(registry);
      Timer written = Timer.builder("llm.router.database.write").tag("outcome", "success")
          .description("Batches of spend records written to the database").publishPercentileHistogram()
          .register(registry);
      Timer refused = Timer.builder("llm.router.database.write").tag("outcome", "failure")
          .description("Batches of spend records written to the database").publishPercentileHistogram()
          .register(registry);
      io.micrometer.core.instrument.Counter records = io.micrometer.core.instrument.Counter
          .builder("llm.router.database.records.written").description("Spend records written to the database")
          .register(registry);
      store.observe((nanos, n, bad) -> {
        (bad ? refused : written).record(nanos, TimeUnit.NANOSECONDS);
        if (!bad) {
          records.increment(n);
        }
      });
    }
    return this;
  }

  /** The proxy's in-flight bound: calls running now, the bound, and calls refused at it. */
  void inFlight(InFlight inFlight) {
    Gauge.builder("llm.router.gateway.in_flight", inFlight, InFlight::current)
        .description("Model calls the proxy is running now").register(registry);
    Gauge.builder("llm.router.gateway.max_in_flight", inFlight, InFlight::max)
        .description("The most model calls the proxy runs at once (global_max_parallel_requests)").register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder("llm.router.gateway.busy.refusals", inFlight,
            InFlight::refused)
        .description("Calls answered 503 because the proxy was at its in-flight bound").register(registry);
  }

  private void budgets(Router router, TenantStore store) {
    Map<String, TenantPolicy> tenants = new LinkedHashMap<>();
    router.config().tenancy().tenants().forEach(t -> tenants.put(t.id(), t));
    if (store != null) {
      try {
        store.tenants().forEach(t -> tenants.putIfAbsent(t.id(), t));
      } catch (RuntimeException e) {
        LOG.debug("budget gauges: the store's tenants are out of reach: {}", e.getMessage());
      }
    }
    List<MultiGauge.Row<?>> limits = new ArrayList<>();
    List<MultiGauge.Row<?>> spent = new ArrayList<>();
    List<MultiGauge.Row<?>> remaining = new ArrayList<>();
    for (TenantPolicy t : tenants.values()) {
      for (Budget b : t.budgets()) {
        Tags tags = Tags.of("tenant", t.id(), "budget", b.name());
        limits.add(MultiGauge.Row.of(tags, b.limit()));
        try {
          java.math.BigDecimal used = router.spent("tenant", t.id(), b);
          spent.add(MultiGauge.Row.of(tags, used));
          remaining.add(MultiGauge.Row.of(tags, b.limit().subtract(used).max(java.math.BigDecimal.ZERO)));
        } catch (RuntimeException e) {
          LOG.debug("budget gauge {}/{}: {}", t.id(), b.name(), e.getMessage()); // Redis away, fail closed
        }
      }
    }
    budgetLimits.register(limits, true);
    budgetSpent.register(spent, true);
    budgetRemaining.register(remaining, true);
  }

  /** Writes the audit lines that wait (tests read them at once). */
  void flushAudit() {
    if (audit != null) {
      audit.flush();
    }
  }

  /** Writes the audit lines that wait and stops their writer: after the last call ended. */
  void close() {
    if (audit != null) {
      audit.close();
    }
  }

  /** The text exposition format, with the budgets read afresh. */
  String scrape() {
    refresh.run();
    return registry.scrape();
  }
}
