package dev.llmrouter.internal;

import dev.llmrouter.api.BudgetExceededException;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.policy.Budget;
import dev.llmrouter.spi.state.SpendLedger;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The key's and the tenant's budgets, exact under concurrency: before the call, the most it can cost
 * ({@link CallEstimates#maxCost}) is reserved on every budget at once, and the call is refused when one of them would
 * pass its limit; when it ends, its real cost is committed (a cache hit costs nothing), or, when it failed, the
 * reservation is released; a stream that ends early once its content began (the client left, the upstream broke off)
 * commits what it produced ({@link CallEstimates#producedCost}). A refusal is a {@link BudgetExceededException}: never retried, never held against a
 * deployment.
 */
final class Budgeting implements Interceptor {
  private final SpendLedger ledger;
  private final CallEstimates estimates;

  Budgeting(SpendLedger ledger, CallEstimates estimates) {
    this.ledger = ledger;
    this.estimates = estimates;
  }

  @Override
  public ChatResponse intercept(Chain chain) {
    CallContext call = chain.call();
    CallPolicy policy = call.policy();
    if (policy == null) {
      return chain.proceed(chain.request());
    }
    List<CallPolicy.Scoped<Budget>> budgets = policy.budgets();
    if (budgets.isEmpty()) {
      return chain.proceed(chain.request());
    }
    Instant now = call.clock().instant();
    BigDecimal most = estimates.maxCost(chain.request(), call, budgets.get(0).name() + " " + budgets.get(0).value().name());
    List<SpendLedger.Line> lines = new ArrayList<>(budgets.size());
    for (CallPolicy.Scoped<Budget> b : budgets) {
      lines.add(new SpendLedger.Line(b.key(), b.value().period().start(now),
          b.value().limit()));
    }
    SpendLedger.Reservation reservation = ledger.reserve(lines, most);
    if (!reservation.granted()) {
      throw refusal(budgets.get(lines.indexOf(reservation.refusedBy())), reservation, most, now);
    }
    ChatResponse response;
    try {
      response = chain.proceed(chain.request());
    } catch (Throwable t) {
      BigDecimal produced = estimates.producedCost(call); // a stream cut short: what reached the caller is charged
      if (produced != null) {
        ledger.commit(reservation, produced);
      } else {
        ledger.release(reservation);
      }
      throw t;
    }
    ledger.commit(reservation, response.cost().usd().orElse(most));
    return response;
  }

  private static BudgetExceededException refusal(CallPolicy.Scoped<Budget> budget, SpendLedger.Reservation r,
                                                 BigDecimal most, Instant now) {
    Budget b = budget.value();
    Instant resets = b.period().end(now);
    Duration retryAfter = Duration.between(now, resets);
    String name = budget.name() + " " + b.name();
    return new BudgetExceededException("budget exceeded: the " + b.name() + " budget of " + budget.name() + " is $"
        + usd(b.limit()) + "; $" + usd(r.standing()) + " is spent or reserved by calls in flight, and this call may "
        + "cost up to $" + usd(most) + "; it resets at " + resets, name, b.limit(), r.standing(), resets, retryAfter);
  }

  /** Dollars as people read them: cents, or more digits where the amount has them (up to 6). */
  private static String usd(BigDecimal v) {
    BigDecimal s = v.setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
    return s.scale() < 2 ? v.setScale(2, RoundingMode.HALF_UP).toPlainString() : s.toPlainString();
  }
}
