package dev.llmrouter.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Who a call is for: the tenant whose models, limits and budgets apply, the key it came with, and attribution for
 * reports. It travels in {@link ChatRequest.CallOptions} and is never sent to a provider. It holds no secret: a key
 * is named by its id, never by its value.
 *
 * @param tenantId the tenant (a team, a project); required
 * @param keyId    the id of the virtual key the caller presented, or null for a call made in code
 * @param endUser  the end user the caller names (OpenAI's {@code user}, Anthropic's {@code metadata.user_id}), or null
 * @param tags     free attribution such as Claude Code's session ({@code session -> <x-claude-code-session-id>}); for
 *                 reports, never for decisions
 */
public record Principal(String tenantId, String keyId, String endUser, Map<String, String> tags) {
  public Principal {
    Objects.requireNonNull(tenantId, "tenantId");
    if (tenantId.isBlank()) {
      throw new IllegalArgumentException("tenantId is blank");
    }
    tags = tags == null || tags.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
  }

  /** A call of {@code tenantId} made in code, with no key. */
  public static Principal tenant(String tenantId) {
    return new Principal(tenantId, null, null, Map.of());
  }

  /** A call of {@code tenantId} that presented the key {@code keyId}. */
  public static Principal key(String tenantId, String keyId) {
    return new Principal(tenantId, keyId, null, Map.of());
  }

  public Principal withEndUser(String user) {
    return new Principal(tenantId, keyId, user, tags);
  }

  public Principal withTag(String name, String value) {
    Map<String, String> t = new LinkedHashMap<>(tags);
    t.put(name, value);
    return new Principal(tenantId, keyId, endUser, t);
  }
}
