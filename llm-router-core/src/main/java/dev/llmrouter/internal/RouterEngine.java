package dev.llmrouter.internal;

import dev.failsafe.spi.Scheduler;
import dev.llmrouter.RouterListener;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.config.RouterSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import dev.llmrouter.api.LlmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * The pipeline behind {@link dev.llmrouter.Router}. {@link #pipeline} is the product in order.
 */
public final class RouterEngine {
  private static final Logger LOG = LoggerFactory.getLogger(RouterEngine.class);
  private final Map<String, List<Deployment>> groups;
  private final RouterSettings settings;
  private final Clock clock;
  private final RouterListener listener;
  private final Cooldowns cooldowns;
  private final List<Interceptor> callTier;
  private final ModelNames names;
  private final TokenCounter tokens = new TokenCounter();

  private final List<String> stepNames;

  public RouterEngine(RouterConfig config, Map<String, List<Deployment>> groups, Clock clock, Scheduler scheduler,
                      DoubleSupplier random, RouterListener listener, Controls controls) {
    this.groups = Map.copyOf(groups);
    this.settings = config.routerSettings();
    this.clock = clock;
    this.listener = new SafeListener(listener);
    this.cooldowns = new Cooldowns(clock, settings.cooldownTime(), settings.allowedFails(),
        controls.cooldowns() != null ? controls.cooldowns() : Cooldowns.local());
    this.names = new ModelNames(groups.keySet(), settings.modelGroupAlias(), settings.modelChains());
    this.callTier = pipeline(config, clock, scheduler, random, controls, listener != RouterListener.NONE);
    this.stepNames = names(callTier);
  }

  /** The request pipeline: once per call, then once per attempt inside routing. */
  private List<Interceptor> pipeline(RouterConfig config, Clock clock, Scheduler scheduler, DoubleSupplier random,
                                     Controls controls, boolean listened) {
    PriceBook prices = PriceBook.bundled();
    ModelLimits limits = ModelLimits.bundled();
    CallEstimates estimates = new CallEstimates(groups, names, settings, prices, limits, tokens);
    List<Interceptor> perAttempt = List.of(
        new ContextWindowCheck(limits, tokens,                     // input past the model's window: refused here,
            settings.contextWindowFallbacks().keySet()),
                                                                   // so it goes to context_window_fallbacks
        new Costing(prices, tokens),                                       // price the usage of the deployment that served
        new ProviderCall());                                       // the provider answers (plain or streamed)
    List<Interceptor> steps = new java.util.ArrayList<>();
    steps.add(new CallEvents());                                   // listener: call start and end; CallInfo
    steps.add(new SpendRecording(controls.spendLog(), estimates,   // one ledger record per call, however it ends;
        listened));                                                // the listener sees it too
    controls.interceptors().forEach(i -> steps.add(new UserInterceptor(i))); // the application's, in order
    steps.addAll(List.of(
        new Tenancy(controls.tenants(), names, config.accessGroups()),                    // principal -> tenant and key policy; may it
                                                                   // use this model (403)? revoked key (401)
        new RateLimiting(controls.gatewayLimits(),                 // rpm, rph, tpm, parallel: key, tenant, gateway;
            controls.windows(), controls.parallel(), estimates),   // a refusal counts against none (429)
        new Budgeting(controls.ledger(), estimates),               // reserve the most it can cost; commit the real
                                                                   // cost or release (a cache hit costs nothing)
        new ParamCompatibility(groups, settings, names,            // what the providers that may serve it accept:
            config.general().dropParams()),                        // extra fields of a dialect, tools, images, JSON
        new ResponseCaching(config.cache(), controls.responses(), clock), // exact-match cache, non-streamed calls
        new Routing(groups, names,                                 // model name -> alias -> deployments, balancing,
            settings,                                              // retries honouring Retry-After, cooldowns,
            cooldowns,                                             // fallbacks
            RoutingStrategy.named(settings.routingStrategy(), clock, prices), // which deployment takes a call
            scheduler, random, perAttempt, limits)));             // (the bundled model limits read once, shared)                      // (and only to aliases the caller may use)
    return List.copyOf(steps);
  }

  private static List<String> names(List<Interceptor> callTier) {
    List<String> out = new java.util.ArrayList<>();
    callTier.forEach(i -> out.add(i.name()));
    out.add("per attempt: cooldown gate, attempt timeout");
    out.add("per attempt: context window check");
    out.add("per attempt: costing");
    out.add("per attempt: provider call");
    return List.copyOf(out);
  }

  /** The steps of every call, in their order. */
  public List<String> pipeline() {
    return stepNames;
  }

  /** A new call's context; {@code sink} receives stream events, or is null for a plain call. */
  public CallContext newCall(ChatRequest request, Consumer<StreamEvent> sink) {
    Duration timeout = request.options().timeout() != null ? request.options().timeout() : settings.timeout();
    String callId = "call-" + timeOrderedId(clock.millis());
    return new CallContext(callId, request.model(), clock, timeout, listener, sink);
  }

  /**
   * A UUID laid out as RFC 9562's version 7: the first 48 bits are the time in milliseconds, so ids sort by time
   * and the spend log's primary key grows at its end (a random key writes a random page of the index per call).
   * Unique, not secret: no need for SecureRandom's lock on every call.
   */
  static UUID timeOrderedId(long epochMillis) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low);
  }

  public ChatResponse execute(ChatRequest request, CallContext call) {
    return new RealChain(callTier, 0, request, call).proceed(request);
  }

  public void cancel(CallContext call) {
    call.cancel();
  }

  /**
   * The input tokens of a request for the model it names, outside the pipeline (nothing is generated, cached or
   * billed): the provider's own count where it has one, else {@link TokenCounter}'s. A provider that fails to count
   * is counted for locally.
   */
  public long countTokens(ChatRequest request) {
    String alias = names.first(names.resolveOrThrow(request.model()));
    List<Deployment> group = alias == null ? null : groups.get(alias);
    if (group == null) {
      throw new dev.llmrouter.api.ModelNotFoundException("no model serves '" + request.model() + "'");
    }
    Deployment d = group.stream().filter(x -> !cooldowns.isCoolingDown(x.id())).findFirst().orElse(group.get(0));
    String model = ModelNames.providerModel(d.config().settings().model(), d.alias(), request.model());
    ChatRequest aimed = request.withModel(model);
    try {
      OptionalLong counted = d.provider().countTokens(aimed);
      if (counted.isPresent()) {
        return counted.getAsLong();
      }
    } catch (LlmException e) {
      LOG.debug("{} could not count tokens, counting locally: {}", d.id(), e.getMessage());
    }
    return tokens.count(aimed, model);
  }

  /**
   * The model names callers may send: the aliases but wildcard ones, then the {@code model_group_alias} names, then
   * the {@code fallback_models} chains.
   */
  public List<String> modelNames(List<String> aliases) {
    List<String> out = new java.util.ArrayList<>();
    aliases.stream().filter(a -> !ModelNames.isPattern(a)).forEach(out::add);
    settings.modelGroupAlias().keySet().stream().sorted().forEach(out::add);
    settings.modelChains().keySet().stream().sorted().forEach(out::add);
    return out;
  }

  /** Whether the deployment is left out of routing for now after failures. */
  public boolean isCoolingDown(String deploymentId) {
    return cooldowns.isCoolingDown(deploymentId);
  }
}
