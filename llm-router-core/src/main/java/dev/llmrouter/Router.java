package dev.llmrouter;

import dev.failsafe.spi.Scheduler;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.ModelNotFoundException;
import dev.llmrouter.api.StreamListener;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.api.spi.ProviderFactory;
import dev.llmrouter.config.ConfigException;
import dev.llmrouter.config.ConfigLoader;
import dev.llmrouter.config.ModelDeployment;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.api.Principal;
import dev.llmrouter.internal.CallContext;
import dev.llmrouter.internal.Controls;
import dev.llmrouter.internal.InMemoryParallelCounter;
import dev.llmrouter.internal.InMemorySpendLedger;
import dev.llmrouter.internal.InMemoryTenantDirectory;
import dev.llmrouter.internal.InMemoryWindowCounter;
import dev.llmrouter.policy.KeyPolicy;
import dev.llmrouter.policy.Limits;
import dev.llmrouter.policy.ModelAccess;
import dev.llmrouter.policy.TenantPolicy;
import dev.llmrouter.spi.state.KeyHash;
import dev.llmrouter.spi.state.LayeredTenantDirectory;
import dev.llmrouter.spi.state.CooldownStore;
import dev.llmrouter.spi.state.ParallelCounter;
import dev.llmrouter.spi.state.ResponseStore;
import dev.llmrouter.spi.state.SpendLedger;
import dev.llmrouter.spi.state.SpendLog;
import dev.llmrouter.spi.state.TenantDirectory;
import dev.llmrouter.spi.state.WindowCounter;
import java.util.Optional;
import dev.llmrouter.internal.Deployment;
import dev.llmrouter.internal.ProviderRegistry;
import dev.llmrouter.internal.RouterEngine;
import dev.llmrouter.internal.UnknownParams;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many LLM providers behind one call. Build it from a LiteLLM-style {@code config.yaml}:
 * <pre>{@code
 * try (Router router = Router.builder().configFile(Path.of("config.yaml")).build()) {
 *   ChatResponse r = router.complete(ChatRequest.builder("gpt-4o-mini").user("Hello").build());
 * }
 * }</pre>
 * A router is thread-safe and owns its providers' connections and threads; two routers share nothing.
 */
