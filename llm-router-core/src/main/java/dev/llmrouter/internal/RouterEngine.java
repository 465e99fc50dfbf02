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
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * The pipeline behind {@link dev.llmrouter.Router}. {@link #pipeline} is the product in order.
 */
public final class RouterEngine {
  private final Map<String, List<Deployment>> groups;
  private final RouterSettings settings;
  private final Clock clock;
  private final RouterListener listener;
  private final Cooldowns cooldowns;
  private final List<Interceptor> callTier;

  public RouterEngine(RouterConfig config, Map<String, List<Deployment>> groups, Clock clock, Scheduler scheduler,
                      DoubleSupplier random, RouterListener listener) {
    this.groups = Map.copyOf(groups);
    this.settings = config.routerSettings();
    this.clock = clock;
    this.listener = new SafeListener(listener);
    this.cooldowns = new Cooldowns(clock, settings.cooldownTime(), settings.allowedFails());
    this.callTier = pipeline(config, clock, scheduler, random);
  }

  /** The request pipeline: once per call, then once per attempt inside routing. */
  private List<Interceptor> pipeline(RouterConfig config, Clock clock, Scheduler scheduler, DoubleSupplier random) {
    PriceBook prices = PriceBook.bundled();
    List<Interceptor> perAttempt = List.of(
        new Costing(prices),                                       // price the usage of the deployment that served
        new ProviderCall());                                       // the provider answers (plain or streamed)
    return List.of(
        new CallEvents(),                                          // listener: call start and end; CallInfo
        new ResponseCaching(config.cache(), clock),                // exact-match cache, non-streamed calls
        new Routing(groups,                                        // alias -> deployments, load balancing,
            settings,                                              // retries honouring Retry-After, cooldowns,
            cooldowns,                                             // fallbacks
            RoutingStrategy.named(settings.routingStrategy(), clock, prices), // which deployment takes a call
            scheduler, random, perAttempt));
  }

  /** A new call's context; {@code sink} receives stream events, or is null for a plain call. */
  public CallContext newCall(ChatRequest request, Consumer<StreamEvent> sink) {
    Duration timeout = request.options().timeout() != null ? request.options().timeout() : settings.timeout();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    // Unique, not secret: no need for SecureRandom's lock on every call.
    String callId = "call-" + new UUID(random.nextLong(), random.nextLong());
    return new CallContext(callId, request.model(), clock, timeout, listener, sink);
  }

  public ChatResponse execute(ChatRequest request, CallContext call) {
    return new RealChain(callTier, 0, request, call).proceed(request);
  }

  public void cancel(CallContext call) {
    call.cancel();
  }

  /** Whether the deployment is left out of routing for now after failures. */
  public boolean isCoolingDown(String deploymentId) {
    return cooldowns.isCoolingDown(deploymentId);
  }
}
