package dev.llmrouter.internal;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.failsafe.function.CheckedSupplier;
import dev.failsafe.spi.Scheduler;
import dev.llmrouter.api.AuthenticationException;
import dev.llmrouter.api.CapacityExceededException;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentPolicyException;
import dev.llmrouter.api.ContextWindowExceededException;
import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.LlmTimeoutException;
import dev.llmrouter.api.ModelNotFoundException;
import dev.llmrouter.api.NoDeploymentAvailableException;
import dev.llmrouter.api.PermissionDeniedException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.Usage;
import dev.llmrouter.config.RouterSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the alias to its deployments and makes attempts until one answers: retries with backoff and jitter
 * that honour {@code Retry-After} (Failsafe), each attempt on a deployment that isn't cooling down, then the
 * alias's fallbacks. Each attempt runs the attempt tier of the pipeline. Attempts run on the calling thread, unless
 * a {@link Scheduler} is given (tests give one that records the waits on a fake clock instead of sleeping).
 */
final class Routing implements Interceptor {
  private static final Logger LOG = LoggerFactory.getLogger(Routing.class);

  private final Map<String, List<Deployment>> groups;
  private final RouterSettings settings;
  private final Cooldowns cooldowns;
  private final RoutingStrategy strategy;
  private final ParallelLimits limits = new ParallelLimits();
  private final DeploymentSelector selector;
  private final Scheduler scheduler;
  private final DoubleSupplier random;
  private final List<Interceptor> attemptTier;
  private final ModelNames names;
  private final ModelLimits outputLimits;

  Routing(Map<String, List<Deployment>> groups, ModelNames names, RouterSettings settings, Cooldowns cooldowns,
          RoutingStrategy strategy, Scheduler scheduler, DoubleSupplier random, List<Interceptor> attemptTier,
          ModelLimits outputLimits) {
    this.groups = groups;
    this.names = names;
    this.settings = settings;
    this.cooldowns = cooldowns;
    this.strategy = strategy;
    this.selector = new DeploymentSelector(cooldowns, limits, strategy, random);
    this.scheduler = scheduler;
    this.random = random;
    this.attemptTier = attemptTier;
    this.outputLimits = outputLimits;
  }

  @Override
  public ChatResponse intercept(Chain chain) {
    CallContext call = chain.call();
    String requested = chain.request().model();
    String resolved = names.resolveOrThrow(requested);
    Attempts attempts = new Attempts();
    Deque<String> aliases = new ArrayDeque<>();
    for (String member : names.members(resolved)) { // an alias; or a chain's members, in order
      if (member.equals(resolved) || call.mayUse(member)) {
        aliases.addLast(member);
      }
    }
    if (aliases.isEmpty()) {
      throw new ModelNotFoundException("no model of '" + requested + "' is served here"
          + (resolved.equals(requested) ? "" : " (" + resolved + ")") + " or may be used by this caller");
    }
    Set<String> visited = new HashSet<>(aliases);
    LlmException last = null;
    while (!aliases.isEmpty()) {
      String alias = aliases.removeFirst();
      try {
        return tryAlias(chain, alias, attempts, !aliases.isEmpty() || unvisitedFallback(alias, visited, call));
      } catch (LlmException e) {
        if (call.outputStarted() || isCallersFault(e)) {
          throw e;
        }
        last = e;
        for (String next : fallbacks(alias, e)) {
          if (!call.mayUse(next)) {
            LOG.debug("call {}: fallback {} skipped, the caller may not use it", call.callId(), next);
            continue;
          }
          if (visited.add(next)) {
            aliases.addLast(next);
            call.listener().fallback(call.callId(), alias, next, e);
          }
        }
      }
    }
    List<LlmException> failures = attempts.failures;
    if (failures.size() == 1) {
      throw failures.get(0);
    }
    if (failures.isEmpty() && last instanceof CapacityExceededException) {
      throw last;
    }
    throw new NoDeploymentAvailableException(noneAvailableMessage(requested, attempts), failures,
        earliestRetry(visited).orElse(null));
  }

  /** What one call's attempts met, over all its aliases. */
  private static final class Attempts {
    final List<LlmException> failures = new ArrayList<>();
    /** Aliases on which an attempt was actually made, in order. */
    final Set<String> triedAliases = new LinkedHashSet<>();
  }

