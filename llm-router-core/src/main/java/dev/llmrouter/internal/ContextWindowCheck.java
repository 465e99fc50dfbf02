package dev.llmrouter.internal;

import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContextWindowExceededException;

/**
 * Before an attempt, whether the request can fit the deployment's context window ({@link ModelLimits}): one that
 * cannot is refused here, as the provider would refuse it, so it goes to the alias's {@code context_window_fallbacks}
 * without a call to the model too small for it. The input is counted with {@link TokenCounter}: exactly for OpenAI's
 * models, an estimate for others, which is given 10% of room so that a request near the limit is still tried (the
 * provider's own refusal then falls back as before). Counting a long request costs time (a Claude Code turn of 150k
 * tokens takes milliseconds), so only the deployments where the answer changes something are checked: those of an
 * alias with {@code context_window_fallbacks}, and those with their own {@code model_info.max_input_tokens}; elsewhere
 * the provider's refusal is the same typed error. A deployment with no known window is not checked.
 */
final class ContextWindowCheck implements Interceptor {
  /** How far past the window an estimated count must be to be refused. */
  static final double ESTIMATE_ROOM = 1.10;

  private final ModelLimits limits;
  private final TokenCounter tokens;
  private final java.util.Set<String> aliasesWithFallbacks;

  ContextWindowCheck(ModelLimits limits, TokenCounter tokens, java.util.Set<String> aliasesWithFallbacks) {
    this.limits = limits;
    this.tokens = tokens;
    this.aliasesWithFallbacks = java.util.Set.copyOf(aliasesWithFallbacks);
  }

  @Override
  public ChatResponse intercept(Chain chain) {
    Deployment d = chain.call().deployment();
    boolean checked = chain.request().embedding() == null // an embedding model's limit is per input, its own
        && (aliasesWithFallbacks.contains(d.alias()) || d.config().maxInputTokens() != null);
    Integer window = checked ? limits.contextWindow(d) : null;
    if (window != null) {
      String model = chain.request().model();
      long input = tokens.count(chain.request(), model);
      boolean exact = TokenCounter.exact(model);
      if (input > (exact ? window : window * ESTIMATE_ROOM)) {
        throw new ContextWindowExceededException("the request has " + (exact ? "" : "about ") + input
            + " input tokens; deployment " + d.id() + " (" + d.describe() + ") takes at most " + window
            + " (model_info.max_input_tokens or the bundled table), so it was not sent", 400,
            "context_length_exceeded", null);
      }
    }
    return chain.proceed(chain.request());
  }
}
