package dev.llmrouter.api;

/**
 * How much the model should think before answering.
 *
 * @param effort       OpenAI's {@code reasoning_effort} ("minimal", "low", "medium", "high") or null
 * @param budgetTokens Anthropic's {@code thinking.budget_tokens}; non-null means thinking is enabled
 */
public record Reasoning(String effort, Integer budgetTokens) {
  public static Reasoning effort(String effort) {
    return new Reasoning(effort, null);
  }

  public static Reasoning budget(int budgetTokens) {
    return new Reasoning(null, budgetTokens);
  }
}
