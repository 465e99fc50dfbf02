package dev.llmrouter.api;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A spending limit was reached: no provider was called. Never retried by the router and never held against a
 * deployment; {@link #retryAfter()} is the time until the budget's period starts over.
 */
public class BudgetExceededException extends LlmException {
  private final String budget;
  private final BigDecimal limit;
  private final BigDecimal spent;
  private final Instant resetsAt;
  private final Duration retryAfter;

  public BudgetExceededException(String message) {
    this(message, null, null, null, null, null);
  }

  /**
   * @param budget     which budget, e.g. {@code "tenant engineering daily"}
   * @param limit      its limit in USD
   * @param spent      what was spent and is reserved by calls in flight, in USD
   * @param resetsAt   when its period starts over
   * @param retryAfter from now until {@code resetsAt}
   */
  public BudgetExceededException(String message, String budget, BigDecimal limit, BigDecimal spent, Instant resetsAt,
                                 Duration retryAfter) {
    super(message, 429, "budget_exceeded", null);
    this.budget = budget;
    this.limit = limit;
    this.spent = spent;
    this.resetsAt = resetsAt;
    this.retryAfter = retryAfter;
  }

  public Optional<String> budget() {
    return Optional.ofNullable(budget);
  }

  public Optional<BigDecimal> limit() {
    return Optional.ofNullable(limit);
  }

  public Optional<BigDecimal> spent() {
    return Optional.ofNullable(spent);
  }

  public Optional<Instant> resetsAt() {
    return Optional.ofNullable(resetsAt);
  }

  @Override
  public boolean retryable() {
    return false;
  }

  @Override
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
