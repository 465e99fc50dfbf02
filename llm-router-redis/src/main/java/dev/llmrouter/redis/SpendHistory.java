package dev.llmrouter.redis;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What the durable spend ledger (PostgreSQL) says a budget has spent in a period: where a budget counter that Redis
 * does not have (a new period, or one Redis lost to a restart, a flush or an eviction) starts from.
 */
@FunctionalInterface
public interface SpendHistory {
  /** Nothing was ever spent: for a gateway without a durable ledger. */
  SpendHistory NONE = (key, periodStart) -> BigDecimal.ZERO;

  /**
   * @param ledgerKey   the budget's key ({@link dev.llmrouter.policy.Budget#ledgerKey})
   * @param periodStart the start of its current period
   */
  BigDecimal spent(String ledgerKey, Instant periodStart);
}
