package dev.llmrouter.config;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code router_settings}.
 *
 * @param routingStrategy       how a deployment is chosen among an alias's usable ones: one of
 *                              {@link #ROUTING_STRATEGIES}
 * @param numRetries            retries of a call after its first attempt, over the alias's deployments
 * @param timeout               overall time for one call, retries and fallbacks included
 * @param fallbacks             alias → aliases to try when all of the alias's attempts failed
 * @param defaultFallbacks      aliases to try for any alias without its own fallbacks
 * @param contextWindowFallbacks alias → aliases with larger context windows
 * @param contentPolicyFallbacks alias → aliases to try when a content filter refused
 * @param cooldownTime          how long a failing deployment is left out
 * @param allowedFails          failures within a minute a deployment may have before it cools down
 * @param retryBaseDelay        first backoff delay; doubles per retry, with jitter
 * @param maxRetryDelay         the longest wait before a retry, Retry-After included
 * @param modelGroupAlias       {@code model_group_alias}: a model name callers send → the alias that serves it
 * @param modelChains           the top-level {@code fallback_models}: a name callers send → the model names tried in
 *                              order, each with its own retries and fallbacks
 */
public record RouterSettings(String routingStrategy, int numRetries, Duration timeout,
                             Map<String, List<String>> fallbacks, List<String> defaultFallbacks,
                             Map<String, List<String>> contextWindowFallbacks,
                             Map<String, List<String>> contentPolicyFallbacks, Duration cooldownTime,
                             int allowedFails, Duration retryBaseDelay, Duration maxRetryDelay,
                             Map<String, String> modelGroupAlias, Map<String, List<String>> modelChains) {
  /** The {@code routing_strategy} values, LiteLLM's names; "simple-shuffle" is the default. */
  public static final Set<String> ROUTING_STRATEGIES = Set.of("simple-shuffle", "shuffle", "least-busy",
      "latency-based-routing", "cost-based-routing", "usage-based-routing", "usage-based-routing-v2");

  public RouterSettings {
    fallbacks = Map.copyOf(fallbacks);
    defaultFallbacks = List.copyOf(defaultFallbacks);
    contextWindowFallbacks = Map.copyOf(contextWindowFallbacks);
    contentPolicyFallbacks = Map.copyOf(contentPolicyFallbacks);
    modelGroupAlias = modelGroupAlias == null ? Map.of() : Map.copyOf(modelGroupAlias);
    modelChains = modelChains == null ? Map.of() : Map.copyOf(modelChains);
  }

  public RouterSettings(String routingStrategy, int numRetries, Duration timeout,
                        Map<String, List<String>> fallbacks, List<String> defaultFallbacks,
                        Map<String, List<String>> contextWindowFallbacks,
                        Map<String, List<String>> contentPolicyFallbacks, Duration cooldownTime,
                        int allowedFails, Duration retryBaseDelay, Duration maxRetryDelay,
                        Map<String, String> modelGroupAlias) {
    this(routingStrategy, numRetries, timeout, fallbacks, defaultFallbacks, contextWindowFallbacks,
        contentPolicyFallbacks, cooldownTime, allowedFails, retryBaseDelay, maxRetryDelay, modelGroupAlias, Map.of());
  }

  /** These settings with other {@code fallback_models} chains. */
  public RouterSettings withModelChains(Map<String, List<String>> chains) {
    return new RouterSettings(routingStrategy, numRetries, timeout, fallbacks, defaultFallbacks,
        contextWindowFallbacks, contentPolicyFallbacks, cooldownTime, allowedFails, retryBaseDelay, maxRetryDelay,
        modelGroupAlias, chains);
  }

  public RouterSettings(String routingStrategy, int numRetries, Duration timeout,
                        Map<String, List<String>> fallbacks, List<String> defaultFallbacks,
                        Map<String, List<String>> contextWindowFallbacks,
                        Map<String, List<String>> contentPolicyFallbacks, Duration cooldownTime,
                        int allowedFails, Duration retryBaseDelay, Duration maxRetryDelay) {
    this(routingStrategy, numRetries, timeout, fallbacks, defaultFallbacks, contextWindowFallbacks,
        contentPolicyFallbacks, cooldownTime, allowedFails, retryBaseDelay, maxRetryDelay, Map.of());
  }

  /**
   * The alias (or chain) and every alias a fallback of any kind (a chain's members, general, default, context window,
   * content policy) can reach.
   */
  public Set<String> reachableFrom(String alias) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(alias));
    while (!todo.isEmpty()) {
      String a = todo.removeFirst();
      if (seen.add(a)) {
        List<String> members = modelChains.get(a);
        if (members != null) {
          todo.addAll(members);
          continue;
        }
        todo.addAll(fallbacks.getOrDefault(a, defaultFallbacks));
        todo.addAll(contextWindowFallbacks.getOrDefault(a, List.of()));
        todo.addAll(contentPolicyFallbacks.getOrDefault(a, List.of()));
      }
    }
    return seen;
  }

  public static RouterSettings defaults() {
    return new RouterSettings("simple-shuffle", 2, Duration.ofMinutes(10), Map.of(), List.of(), Map.of(), Map.of(),
        Duration.ofSeconds(5), 3, Duration.ofMillis(250), Duration.ofSeconds(30));
  }
}