public final class Router implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);

  private final RouterConfig config;
  private final RouterEngine engine;
  private final ExecutorService workers;
  private final dev.llmrouter.internal.SharedResources shared;
  private final List<Deployment> deployments;
  private final TenantDirectory tenants;
  private final Clock clock;
  private final boolean tenantsInCode;
  private final SpendLedger ledger;

  private Router(RouterConfig config, RouterEngine engine, ExecutorService workers, List<Deployment> deployments,
                 TenantDirectory tenants, boolean tenantsInCode, Clock clock, SpendLedger ledger,
                 dev.llmrouter.internal.SharedResources shared) {
    this.shared = shared;
    this.tenantsInCode = tenantsInCode;
    this.ledger = ledger;
    this.config = config;
    this.engine = engine;
    this.workers = workers;
    this.deployments = List.copyOf(deployments);
    this.tenants = tenants;
    this.clock = clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Routes a call and waits for the answer.
   *
   * @throws LlmException the typed failure; after several failed attempts a
   *     {@link dev.llmrouter.api.NoDeploymentAvailableException} with each attempt's error suppressed
   */
  public ChatResponse complete(ChatRequest request) {
    Objects.requireNonNull(request, "request");
    return engine.execute(request, engine.newCall(request, null));
  }

  /**
   * An embedding call, on this thread: the vectors of {@code request}'s input, in order. It takes the same path as
   * {@link #complete}: the caller's tenant, rate limits and budget, the response cache, routing with retries and
   * fallbacks, costing (input tokens at the model's input price) and one ledger record. A deployment whose provider
   * has no embeddings refuses it with {@link dev.llmrouter.api.UnsupportedParameterException}.
   */
  public dev.llmrouter.api.EmbeddingResponse embed(dev.llmrouter.api.EmbeddingRequest request) {
    Objects.requireNonNull(request, "request");
    if (request.input().isEmpty()) {
      throw new dev.llmrouter.api.InvalidRequestException("an embedding call needs at least one input", 400,
          "input", null);
    }
    ChatRequest call = request.toCall();
    return dev.llmrouter.api.EmbeddingResponse.from(engine.execute(call, engine.newCall(call, null)));
  }

  /**
   * {@link #complete} on one of the router's threads. Cancelling the returned future cancels the call (see
   * {@link RouterCall#cancel()}); futures derived from it with {@code thenApply} and the like don't pass a cancel
   * back.
   */
  public CompletableFuture<ChatResponse> completeAsync(ChatRequest request) {
    RouterCall call = newCall(request);
    CompletableFuture<ChatResponse> future = new CompletableFuture<>() {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        call.cancel();
        return cancelled;
      }
    };
    workers.execute(() -> {
      try {
        future.complete(call.execute());
      } catch (Throwable e) { // an Error too: a future left pending would hang its caller
        future.completeExceptionally(e);
      }
    });
    return future;
  }

  /** A call to {@link RouterCall#execute() execute} on the calling thread, which another thread may cancel. */
  public RouterCall newCall(ChatRequest request) {
    Objects.requireNonNull(request, "request");
    return new CallingThreadCall(engine, engine.newCall(request, null), request);
  }

  /**
   * A streamed call to {@link RouterCall#execute() execute} on the calling thread, which another thread may cancel:
   * events reach {@code listener.onEvent} as the provider sends them, and {@code execute} returns the whole answer
   * (cost included) or throws; {@code onComplete} and {@code onError} are not called. What a server that holds a
   * thread per request anyway uses, so that the call takes no thread of the router's.
   */
  public RouterCall newStreamCall(ChatRequest request, StreamListener listener) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    return new CallingThreadCall(engine, engine.newCall(request, listener::onEvent), request);
  }

  /** A call run by the thread that calls {@link #execute()}. */
  private static final class CallingThreadCall implements RouterCall {
    private final RouterEngine engine;
    private final CallContext call;
    private final ChatRequest request;
    private final AtomicBoolean executed = new AtomicBoolean();

    CallingThreadCall(RouterEngine engine, CallContext call, ChatRequest request) {
      this.engine = engine;
      this.call = call;
      this.request = request;
    }

    @Override
    public String callId() {
      return call.callId();
    }

    @Override
    public ChatResponse execute() {
      if (!executed.compareAndSet(false, true)) {
        throw new IllegalStateException("call " + call.callId() + " was executed already");
      }
      call.worker(Thread.currentThread());
      try {
        return engine.execute(request, call);
      } finally {
        call.worker(null);
      }
    }

    @Override
    public void cancel() {
      engine.cancel(call);
    }

    @Override
    public List<dev.llmrouter.api.RateLimitStatus> rateLimits() {
      return call.rateLimits();
    }
  }

  /**
   * Streams a call: events reach {@code listener} as the provider sends them, then {@code onComplete} with the
   * whole answer (cost included) or {@code onError}. A failure before the first event may still be retried or
   * fall back; after it, the stream ends with the error.
   */
  public StreamHandle stream(ChatRequest request, StreamListener listener) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    CallContext call = engine.newCall(request, listener::onEvent);
    CompletableFuture<ChatResponse> completion = new CompletableFuture<>();
    workers.execute(() -> {
      call.worker(Thread.currentThread());
      try {
        ChatResponse response = engine.execute(request, call);
        completion.complete(response);
        listener.onComplete(response);
      } catch (LlmException e) {
        completion.completeExceptionally(e);
        listener.onError(e);
      } catch (CancellationException e) {
        completion.completeExceptionally(e);
      } catch (RuntimeException e) {
        LOG.error("stream {} failed unexpectedly", call.callId(), e);
        completion.completeExceptionally(e);
        listener.onError(new dev.llmrouter.api.ProviderUnavailableException("internal error: " + e, 0, null, e));
      } finally {
        call.worker(null);
      }
    });
    return new StreamHandle() {
      @Override
      public String callId() {
        return call.callId();
      }

      @Override
      public void cancel() {
        engine.cancel(call);
        completion.completeExceptionally(new CancellationException("cancelled by the caller"));
      }

      @Override
      public CompletableFuture<ChatResponse> completion() {
        return completion;
      }
    };
  }

  /**
   * The model names this router serves: the aliases ({@code model_name}s) in config order, but not wildcard ones
   * ({@code claude-*}), then the names {@code router_settings.model_group_alias} maps.
   */
  public List<String> models() {
    return engine.modelNames(config.aliases());
  }

  /**
   * Counts the input tokens of {@code request} for the model it names, without generating anything and without
   * billing: the provider's own count where it has one (Anthropic), else a local count (exact for OpenAI models,
   * an estimate for others; see {@code TokenCounter}).
   *
   * @throws ModelNotFoundException when no alias serves the model
   */
  public long countTokens(ChatRequest request) {
    return engine.countTokens(request);
  }

  /**
   * The model names {@code principal} may call: those of {@link #models()} its tenant's and key's lists allow; all of
   * them for a null principal (a trusted caller) and none for a tenant or key that does not exist.
   */
  public List<String> models(Principal principal) {
    if (principal == null) {
      return models();
    }
    Optional<TenantPolicy> tenant = tenants.tenant(principal.tenantId());
    if (tenant.isEmpty()) {
      return List.of();
    }
    ModelAccess access = tenant.get().models();
    if (principal.keyId() != null) {
      Optional<KeyPolicy> key = tenants.key(principal.keyId());
      if (key.isEmpty()) {
        return List.of();
      }
      access = access.and(key.get().models());
    }
    ModelAccess allowed = access.withGroups(config.accessGroups());
    return models().stream().filter(allowed::allows).toList();
  }

  /**
   * The principal of a virtual key the caller presented, found by the key's hash: empty when no tenant has that key,
   * or it has expired. The key itself is never kept or logged.
   */
  public Optional<Principal> authenticate(String presentedKey) {
    if (presentedKey == null || presentedKey.isEmpty()) {
      return Optional.empty();
    }
    return tenants.keyByHash(KeyHash.of(presentedKey))
        .filter(k -> !k.expired(clock.instant()))
        .map(k -> Principal.key(k.tenantId(), k.id()));
  }

  /** Whether tenants are configured, so that a caller is a tenant's unless it holds the master key. */
  public boolean hasTenants() {
    return config.tenancy().enabled() || tenantsInCode;
  }

  /**
   * The steps every call goes through, in their order: the listener's events, the application's interceptors,
   * tenancy, rate limits, budget, parameter compatibility, the response cache, routing, and per attempt its own.
   */
  public List<String> pipeline() {
    return engine.pipeline();
  }

  /**
   * What a budget of a tenant or of a key spent in its current period, as the spend ledger counts it (across
   * instances when the ledger is shared): for reports and the budget gauges.
   *
   * @param scope {@code tenant} or {@code key}
   */
  public java.math.BigDecimal spent(String scope, String id, dev.llmrouter.policy.Budget budget) {
    return ledger.spent(budget.ledgerKey(scope, id), budget.period().start(clock.instant()));
  }

  /** Every deployment, for health checks and reports. */
  public List<DeploymentInfo> deployments() {
    List<DeploymentInfo> out = new ArrayList<>();
    for (Deployment d : deployments) {
      DeploymentSettings s = d.config().settings();
      out.add(new DeploymentInfo(d.id(), d.alias(), s.providerId(), s.model(), s.apiBase()));
    }
    return out;
  }

  /** Whether a deployment is left out of routing for now, after rate limits or repeated failures. */
  public boolean isCoolingDown(String deploymentId) {
    return engine.isCoolingDown(deploymentId);
  }

  /**
   * Calls one deployment directly, bypassing routing, retries and the cache: for health checks.
   *
   * @throws LlmException the deployment's failure
   */
  public ChatResponse checkDeployment(String deploymentId, ChatRequest probe) {
    for (Deployment d : deployments) {
      if (d.id().equals(deploymentId)) {
        return d.provider().chat(probe.withModel(d.config().settings().model()));
      }
    }
    throw new IllegalArgumentException("no deployment " + deploymentId);
  }

  public RouterConfig config() {
    return config;
  }

  /** Stops the router's threads and closes every provider. */
  @Override
  public void close() {
    workers.shutdownNow();
    for (Deployment d : deployments) {
      try {
        d.provider().close();
      } catch (RuntimeException e) {
        LOG.warn("closing provider of {} failed", d.id(), e);
      }
    }
    shared.close();
  }

  /** A deployment as reports show it: never with its key. */
  public record DeploymentInfo(String id, String modelName, String provider, String model, String apiBase) {}

  /** Configures a {@link Router}; {@link #build()} copies the settings. */
  public static final class Builder {
    private RouterConfig config;
    private Path configFile;
    private String configYaml;
    private Map<String, String> environment = System.getenv();
    private final Map<String, ProviderFactory> factories = new LinkedHashMap<>();
    private RouterListener listener = RouterListener.NONE;
    private Clock clock = Clock.systemUTC();
    private Scheduler scheduler;
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    private ClassLoader classLoader = Router.class.getClassLoader();
    private final List<RouterInterceptor> interceptors = new ArrayList<>();
    private final List<TenantPolicy> tenantPolicies = new ArrayList<>();
    private TenantDirectory tenantDirectory;
    private WindowCounter windowCounter;
    private ParallelCounter parallelCounter;
    private SpendLedger spendLedger;
    private CooldownStore cooldownStore;
    private ResponseStore responseStore;
    private Limits gatewayLimits;
    private SpendLog spendLog;

    private Builder() {}

    /** Where each call's spend record goes when it ends (one per call); default nowhere. */
    public Builder spendLog(SpendLog log) {
      this.spendLog = Objects.requireNonNull(log);
      return this;
    }

    /** Adds a step of your own to every call, after those added before it (see {@link RouterInterceptor}). */
    public Builder interceptor(RouterInterceptor interceptor) {
      interceptors.add(Objects.requireNonNull(interceptor));
      return this;
    }

    /**
     * Adds a tenant, besides those of the config: a call whose {@link Principal} names it gets its models, limits
     * and budgets.
     */
    public Builder tenant(TenantPolicy tenant) {
      tenantPolicies.add(Objects.requireNonNull(tenant));
      return this;
    }

    /**
     * Where tenants and keys are looked up after those of the config and of {@link #tenant}: a store that an admin
     * API fills, shared by every instance.
     */
    public Builder tenantDirectory(TenantDirectory directory) {
      this.tenantDirectory = Objects.requireNonNull(directory);
      return this;
    }

    /** Where rate-limit windows are counted; default in this process. */
    public Builder windowCounter(WindowCounter counter) {
      this.windowCounter = Objects.requireNonNull(counter);
      return this;
    }

    /** Where calls in flight are counted for {@code max_parallel_requests}; default in this process. */
    public Builder parallelCounter(ParallelCounter counter) {
      this.parallelCounter = Objects.requireNonNull(counter);
      return this;
    }

    /** Where spend is reserved and committed against budgets; default in this process. */
    public Builder spendLedger(SpendLedger ledger) {
      this.spendLedger = Objects.requireNonNull(ledger);
      return this;
    }

    /**
     * Where cooldowns are kept; default in this process. A store shared by instances makes a deployment that one of
     * them cooled down skipped by all.
     */
    public Builder cooldownStore(CooldownStore store) {
      this.cooldownStore = Objects.requireNonNull(store);
      return this;
    }

    /**
     * Where the response cache keeps answers when {@code cache} is on; default in this process, bounded by
     * {@code cache_params.max_size}. A store shared by instances makes one instance's answer a hit on the others.
     */
    public Builder responseStore(ResponseStore store) {
      this.responseStore = Objects.requireNonNull(store);
      return this;
    }

    /** The gateway-wide rate limits, over every caller; default the config's top-level {@code rate_limits}. */
    public Builder rateLimits(Limits limits) {
      this.gatewayLimits = Objects.requireNonNull(limits);
      return this;
    }

    public Builder configFile(Path file) {
      this.configFile = file;
      return this;
    }

    public Builder configYaml(String yaml) {
      this.configYaml = yaml;
      return this;
    }

    public Builder config(RouterConfig config) {
      this.config = config;
      return this;
    }

    /** Where {@code ${VAR}} and {@code os.environ/VAR} in the config are looked up; default the process's. */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(environment);
      return this;
    }

    /** Registers a provider by hand; it wins over one with the same id found by {@code ServiceLoader}. */
    public Builder provider(ProviderFactory factory) {
      factories.put(factory.id(), factory);
      return this;
    }

    public Builder listener(RouterListener listener) {
      this.listener = Objects.requireNonNull(listener);
      return this;
    }

    /** The clock for cooldowns, cache expiry, timeouts and latencies. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /**
     * Runs attempts and the waits between retries. By default attempts run on the calling thread and a wait
     * blocks it; tests pass a scheduler that advances a fake clock instead of sleeping.
     */
    public Builder retryScheduler(Scheduler scheduler) {
      this.scheduler = scheduler;
      return this;
    }

    /** The randomness of load balancing and jitter, as numbers in [0, 1). */
    public Builder random(DoubleSupplier random) {
      this.random = Objects.requireNonNull(random);
      return this;
    }

    public Builder classLoader(ClassLoader loader) {
      this.classLoader = Objects.requireNonNull(loader);
      return this;
    }

    public Router build() {
      RouterConfig cfg = resolveConfig();
      cfg.warnings().forEach(w -> LOG.warn("config: {}", w));
      ProviderRegistry registry = new ProviderRegistry(classLoader, factories);
      UnknownParams.warnings(cfg.modelList(), registry).forEach(w -> LOG.warn("config: {}", w));
      List<Deployment> deployments = new ArrayList<>();
      Map<String, List<Deployment>> groups = new LinkedHashMap<>();
      dev.llmrouter.internal.SharedResources shared = new dev.llmrouter.internal.SharedResources();
      try {
        for (ModelDeployment md : cfg.modelList()) {
          ProviderFactory factory = factoryFor(registry, md);
          Deployment d = new Deployment(md, createProvider(factory, md, shared), factory.capabilities(md.settings()));
          deployments.add(d);
          groups.computeIfAbsent(md.modelName(), k -> new ArrayList<>()).add(d);
        }
      } catch (RuntimeException e) {
        deployments.forEach(d -> d.provider().close());
        shared.close();
        throw e;
      }
      groups.replaceAll((k, v) -> List.copyOf(v));
      AtomicInteger threads = new AtomicInteger();
      ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "llm-router-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      List<TenantPolicy> fixed = new ArrayList<>(cfg.tenancy().tenants());
      fixed.addAll(tenantPolicies);
      TenantDirectory directory = new InMemoryTenantDirectory(fixed, cfg.tenancy().keys());
      if (tenantDirectory != null) {
        directory = new LayeredTenantDirectory(List.of(directory, tenantDirectory));
      }
      Controls controls = new Controls(interceptors, directory,
          windowCounter != null ? windowCounter : new InMemoryWindowCounter(),
          parallelCounter != null ? parallelCounter : new InMemoryParallelCounter(),
          spendLedger != null ? spendLedger : new InMemorySpendLedger(),
          gatewayLimits != null ? gatewayLimits : cfg.tenancy().gatewayLimits(), spendLog, cooldownStore,
          responseStore);
      RouterEngine engine = new RouterEngine(cfg, groups, clock, scheduler, random, listener, controls);
      return new Router(cfg, engine, workers, deployments, directory,
          !tenantPolicies.isEmpty() || tenantDirectory != null, clock, controls.ledger(), shared);
    }

    private RouterConfig resolveConfig() {
      int sources = (config != null ? 1 : 0) + (configFile != null ? 1 : 0) + (configYaml != null ? 1 : 0);
      if (sources != 1) {
        throw new IllegalStateException("set exactly one of config, configFile and configYaml (got " + sources + ")");
      }
      if (config != null) {
        return config;
      }
      ConfigLoader loader = new ConfigLoader(environment);
      return configFile != null ? loader.load(configFile) : loader.parse(configYaml);
    }

    /** The provider of a deployment; an unknown {@code custom_llm_provider} with an api_base is OpenAI-compatible. */
    private static ProviderFactory factoryFor(ProviderRegistry registry, ModelDeployment md) {
      String id = md.settings().providerId();
      ProviderFactory factory = registry.get(id);
      if (factory == null && md.settings().param("custom_llm_provider").isPresent()) {
        if (md.settings().apiBase() == null) {
          throw new ConfigException("model_list entry '" + md.modelName() + "' (" + md.id() + "): custom_llm_provider "
              + "\"" + id + "\" is not a provider on the class or module path; give it an api_base to serve it as an "
              + "OpenAI-compatible server");
        }
        LOG.info("model_list entry '{}': custom_llm_provider \"{}\" is served as an OpenAI-compatible server at {}",
            md.modelName(), id, md.settings().apiBase());
        factory = registry.get("openai");
      }
      if (factory == null) {
        throw new ConfigException("model_list entry '" + md.modelName() + "' (" + md.id() + "): no provider \""
            + id + "\" on the class or module path; known providers: " + String.join(", ", registry.ids()));
      }
      return factory;
    }

    private static Provider createProvider(ProviderFactory factory, ModelDeployment md,
                                           dev.llmrouter.api.spi.ProviderContext shared) {
      try {
        return factory.create(md.settings(), shared);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("model_list entry '" + md.modelName() + "' (" + md.id() + "): " + e.getMessage());
      }
    }
  }

}
