package dev.llmrouter.internal;

import dev.llmrouter.RouterInterceptor;
import dev.llmrouter.policy.Limits;
import dev.llmrouter.spi.state.CooldownStore;
import dev.llmrouter.spi.state.ParallelCounter;
import dev.llmrouter.spi.state.ResponseStore;
import dev.llmrouter.spi.state.SpendLedger;
import dev.llmrouter.spi.state.SpendLog;
import dev.llmrouter.spi.state.TenantDirectory;
import dev.llmrouter.spi.state.WindowCounter;
import java.util.List;

/**
 * What the per-call steps work with: the application's interceptors, where tenants are looked up, where limits
 * and spend are counted, the gateway-wide limits, where cooldowns and cached answers are kept (null: in this
 * process).
 */
public record Controls(List<RouterInterceptor> interceptors, TenantDirectory tenants, WindowCounter windows,
                       ParallelCounter parallel, SpendLedger ledger, Limits gatewayLimits, SpendLog spendLog,
                       CooldownStore cooldowns, ResponseStore responses) {
  public Controls {
    spendLog = spendLog == null ? SpendLog.NONE : spendLog;
    interceptors = List.copyOf(interceptors);
    gatewayLimits = gatewayLimits == null ? Limits.NONE : gatewayLimits;
  }
}