  /**
   * Attempts on one alias's deployments with retries; every failed attempt is added to {@code attempts}. When the
   * alias has a fallback still to try, a timed-out attempt is not retried: a retry would spend the time the
   * fallback needs.
   */
  private ChatResponse tryAlias(Chain chain, String alias, Attempts attempts, boolean fallbackLeft) {
    CallContext call = chain.call();
    Set<String> excluded = new HashSet<>();
    RetryPolicy<ChatResponse> retry = RetryPolicy.<ChatResponse>builder()
        .handleIf((result, e) -> e instanceof LlmException le && le.retryable() && !(e instanceof NoUsableDeployment))
        .abortIf((result, e) -> call.outputStarted() || call.cancelled()
            || call.remaining().isNegative() || call.remaining().isZero()
            || (fallbackLeft && e instanceof LlmTimeoutException))
        .withMaxRetries(settings.numRetries())
        .withDelayFn(ctx -> delay(ctx.getAttemptCount(), ctx.getLastException(), call, alias, excluded))
        .build();
    CheckedSupplier<ChatResponse> attempt = () -> attempt(chain.request(), call, alias, excluded, attempts);
    try {
      if (scheduler == null) {
        return Failsafe.with(retry).get(attempt); // on the calling thread; waits between retries block it
      }
      return Failsafe.with(retry).with(scheduler).getAsync(attempt).join();
    } catch (RuntimeException e) {
      if (call.cancelled()) { // however the last attempt ended, a cancelled call ends as cancelled
        throw new CancellationException("call " + call.callId() + " was cancelled");
      }
      Throwable cause = e instanceof CompletionException || e instanceof FailsafeException ? e.getCause() : e;
      throw cause instanceof RuntimeException re ? re : e;
    }
  }

  /** Whether a fallback of {@code alias} for a general failure (a timeout, say) has not been visited yet. */
  private boolean unvisitedFallback(String alias, Set<String> visited, CallContext call) {
    for (String next : settings.fallbacks().getOrDefault(alias, settings.defaultFallbacks())) {
      if (!visited.contains(next) && call.mayUse(next)) {
        return true;
      }
    }
    return false;
  }

  /**
   * One attempt: a deployment of the alias that isn't cooling down and has room. A failure only that deployment
   * has (a bad key, a missing model) moves on to the next deployment at once rather than costing a retry.
   */
  private ChatResponse attempt(ChatRequest request, CallContext call, String alias, Set<String> excluded,
                               Attempts attempts) {
    List<Deployment> group = groups.get(alias);
    while (true) {
      call.throwIfCancelled();
      Deployment d = selector.pick(group, excluded);
      if (d == null) {
        if (selector.anyOnlyFull(group, excluded)) {
          throw new CapacityExceededException("every usable deployment of '" + alias + "' is at its "
              + "max_parallel_requests; try again shortly", Duration.ofSeconds(1));
        }
        throw new NoUsableDeployment(alias);
      }
      if (!limits.tryAcquire(d)) {
        continue; // it filled up since it was picked; the next pick passes over it
      }
      ChatResponse response;
      try {
        response = attemptOn(d, request, call, group, excluded, attempts, alias);
      } finally {
        limits.release(d);
      }
      if (response != null) {
        return response;
      } // else the deployment failed in a way only it has, and the loop picks another
    }
  }

  /** One provider call on {@code d}: its response, or null when the call should move on to another deployment. */
  private ChatResponse attemptOn(Deployment d, ChatRequest request, CallContext call, List<Deployment> group,
                                 Set<String> excluded, Attempts attempts, String alias) {
    int n = call.nextAttempt();
    attempts.triedAliases.add(alias);
    call.listener().attemptStart(call.callId(), d.id(), n);
    Instant started = call.clock().instant();
    call.enterAttempt(d);
    strategy.attemptStarted(d);
    Usage usage = null; // stays null unless the attempt succeeds
    try {
      ChatRequest forDeployment = DeploymentDefaults.apply(request, d, outputLimits);
      ChatResponse response = new RealChain(attemptTier, 0, forDeployment, call).proceed(forDeployment);
      usage = response.usage();
      cooldowns.recordSuccess(d.id());
      call.listener().attemptSucceeded(call.callId(), d.id(), n, since(call, started));
      return response.withRouting(ModelNames.served(alias, call.alias()), d.id());
    } catch (CancellationException e) {
      throw e;
    } catch (RuntimeException thrown) {
      if (call.cancelled()) {
        throw new CancellationException("call " + call.callId() + " was cancelled");
      }
      LlmException e = asLlmException(thrown, d);
      attempts.failures.add(e);
      cooldowns.recordFailure(d.id(), e);
      call.listener().attemptFailed(call.callId(), d.id(), n, e, since(call, started));
      if (isDeploymentSpecific(e) && !call.outputStarted()) {
        excluded.add(d.id());
        if (selector.pick(group, excluded) != null) {
          return null;
        }
      }
      throw e;
    } finally {
      strategy.attemptEnded(d, since(call, started), usage);
    }
  }


