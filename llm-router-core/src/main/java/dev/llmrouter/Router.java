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
import dev.llmrouter.internal.CallContext;
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
  private final List<Deployment> deployments;

  private Router(RouterConfig config, RouterEngine engine, ExecutorService workers, List<Deployment> deployments) {
    this.config = config;
    this.engine = engine;
    this.workers = workers;
    this.deployments = List.copyOf(deployments);
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

    private Builder() {}

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
      try {
        for (ModelDeployment md : cfg.modelList()) {
          Deployment d = new Deployment(md, createProvider(registry, md), registry.get(md.settings().providerId()).capabilities());
          deployments.add(d);
          groups.computeIfAbsent(md.modelName(), k -> new ArrayList<>()).add(d);
        }
      } catch (RuntimeException e) {
        deployments.forEach(d -> d.provider().close());
        throw e;
      }
      groups.replaceAll((k, v) -> List.copyOf(v));
      AtomicInteger threads = new AtomicInteger();
      ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "llm-router-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      RouterEngine engine = new RouterEngine(cfg, groups, clock, scheduler, random, listener);
      return new Router(cfg, engine, workers, deployments);
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

    private static Provider createProvider(ProviderRegistry registry, ModelDeployment md) {
      String id = md.settings().providerId();
      ProviderFactory factory = registry.get(id);
      if (factory == null) {
        throw new ConfigException("model_list entry '" + md.modelName() + "' (" + md.id() + "): no provider \""
            + id + "\" on the classpath; known providers: " + String.join(", ", registry.ids()));
      }
      try {
        return factory.create(md.settings());
      } catch (IllegalArgumentException e) {
        throw new ConfigException("model_list entry '" + md.modelName() + "' (" + md.id() + "): " + e.getMessage());
      }
    }
  }

}
