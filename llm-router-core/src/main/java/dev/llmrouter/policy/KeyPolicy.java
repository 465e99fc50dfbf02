package dev.llmrouter.policy;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A virtual key of a tenant, without its secret (a key is stored only as a hash): it may narrow its tenant's
 * models, and carry budgets and limits of its own, which hold in addition to the tenant's.
 *
 * @param id        the key's id (never the key), as in {@link dev.llmrouter.api.Principal#keyId()}
 * @param tenantId  the tenant it belongs to
 * @param label     what its owner calls it, or null
 * @param models    the models it may call within its tenant's
 * @param expiresAt when it stops working, or null for never
 */
public record KeyPolicy(String id, String tenantId, String label, ModelAccess models, List<Budget> budgets,
                        Limits limits, Instant expiresAt) {
  public KeyPolicy {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    models = models == null ? ModelAccess.all() : models;
    budgets = budgets == null ? List.of() : List.copyOf(budgets);
    limits = limits == null ? Limits.NONE : limits;
  }

  /** A key with nothing of its own: its tenant's models, budgets and limits. */
  public static KeyPolicy of(String id, String tenantId) {
    return new KeyPolicy(id, tenantId, null, ModelAccess.all(), List.of(), Limits.NONE, null);
  }

  public boolean expired(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }
}