  /**
   * Exponential backoff with jitter, never past the call's timeout. A provider's Retry-After (its deployment now
   * cools down for that long) makes the wait at least that long only when no other deployment of the alias can take
   * the retry now.
   */
  private Duration delay(int attemptCount, Throwable last, CallContext call, String alias, Set<String> excluded) {
    long base = settings.retryBaseDelay().toMillis() << Math.min(20, Math.max(0, attemptCount - 1));
    long backoff = Math.min(settings.maxRetryDelay().toMillis(), base);
    long jittered = backoff / 2 + (long) (random.getAsDouble() * (backoff / 2.0));
    Duration d = Duration.ofMillis(jittered);
    if (last instanceof LlmException le) {
      Optional<Duration> retryAfter = le.retryAfter();
      if (retryAfter.isPresent() && retryAfter.get().compareTo(d) > 0
          && selector.pick(groups.get(alias), excluded) == null) {
        d = retryAfter.get().compareTo(settings.maxRetryDelay()) > 0 ? settings.maxRetryDelay() : retryAfter.get();
      }
    }
    Duration left = call.remaining();
    return d.compareTo(left) > 0 ? (left.isNegative() ? Duration.ZERO : left) : d;
  }

  private List<String> fallbacks(String alias, LlmException e) {
    if (e instanceof ContextWindowExceededException) {
      return settings.contextWindowFallbacks().getOrDefault(alias, List.of());
    }
    if (e instanceof ContentPolicyException) {
      return settings.contentPolicyFallbacks().getOrDefault(alias, List.of());
    }
    return settings.fallbacks().getOrDefault(alias, settings.defaultFallbacks());
  }

  /** A request the caller must change: no deployment or fallback will take it as it is. */
  private static boolean isCallersFault(LlmException e) {
    return e instanceof InvalidRequestException && !(e instanceof ContextWindowExceededException)
        && !(e instanceof ContentPolicyException);
  }

  private static boolean isDeploymentSpecific(LlmException e) {
    return e instanceof AuthenticationException || e instanceof PermissionDeniedException
        || e instanceof ModelNotFoundException;
  }

  private static LlmException asLlmException(RuntimeException e, Deployment d) {
    if (e instanceof LlmException le) {
      return le;
    }
    LOG.warn("provider of deployment {} ({}) failed unexpectedly", d.id(), d.describe(), e);
    return new ProviderUnavailableException("provider of deployment " + d.id() + " failed unexpectedly: "
        + e.getClass().getSimpleName(), 0, null, e);
  }

  private Optional<Duration> earliestRetry(Set<String> aliases) {
    return aliases.stream().flatMap(a -> groups.getOrDefault(a, List.of()).stream())
        .map(d -> cooldowns.remaining(d.id())).flatMap(Optional::stream).min(Duration::compareTo);
  }

  private static String noneAvailableMessage(String requested, Attempts attempts) {
    List<LlmException> failures = attempts.failures;
    if (failures.isEmpty()) {
      return "every deployment of '" + requested + "' is cooling down after recent failures";
    }
    return "all " + failures.size() + " attempts for '" + requested + "' failed (models tried: "
        + String.join(", ", attempts.triedAliases) + "); last error: "
        + failures.get(failures.size() - 1).getMessage();
  }

  private static Duration since(CallContext call, Instant started) {
    return Duration.between(started, call.clock().instant());
  }

  /** Every deployment of an alias is cooling down or was excluded for this call. */
  static final class NoUsableDeployment extends LlmException {
    NoUsableDeployment(String alias) {
      super("no usable deployment for '" + alias + "': each is cooling down, failed this call, or is at its "
          + "rpm/tpm limit", 503, null, null);
    }

    @Override
    public boolean retryable() {
      return false;
    }
  }
}
