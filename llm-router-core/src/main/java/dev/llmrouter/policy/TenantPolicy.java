package dev.llmrouter.policy;

import java.util.List;
import java.util.Objects;

/**
 * What one tenant (a team, a project) may do, built once: the models it may call, its budgets and its rate
 * limits. Immutable; a change is a new value.
 *
 * @param id      the tenant's id, as in {@link dev.llmrouter.api.Principal#tenantId()}
 * @param models  the models it may call
 * @param budgets its spending limits; each must hold for a call to start
 * @param limits  its rate limits, shared by all its keys
 */
public record TenantPolicy(String id, ModelAccess models, List<Budget> budgets, Limits limits) {
  public TenantPolicy {
    Objects.requireNonNull(id, "id");
    models = models == null ? ModelAccess.all() : models;
    budgets = budgets == null ? List.of() : List.copyOf(budgets);
    limits = limits == null ? Limits.NONE : limits;
  }

  /** A tenant that may call every model, without budgets or limits. */
  public static TenantPolicy unrestricted(String id) {
    return new TenantPolicy(id, ModelAccess.all(), List.of(), Limits.NONE);
  }

  public TenantPolicy withModels(ModelAccess newModels) {
    return new TenantPolicy(id, newModels, budgets, limits);
  }

  public TenantPolicy withBudgets(List<Budget> newBudgets) {
    return new TenantPolicy(id, models, newBudgets, limits);
  }

  public TenantPolicy withLimits(Limits newLimits) {
    return new TenantPolicy(id, models, budgets, newLimits);
  }
}
