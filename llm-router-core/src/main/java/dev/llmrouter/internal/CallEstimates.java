package dev.llmrouter.internal;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.AccessDeniedException;
import dev.llmrouter.config.Prices;
import dev.llmrouter.config.RouterSettings;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The most a call can take before it is made, for limits and budgets: its input tokens, counted once per call, plus
 * the most it may write (its {@code max_tokens}, else the deployment's default, else the model's output limit, else
 * {@value #UNBOUNDED_OUTPUT} tokens), priced at the dearest deployment the call may reach (its alias's and every
 * fallback's it may use).
 */
final class CallEstimates {
  /** The output assumed when neither the request nor the model bounds it. */
  static final int UNBOUNDED_OUTPUT = 4096;

  private final Map<String, List<Deployment>> groups;
  private final ModelNames names;
  private final RouterSettings settings;
  private final PriceBook prices;
  private final ModelLimits outputLimits;
  private final TokenCounter counter;

  CallEstimates(Map<String, List<Deployment>> groups, ModelNames names, RouterSettings settings, PriceBook prices,
                ModelLimits outputLimits, TokenCounter counter) {
    this.groups = groups;
    this.names = names;
    this.settings = settings;
    this.prices = prices;
    this.outputLimits = outputLimits;
    this.counter = counter;
  }

  /** Input tokens plus the most output, over the deployments of the requested alias. */
  long maxTokens(ChatRequest request, CallContext call) {
    List<Deployment> group = group(request);
    if (group.isEmpty()) {
      return 0; // no such model: routing refuses it with a 404 that names it
    }
    long output = 0;
    for (Deployment d : group) {
      output = Math.max(output, maxOutput(request, d));
    }
    return inputTokens(request, call, group.get(0)) + output;
  }

  /**
   * The most the call can cost in USD.
   *
   * @throws AccessDeniedException when a deployment it may reach has no known price, so a budget cannot be held
   */
  BigDecimal maxCost(ChatRequest request, CallContext call, String budgetName) {
    String alias = names.resolve(request.model());
    if (alias == null) {
      return BigDecimal.ZERO;
    }
    BigDecimal most = BigDecimal.ZERO;
    for (String reachable : settings.reachableFrom(alias)) {
      if (!reachable.equals(alias) && !call.mayUse(reachable)) {
        continue;
      }
      for (Deployment d : groups.getOrDefault(reachable, List.of())) {
        Prices p = prices.pricesFor(d);
        if (p == null) {
          throw new AccessDeniedException("model '" + request.model() + "' may be served by deployment "
              + d.id() + " (" + d.describe() + "), which has no known price, so the " + budgetName
              + " budget cannot be held; set model_info.input_cost_per_token and output_cost_per_token on it "
              + "(0 for a free model)");
        }
        BigDecimal inputPrice = p.inputPerToken().max(p.cacheWritePerToken());
        BigDecimal cost = inputPrice.multiply(BigDecimal.valueOf(inputTokens(request, call, d)))
            .add(p.outputPerToken().multiply(BigDecimal.valueOf(maxOutput(request, d))));
        most = most.max(cost);
      }
    }
    return most;
  }

  /**
   * What a streamed call that ended early after its content began is charged: {@link CallContext#producedUsage()} at
   * the prices of the deployment that streamed; null when nothing reached the caller.
   */
  BigDecimal producedCost(CallContext call) {
    Deployment d = call.lastDeployment();
    if (!call.outputStarted() || d == null) {
      return null;
    }
    return prices.cost(d, call.producedUsage()).usd().orElse(null);
  }

  private List<Deployment> group(ChatRequest request) {
    String resolved = names.resolve(request.model());
    String alias = resolved == null ? null : names.first(resolved);
    return alias == null ? List.of() : groups.getOrDefault(alias, List.of());
  }

  private long inputTokens(ChatRequest request, CallContext call, Deployment d) {
    long counted = call.inputTokens();
    if (counted < 0) {
      String model = ModelNames.providerModel(d.config().settings().model(), d.alias(), request.model());
      counted = counter.count(request, model);
      call.inputTokens(counted);
    }
    return counted;
  }

  private long maxOutput(ChatRequest request, Deployment d) {
    if (request.embedding() != null) {
      return 0; // an embedding has no output tokens
    }
    Integer limit = outputLimits.of(d);
    Integer asked = request.maxTokens();
    if (asked == null) {
      BigDecimal dflt = DeploymentDefaults.number(d.config().settings(), "max_tokens");
      asked = dflt == null ? null : dflt.intValue();
    }
    if (asked == null) {
      return limit != null ? limit : UNBOUNDED_OUTPUT;
    }
    return limit != null ? Math.min(asked, limit) : asked;
  }
}
