package dev.llmrouter.internal;

import dev.llmrouter.api.Principal;
import dev.llmrouter.policy.Budget;
import dev.llmrouter.policy.KeyPolicy;
import dev.llmrouter.policy.Limits;
import dev.llmrouter.policy.StateKey;
import dev.llmrouter.policy.ModelAccess;
import dev.llmrouter.policy.TenantPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * What binds one call: its tenant's policy and, when it came with a key, the key's; {@code models} is what both
 * allow.
 */
public record CallPolicy(Principal principal, TenantPolicy tenant, KeyPolicy key, ModelAccess models) {
  /** Each scope with its limits, the key's first: a call must pass them all. */
  List<Scoped<Limits>> limits() {
    List<Scoped<Limits>> out = new ArrayList<>(2);
    if (key != null && !key.limits().none()) {
      out.add(new Scoped<>("key " + key.id(), StateKey.owner("key", key.id()), key.limits()));
    }
    if (!tenant.limits().none()) {
      out.add(new Scoped<>("tenant " + tenant.id(), StateKey.owner("tenant", tenant.id()),
          tenant.limits()));
    }
    return out;
  }

  /** Every budget that must hold, the key's first. */
  List<Scoped<Budget>> budgets() {
    List<Scoped<Budget>> out = new ArrayList<>(3);
    if (key != null) {
      key.budgets().forEach(b -> out.add(new Scoped<>("key " + key.id(), b.ledgerKey("key", key.id()), b)));
    }
    tenant.budgets().forEach(b -> out.add(new Scoped<>("tenant " + tenant.id(), b.ledgerKey("tenant", tenant.id()),
        b)));
    return out;
  }

  /**
   * A policy part with who it belongs to: {@code name} for messages, {@code key} for the state stores (for limits,
   * the {@link StateKey#owner}; for a budget, its whole ledger key).
   */
  record Scoped<T>(String name, String key, T value) {}
}
