package dev.llmrouter.api;

/** A spending limit was reached; no provider was called. Not retryable until the budget period resets. */
public class BudgetExceededException extends LlmException {
  public BudgetExceededException(String message) {
    super(message, 429, "budget_exceeded", null);
  }

  @Override
  public boolean retryable() {
    return false;
  }
}
