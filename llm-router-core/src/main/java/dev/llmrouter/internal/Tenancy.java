package dev.llmrouter.internal;

import dev.llmrouter.api.InvalidKeyException;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.AccessDeniedException;
import dev.llmrouter.api.Principal;
import dev.llmrouter.policy.KeyPolicy;
import dev.llmrouter.policy.ModelAccess;
import dev.llmrouter.policy.TenantPolicy;
import dev.llmrouter.spi.state.TenantDirectory;

/**
 * The principal's tenant and key → the policy of the call; refuses a tenant or key that no longer exists or has
 * expired (401: revocation takes effect on the next call) and a model neither the requested name nor its alias of
 * which the caller may use (403). A call without a principal is a trusted caller's and passes.
 */
final class Tenancy implements Interceptor {
  private final TenantDirectory directory;
  private final ModelNames names;
  private final java.util.Map<String, java.util.List<String>> accessGroups;

  /** @param accessGroups {@code model_info.access_groups}: group → its aliases, which a model list may name */
  Tenancy(TenantDirectory directory, ModelNames names, java.util.Map<String, java.util.List<String>> accessGroups) {
    this.directory = directory;
    this.names = names;
    this.accessGroups = accessGroups;
  }

  @Override
  public ChatResponse intercept(Chain chain) {
    Principal principal = chain.request().options().principal();
    if (principal == null) {
      return chain.proceed(chain.request());
    }
    chain.call().principal(principal);
    CallPolicy policy = policyOf(principal, chain.call());
    String requested = chain.request().model();
    if (!mayCall(policy.models(), requested)) {
      throw new AccessDeniedException((principal.keyId() != null ? "this key" : "tenant '" + principal.tenantId()
          + "'") + " may not use model '" + requested + "'; it may use: " + policy.models());
    }
    chain.call().policy(policy);
    return chain.proceed(chain.request());
  }

  private CallPolicy policyOf(Principal principal, CallContext call) {
    TenantPolicy tenant = directory.tenant(principal.tenantId()).orElseThrow(() ->
        new InvalidKeyException("tenant '" + principal.tenantId() + "' does not exist"));
    KeyPolicy key = null;
    if (principal.keyId() != null) {
      key = directory.key(principal.keyId()).orElseThrow(() -> revoked());
      if (key.expired(call.clock().instant()) || !key.tenantId().equals(tenant.id())) {
        throw revoked();
      }
    }
    ModelAccess models = (key == null ? tenant.models() : tenant.models().and(key.models())).withGroups(accessGroups);
    return new CallPolicy(principal, tenant, key, models);
  }

  private boolean mayCall(ModelAccess models, String requested) {
    if (models.allows(requested)) {
      return true;
    }
    String alias = names.resolve(requested);
    return alias != null && models.allows(alias);
  }

  private static InvalidKeyException revoked() {
    return new InvalidKeyException("this key was revoked or has expired");
  }
}
