package dev.llmrouter.metrics;

import dev.llmrouter.Router;
import dev.llmrouter.RouterListener;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.Usage;
import dev.llmrouter.spi.state.SpendRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The router's calls as Micrometer meters, registered into the application's {@link MeterRegistry}: pass it to
 * {@link Router.Builder#listener}, then {@link #watch} the router it built. In Prometheus' names:
 *
 * <ul>
 *   <li>{@code llm_router_requests_total} {alias, deployment, ingress, stream, status, error_type}; {@code status}
 *       is the HTTP status class the caller got ({@code 2xx}, {@code 4xx}, {@code 5xx}; in an application without
 *       HTTP, {@code error}), {@code error_type} the failure's kind or {@code none}
 *   <li>{@code llm_router_request_duration_seconds} {alias, ingress, stream, status}: call start to end;
 *       {@code llm_router_time_to_first_token_seconds} {alias, ingress}: streams, to their first content;
 *       {@code llm_router_overhead_seconds} {alias, ingress}: the gateway's own time, the call less its provider
 *       calls; {@code llm_router_upstream_duration_seconds} {deployment, outcome}: each provider call
 *   <li>{@code llm_router_tokens_total} {alias, tenant, kind}: input, output, cache_read, cache_write, reasoning;
 *       {@code llm_router_cost_usd_total} {alias, tenant}
 *   <li>{@code llm_router_cache_lookups_total} {alias, result}: hit or miss;
 *       {@code llm_router_rejections_total} {tenant, reason}: rate_limit, budget, max_parallel, model_access, key
 *   <li>{@code llm_router_retries_total} {alias, deployment}; {@code llm_router_fallbacks_total} {from, to};
 *       {@code llm_router_upstream_failures_total} {deployment, error_type}
 *   <li>{@code llm_router_requests_in_flight}; {@code llm_router_deployment_cooling_down} {alias, deployment}: 1
 *       while it is left out of routing
 * </ul>
 *
 * <p>{@code alias} is the alias the caller asked for (a call that fell back to another is still its), or for a
 * wildcard route its pattern. Every label value is bounded: aliases and deployments come from the configuration (a
 * model name no route matches is {@code unmatched}), tenants from the tenant directory (a trusted caller is {@code none}), error types
 * are the router's exception names, ingress one of a few fixed names. Never a key, a call id, a prompt or a string the
 * caller chose.
 */
public final class RouterMetrics implements RouterListener {
  static final String NONE = "none";
  static final String UNMATCHED = "unmatched";
  private static final String RETRIES = "Provider calls after a call's first (retries and fallbacks)";
  private static final String FALLBACKS = "Calls moved on to a fallback alias";
  private static final Map<String, String> REJECTIONS = Map.of(
      "RateLimitExceededException", "rate_limit",
      "BudgetExceededException", "budget",
      "CapacityExceededException", "max_parallel",
      "AccessDeniedException", "model_access",
      "InvalidKeyException", "key");

  private final MeterRegistry registry;
  private final ToIntFunction<Throwable> statusOf;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Map<CallLabels, CallMeters> calls = new ConcurrentHashMap<>();
  private final Map<Tags, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, Timer[]> upstreamTimers = new ConcurrentHashMap<>();
  private final Map<String, Counter[]> cacheCounters = new ConcurrentHashMap<>();
  private volatile Map<String, String> aliasOfDeployment = Map.of();
  private volatile Set<String> aliases = Set.of();

  /** A call's label set; equals and hashCode written out, as a record's generated ones cost more per call. */
  private record CallLabels(String alias, String deployment, String ingress, boolean stream, String status,
                            String errorType, String tenant) {
    @Override
    public int hashCode() {
      int h = alias.hashCode();
      h = 31 * h + deployment.hashCode();
      h = 31 * h + ingress.hashCode();
      h = 31 * h + (stream ? 1 : 0);
      h = 31 * h + status.hashCode();
      h = 31 * h + errorType.hashCode();
      return 31 * h + tenant.hashCode();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof CallLabels l && stream == l.stream && alias.equals(l.alias)
          && deployment.equals(l.deployment) && ingress.equals(l.ingress) && status.equals(l.status)
          && errorType.equals(l.errorType) && tenant.equals(l.tenant);
    }
  }

  /** The meters of one label set, found once. */
  private record CallMeters(Counter requests, Timer duration, Timer ttft, Timer overhead, Counter input,
                            Counter output, Counter cacheRead, Counter cacheWrite, Counter reasoning, Counter cost) {}

  /** Failures are counted as {@code error}, with no HTTP status class: an application's own calls. */
  public RouterMetrics(MeterRegistry registry) {
    this(registry, t -> 0);
  }

  /**
   * @param statusOf the HTTP status the caller is answered with for a failure (the proxy's error encoder); 0 when
   *                 there is none
   */
  public RouterMetrics(MeterRegistry registry, ToIntFunction<Throwable> statusOf) {
    this.registry = registry;
    this.statusOf = statusOf;
    Gauge.builder("llm.router.requests.in_flight", inFlight, AtomicInteger::get)
        .description("Calls started and not ended").register(registry);
  }

  /**
   * Takes the router's aliases and deployments for the labels, and a gauge per deployment for whether it is cooling
   * down. Until a router is watched, every alias is {@code unmatched}.
   */
  public RouterMetrics watch(Router router) {
    Map<String, String> byDeployment = new ConcurrentHashMap<>();
    for (Router.DeploymentInfo d : router.deployments()) {
      byDeployment.put(d.id(), d.modelName());
      Gauge.builder("llm.router.deployment.cooling_down", router, r -> r.isCoolingDown(d.id()) ? 1 : 0)
          .tags("alias", d.modelName(), "deployment", d.id())
          .description("1 while the deployment is left out of routing after rate limits or failures")
          .register(registry);
    }
    this.aliasOfDeployment = Map.copyOf(byDeployment);
    this.aliases = Set.copyOf(byDeployment.values());
    // the series the config already names start at zero, so that rate() and the dashboards see them from the start
    for (Router.DeploymentInfo d : router.deployments()) {
      counter("llm.router.retries", RETRIES, "alias", d.modelName(), "deployment", d.id());
    }
    dev.llmrouter.config.RouterSettings s = router.config().routerSettings();
    java.util.Set<List<String>> pairs = new java.util.LinkedHashSet<>();
    for (Map<String, List<String>> chains : List.of(s.fallbacks(), s.contextWindowFallbacks(),
        s.contentPolicyFallbacks())) {
      chains.forEach((from, tos) -> tos.forEach(to -> pairs.add(List.of(known(from), known(to)))));
    }
    pairs.forEach(p -> counter("llm.router.fallbacks", FALLBACKS, "from", p.get(0), "to", p.get(1)));
    return this;
  }

  /** The alias asked for when it is one; else that of the deployment that took the call (a wildcard route's). */
  private String alias(String requested, String deploymentId) {
    if (requested != null && aliases.contains(requested)) {
      return requested;
    }
    String a = deploymentId == null ? null : aliasOfDeployment.get(deploymentId);
    return a != null ? a : UNMATCHED;
  }

  private String deployment(String deploymentId) {
    return deploymentId != null && aliasOfDeployment.containsKey(deploymentId) ? deploymentId : NONE;
  }

  private Counter counter(String name, String description, String... tags) {
    Tags t = Tags.of(tags).and("__name", name);
    return counters.computeIfAbsent(t, x -> Counter.builder(name).tags(tags).description(description)
        .register(registry));
  }

  @Override
  public void callStart(String callId, ChatRequest request) {
    inFlight.incrementAndGet();
  }

  @Override
  public void callEnd(String callId, dev.llmrouter.api.ChatResponse response, Throwable error) {
    inFlight.decrementAndGet();
  }

  @Override
  public void cacheHit(String callId, ChatRequest request) {
    cacheLookups(request)[0].increment();
  }

  @Override
  public void cacheMiss(String callId, ChatRequest request) {
    cacheLookups(request)[1].increment();
  }

  /** An alias's hit and miss counters, found once (a lookup is on every cached call's path). */
  private Counter[] cacheLookups(ChatRequest request) {
    return cacheCounters.computeIfAbsent(alias(request.model(), null), a -> new Counter[] {
        counter("llm.router.cache.lookups", "Response cache reads", "alias", a, "result", "hit"),
        counter("llm.router.cache.lookups", "Response cache reads", "alias", a, "result", "miss")});
  }

  @Override
  public void attemptStart(String callId, String deploymentId, int attempt) {
    if (attempt > 1) {
      counter("llm.router.retries", RETRIES, "alias", alias(null, deploymentId), "deployment",
          deployment(deploymentId)).increment();
    }
  }

  @Override
  public void attemptSucceeded(String callId, String deploymentId, int attempt, Duration elapsed) {
    upstream(deploymentId, "success").record(elapsed);
  }

  @Override
  public void attemptFailed(String callId, String deploymentId, int attempt, LlmException error,
                            Duration elapsed) {
    upstream(deploymentId, "failure").record(elapsed);
    counter("llm.router.upstream.failures", "Provider calls that failed", "deployment", deployment(deploymentId),
        "error_type", error.getClass().getSimpleName()).increment();
  }

  private Timer upstream(String deploymentId, String outcome) {
    String deployment = deployment(deploymentId);
    Timer[] timers = upstreamTimers.computeIfAbsent(deployment, d -> new Timer[] {upstreamTimer(d, "success"),
        upstreamTimer(d, "failure")});
    return outcome.equals("success") ? timers[0] : timers[1];
  }

  private Timer upstreamTimer(String deployment, String outcome) {
    return Timer.builder("llm.router.upstream.duration").description("Each provider call, until its answer ended")
        .tags("deployment", deployment, "outcome", outcome).publishPercentileHistogram().register(registry);
  }

  @Override
  public void fallback(String callId, String fromAlias, String toAlias, LlmException cause) {
    counter("llm.router.fallbacks", FALLBACKS, "from", known(fromAlias), "to", known(toAlias)).increment();
  }

  private String known(String alias) {
    return aliases.contains(alias) ? alias : UNMATCHED;
  }

  @Override
  public void callRecorded(SpendRecord r, Throwable error) {
    String tenant = r.tenantId() == null ? NONE : r.tenantId();
    String status = r.succeeded() ? "2xx" : statusClass(error);
    String errorType = r.succeeded() ? NONE : r.errorType();
    String alias = alias(r.alias(), r.deploymentId());
    CallMeters m = calls.computeIfAbsent(new CallLabels(alias, deployment(r.deploymentId()), r.ingress(), r.stream(),
        status, errorType, tenant), this::meters);
    m.requests().increment();
    m.duration().record(r.latency());
    if (r.timeToFirstToken() != null) {
      m.ttft().record(r.timeToFirstToken());
    }
    Duration own = r.latency().minus(r.upstreamLatency());
    m.overhead().record(own.isNegative() ? Duration.ZERO : own);
    Usage u = r.usage();
    add(m.input(), u.inputTokens());
    add(m.output(), u.outputTokens());
    add(m.cacheRead(), u.cacheReadTokens());
    add(m.cacheWrite(), u.cacheWriteTokens());
    add(m.reasoning(), u.reasoningTokens());
    if (r.cost() != null && r.cost().signum() > 0) {
      m.cost().increment(r.cost().doubleValue());
    }
    String reason = r.succeeded() ? null : REJECTIONS.get(r.errorType());
    if (reason != null) {
      counter("llm.router.rejections", "Calls the gateway refused before any provider: limits, budgets, access",
          "tenant", tenant, "reason", reason).increment();
    }
  }

  private static void add(Counter c, long n) {
    if (n > 0) {
      c.increment(n);
    }
  }

  private String statusClass(Throwable error) {
    int s = error == null ? 0 : statusOf.applyAsInt(error);
    return s >= 100 && s < 600 ? (s / 100) + "xx" : "error";
  }

  private CallMeters meters(CallLabels l) {
    String stream = Boolean.toString(l.stream());
    Function<String, Counter> tokens = kind -> Counter.builder("llm.router.tokens").baseUnit("tokens")
        .description("Tokens the providers counted, by kind").tags("alias", l.alias(), "tenant", l.tenant(),
            "kind", kind).register(registry);
    return new CallMeters(
        Counter.builder("llm.router.requests").description("Calls, however they ended")
            .tags("alias", l.alias(), "deployment", l.deployment(), "ingress", l.ingress(), "stream", stream,
                "status", l.status(), "error_type", l.errorType()).register(registry),
        Timer.builder("llm.router.request.duration").description("Calls, from their start to their end")
            .tags("alias", l.alias(), "ingress", l.ingress(), "stream", stream, "status", l.status())
            .publishPercentileHistogram().register(registry),
        Timer.builder("llm.router.time.to.first.token").description("Streams, until their first content")
            .tags("alias", l.alias(), "ingress", l.ingress()).publishPercentileHistogram().register(registry),
        Timer.builder("llm.router.overhead").description("The gateway's own time in a call: all but its provider "
                + "calls").tags("alias", l.alias(), "ingress", l.ingress()).publishPercentileHistogram()
            .register(registry),
        tokens.apply("input"), tokens.apply("output"), tokens.apply("cache_read"), tokens.apply("cache_write"),
        tokens.apply("reasoning"),
        Counter.builder("llm.router.cost").baseUnit("usd").description("What the calls cost, in USD")
            .tags("alias", l.alias(), "tenant", l.tenant()).register(registry));
  }
}
