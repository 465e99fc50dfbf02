package dev.llmrouter.server;

import dev.llmrouter.config.LiteLlmDurations;
import dev.llmrouter.policy.Budget;
import dev.llmrouter.policy.KeyPolicy;
import dev.llmrouter.policy.Limits;
import dev.llmrouter.policy.ModelAccess;
import dev.llmrouter.policy.TenantPolicy;
import dev.llmrouter.spi.state.KeyHash;
import dev.llmrouter.store.StoreException;
import dev.llmrouter.store.TenantStore;
import dev.llmrouter.wire.JsonIo;
import dev.llmrouter.wire.openai.ErrorEncoder;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.eclipse.jetty.util.Fields;

/**
 * The admin API, LiteLLM's paths so that users' scripts carry over: tenants as teams ({@code POST /team/new},
 * {@code GET /team/info}, {@code GET /team/list}, {@code POST /team/update}, {@code POST /team/delete}) and keys
 * ({@code POST /key/generate}, {@code GET /key/info}, {@code POST /key/update}, {@code POST /key/delete},
 * {@code POST /key/regenerate}). The proxy lets only the master key in. A key appears in an answer once: the one
 * that creates it. Invalid input is a 400 naming the field, and nothing is written.
 *
 * <p>Fields, as LiteLLM names them where it has the thing: {@code team_id}, {@code models}, {@code max_budget} with
 * {@code budget_duration}, {@code rpm_limit}, {@code tpm_limit}, {@code max_parallel_requests}; and the tenant
 * files' {@code daily_limit}, {@code monthly_limit}, {@code rph_limit}. A key also takes {@code key} (a value of
 * your choosing), {@code key_alias}, {@code duration} (until it expires, e.g. {@code 30d}) and, to rotate,
 * {@code grace_period}.
 */
final class AdminApi {
  static final Set<String> PATHS = Set.of("/team/new", "/team/info", "/team/list", "/team/update", "/team/delete",
      "/key/generate", "/key/info", "/key/update", "/key/delete", "/key/regenerate");
  private static final Set<String> POLICY_FIELDS = Set.of("models", "daily_limit", "monthly_limit", "max_budget",
      "budget_duration", "rpm_limit", "rph_limit", "tpm_limit", "max_parallel_requests");
  /** Fields of LiteLLM's that scripts send and this gateway has no use for: accepted and left alone. */
  private static final Set<String> IGNORED = Set.of("metadata", "team_alias", "members_with_roles", "organization_id",
      "user_id", "send_invite_email", "tags");

  private final TenantStore store;
  private final Predicate<String> configuredTenant;
  private final BodyReader bodies;
  private final Clock clock;

  /** @param configuredTenant whether a tenant comes from a config file, which the admin API leaves alone */
  AdminApi(TenantStore store, Predicate<String> configuredTenant, BodyReader bodies, Clock clock) {
    this.store = store;
    this.configuredTenant = configuredTenant;
    this.bodies = bodies;
    this.clock = clock;
  }

  /** Input the caller must fix: a 400 naming the field. */
  static final class Invalid extends Exception {
    final String field;

    Invalid(String field, String message) {
      super(message);
      this.field = field;
    }
  }

  void handle(Exchange ex) throws IOException {
    boolean get = ex.path.equals("/team/info") || ex.path.equals("/team/list") || ex.path.equals("/key/info");
    if (!ex.method().equals(get ? "GET" : "POST")) {
      ex.response.getHeaders().put(org.eclipse.jetty.http.HttpHeader.ALLOW, get ? "GET" : "POST");
      ex.sendError(ErrorEncoder.methodNotAllowed(ex.method(), ex.rawPath));
      return;
    }
    Map<String, Object> body;
    if (get) {
      body = query(ex);
      ex.bodyDone();
    } else {
      byte[] raw = bodies.read(ex);
      if (raw == null) {
        return;
      }
      Object parsed = raw.length == 0 ? Map.of() : JsonIo.parseOrNull(new String(raw, java.nio.charset.StandardCharsets.UTF_8));
      if (!(parsed instanceof Map<?, ?> m)) {
        ex.sendError(ErrorEncoder.error(400, "The body must be a JSON object.", ErrorEncoder.INVALID_REQUEST, null,
            null, null));
        return;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> obj = (Map<String, Object>) m;
      body = obj;
    }
    try {
      Object answer = switch (ex.path) {
        case "/team/new" -> teamNew(body);
        case "/team/info" -> teamInfo(body);
        case "/team/list" -> teamList();
        case "/team/update" -> teamUpdate(body);
        case "/team/delete" -> teamDelete(body);
        case "/key/generate" -> keyGenerate(body);
        case "/key/info" -> keyInfo(body);
        case "/key/update" -> keyUpdate(body);
        case "/key/delete" -> keyDelete(body);
        default -> keyRegenerate(body);
      };
      ex.sendJson(200, JsonIo.toJson(answer));
    } catch (Invalid e) {
      ex.sendError(ErrorEncoder.error(400, e.getMessage(), ErrorEncoder.INVALID_REQUEST, e.field, null, null));
    } catch (StoreException e) {
      ex.sendError(switch (e.kind()) {
        case NOT_FOUND -> ErrorEncoder.error(404, e.getMessage(), ErrorEncoder.INVALID_REQUEST, null, "not_found",
            null);
        case CONFLICT -> ErrorEncoder.error(409, e.getMessage(), ErrorEncoder.INVALID_REQUEST, null, "conflict", null);
        case INVALID -> ErrorEncoder.error(400, e.getMessage(), ErrorEncoder.INVALID_REQUEST, null, null, null);
        case UNAVAILABLE -> ErrorEncoder.error(503, "The tenant store is unavailable.", "service_unavailable", null,
            "store_unavailable", null);
      });
    }
  }

  private static Map<String, Object> query(Exchange ex) {
    Map<String, Object> out = new LinkedHashMap<>();
    Fields fields = org.eclipse.jetty.server.Request.extractQueryParameters(ex.request);
    for (Fields.Field f : fields) {
      out.put(f.getName(), f.getValue());
    }
    return out;
  }

  // ---- teams (tenants)

  private Object teamNew(Map<String, Object> b) throws Invalid {
    allowOnly(b, Set.of("team_id"), POLICY_FIELDS);
    String id = string(b, "team_id", true);
    if (!id.matches("[A-Za-z0-9._-]{1,200}")) {
      throw new Invalid("team_id", "team_id must be 1 to 200 letters, digits, '.', '_' or '-'");
    }
    if (configuredTenant.test(id)) {
      throw new Invalid("team_id", "tenant '" + id + "' is configured in a tenant file already");
    }
    TenantPolicy t = new TenantPolicy(id, models(b, ModelAccess.all()), budgets(b, List.of()),
        limits(b, Limits.NONE));
    return team(store.createTenant(t));
  }

  private Object teamInfo(Map<String, Object> b) throws Invalid {
    String id = string(b, "team_id", true);
    TenantPolicy t = store.tenant(id).orElseThrow(() -> new StoreException(StoreException.Kind.NOT_FOUND,
        "no tenant '" + id + "'" + (configuredTenant.test(id) ? " in the store (it is configured in a tenant file)"
            : "")));
    Map<String, Object> out = team(t);
    List<Object> keys = new ArrayList<>();
    store.keys(id).forEach(k -> keys.add(key(k)));
    out.put("keys", keys);
    return out;
  }

  private Object teamList() {
    List<Object> out = new ArrayList<>();
    store.tenants().forEach(t -> out.add(team(t)));
    return out;
  }

  private Object teamUpdate(Map<String, Object> b) throws Invalid {
    allowOnly(b, Set.of("team_id"), POLICY_FIELDS);
    String id = string(b, "team_id", true);
    TenantPolicy old = store.tenant(id).orElseThrow(() -> new StoreException(StoreException.Kind.NOT_FOUND,
        "no tenant '" + id + "'"));
    TenantPolicy t = new TenantPolicy(id, models(b, old.models()), budgets(b, old.budgets()),
        limits(b, old.limits()));
    return team(store.updateTenant(t));
  }

  private Object teamDelete(Map<String, Object> b) throws Invalid {
    allowOnly(b, Set.of("team_ids"), Set.of());
    List<String> ids = strings(b, "team_ids", true);
    for (String id : ids) { // all exist, or nothing is deleted
      if (store.tenant(id).isEmpty()) {
        throw new StoreException(StoreException.Kind.NOT_FOUND, "no tenant '" + id + "'");
      }
    }
    ids.forEach(store::deleteTenant);
    return Map.of("deleted_teams", ids);
  }

  private Map<String, Object> team(TenantPolicy t) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("team_id", t.id());
    policy(out, t.models(), t.budgets(), t.limits());
    Instant now = clock.instant();
    Map<String, Object> spend = new LinkedHashMap<>();
    for (Budget budget : t.budgets()) {
      spend.put(budget.name(), store.spent("tenant", t.id(), budget.period().start(now), budget.period().end(now)));
    }
    out.put("spend", spend);
    return out;
  }

  // ---- keys

  private Object keyGenerate(Map<String, Object> b) throws Invalid {
    allowOnly(b, Set.of("team_id", "key", "key_alias", "duration"), POLICY_FIELDS);
    String tenant = string(b, "team_id", true);
    if (configuredTenant.test(tenant) && store.tenant(tenant).isEmpty()) {
      throw new Invalid("team_id", "tenant '" + tenant + "' is configured in a tenant file; add its keys there");
    }
    String chosen = string(b, "key", false);
    if (chosen != null && chosen.length() < 8) {
      throw new Invalid("key", "a key must have at least 8 characters");
    }
    KeyPolicy template = new KeyPolicy("new", tenant, string(b, "key_alias", false), models(b, ModelAccess.all()),
        budgets(b, List.of()), limits(b, Limits.NONE), expiry(b, null));
    TenantStore.NewKey created = store.createKey(template, chosen);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("key", created.key());
    out.putAll(key(created.policy()));
    return out;
  }

  private Object keyInfo(Map<String, Object> b) throws Invalid {
    KeyPolicy k = found(b);
    return Map.of("key_id", k.id(), "info", key(k));
  }

  private Object keyUpdate(Map<String, Object> b) throws Invalid {
    allowOnly(b, Set.of("key", "key_id", "key_alias", "duration"), POLICY_FIELDS);
    KeyPolicy old = found(b);
    KeyPolicy k = new KeyPolicy(old.id(), old.tenantId(), b.containsKey("key_alias") ? string(b, "key_alias", false)
        : old.label(), models(b, old.models()), budgets(b, old.budgets()), limits(b, old.limits()),
        expiry(b, old.expiresAt()));
    return key(store.updateKey(k));
  }

  private Object keyDelete(Map<String, Object> b) throws Invalid {
    allowOnly(b, Set.of("keys", "key_ids"), Set.of());
    List<String> given = new ArrayList<>(strings(b, "keys", false));
    given.addAll(strings(b, "key_ids", false));
    if (given.isEmpty()) {
      throw new Invalid("keys", "keys (key values or ids) is required");
    }
    List<KeyPolicy> keys = new ArrayList<>();
    for (String k : given) { // all exist, or nothing is deleted
      keys.add(lookUp(k).orElseThrow(() -> new StoreException(StoreException.Kind.NOT_FOUND, "no such key")));
    }
    List<String> ids = new ArrayList<>();
    for (KeyPolicy k : keys) {
      store.deleteKey(k.id());
      ids.add(k.id());
    }
    return Map.of("deleted_keys", ids);
  }

  private Object keyRegenerate(Map<String, Object> b) throws Invalid {
    allowOnly(b, Set.of("key", "key_id", "new_key", "grace_period"), Set.of());
    KeyPolicy old = found(b);
    String grace = string(b, "grace_period", false);
    Duration g;
    try {
      g = grace == null ? Duration.ZERO : LiteLlmDurations.parse(grace);
    } catch (IllegalArgumentException e) {
      throw new Invalid("grace_period", "grace_period: " + e.getMessage());
    }
    TenantStore.NewKey created = store.regenerateKey(old.id(), g, string(b, "new_key", false));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("key", created.key());
    out.putAll(key(created.policy()));
    out.put("previous_key_id", old.id());
    out.put("previous_key_expires", Instant.now(clock).plus(g).toString());
    return out;
  }

  /** The key a request names by {@code key_id} or {@code key} (its id, or its value). */
  private KeyPolicy found(Map<String, Object> b) throws Invalid {
    String id = string(b, "key_id", false);
    String given = id != null ? id : string(b, "key", false);
    if (given == null) {
      throw new Invalid("key", "key (the key or its id) is required");
    }
    return lookUp(given).orElseThrow(() -> new StoreException(StoreException.Kind.NOT_FOUND, "no such key"));
  }

  private Optional<KeyPolicy> lookUp(String keyOrId) {
    return store.key(keyOrId).or(() -> store.keyByHash(KeyHash.of(keyOrId)));
  }

  private static Map<String, Object> key(KeyPolicy k) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("key_id", k.id());
    out.put("token", k.id()); // LiteLLM's name for the key's id
    out.put("team_id", k.tenantId());
    out.put("key_alias", k.label());
    policy(out, k.models(), k.budgets(), k.limits());
    out.put("expires", k.expiresAt() == null ? null : k.expiresAt().toString());
    return out;
  }

  private static void policy(Map<String, Object> out, ModelAccess models, List<Budget> budgets, Limits limits) {
    out.put("models", models.entries());
    for (Budget b : budgets) {
      switch (b.name()) {
        case "daily" -> out.put("daily_limit", b.limit());
        case "monthly" -> out.put("monthly_limit", b.limit());
        default -> {
          out.put("max_budget", b.limit());
          if (b.period() instanceof Budget.Every e && e.length().toDays() < 365L * 1000) {
            out.put("budget_duration", e.length().toSeconds() + "s");
          }
        }
      }
    }
    out.put("rpm_limit", limits.requestsPerMinute());
    out.put("rph_limit", limits.requestsPerHour());
    out.put("tpm_limit", limits.tokensPerMinute());
    out.put("max_parallel_requests", limits.maxParallelRequests());
  }

  // ---- fields

  private static void allowOnly(Map<String, Object> b, Set<String> own, Set<String> policy) throws Invalid {
    for (String k : b.keySet()) {
      if (!own.contains(k) && !policy.contains(k) && !IGNORED.contains(k)) {
        throw new Invalid(k, "unknown field '" + k + "'");
      }
    }
  }

  private static String string(Map<String, Object> b, String name, boolean required) throws Invalid {
    Object v = b.get(name);
    if (v == null) {
      if (required) {
        throw new Invalid(name, name + " is required");
      }
      return null;
    }
    if (!(v instanceof String s) || s.isBlank()) {
      throw new Invalid(name, name + " must be a non-empty string");
    }
    return s.strip();
  }

  private static List<String> strings(Map<String, Object> b, String name, boolean required) throws Invalid {
    Object v = b.get(name);
    if (v == null) {
      if (required) {
        throw new Invalid(name, name + " is required");
      }
      return List.of();
    }
    if (v instanceof String s) {
      v = List.of(s.split(","));
    }
    if (!(v instanceof List<?> list)) {
      throw new Invalid(name, name + " must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof String s) || s.isBlank()) {
        throw new Invalid(name, name + " must be a list of strings");
      }
      out.add(s.strip());
    }
    return out;
  }

  private static ModelAccess models(Map<String, Object> b, ModelAccess old) throws Invalid {
    return b.containsKey("models") ? ModelAccess.of(strings(b, "models", false)) : old;
  }

  private static BigDecimal money(Map<String, Object> b, String name) throws Invalid {
    Object v = b.get(name);
    if (v == null) {
      return null;
    }
    try {
      BigDecimal d = new BigDecimal(String.valueOf(v).strip());
      if (d.signum() < 0) {
        throw new Invalid(name, name + " must not be negative");
      }
      return d;
    } catch (NumberFormatException e) {
      throw new Invalid(name, name + " must be a number of USD");
    }
  }

  private static Long count(Map<String, Object> b, String name, Long old) throws Invalid {
    if (!b.containsKey(name)) {
      return old;
    }
    Object v = b.get(name);
    if (v == null) {
      return null;
    }
    try {
      BigDecimal d = new BigDecimal(String.valueOf(v).strip());
      if (d.signum() < 0 || d.stripTrailingZeros().scale() > 0) {
        throw new Invalid(name, name + " must be a whole number, 0 or more");
      }
      return d.longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw new Invalid(name, name + " must be a whole number, 0 or more");
    }
  }

  /** The budgets a request sets; a budget field it leaves out keeps its old value. */
  private static List<Budget> budgets(Map<String, Object> b, List<Budget> old) throws Invalid {
    Map<String, Budget> byName = new LinkedHashMap<>();
    old.forEach(x -> byName.put(x.name(), x));
    if (b.containsKey("daily_limit")) {
      BigDecimal d = money(b, "daily_limit");
      putOrRemove(byName, "daily", d == null ? null : Budget.daily(d));
    }
    if (b.containsKey("monthly_limit")) {
      BigDecimal m = money(b, "monthly_limit");
      putOrRemove(byName, "monthly", m == null ? null : Budget.monthly(m));
    }
    if (b.containsKey("max_budget") || b.containsKey("budget_duration")) {
      BigDecimal max = b.containsKey("max_budget") ? money(b, "max_budget")
          : Optional.ofNullable(byName.get("max_budget")).map(Budget::limit).orElse(null);
      if (max == null && b.get("budget_duration") != null) {
        throw new Invalid("budget_duration", "a budget_duration needs a max_budget");
      }
      Duration d = null;
      if (b.get("budget_duration") != null) {
        try {
          d = LiteLlmDurations.parse(string(b, "budget_duration", false));
        } catch (IllegalArgumentException e) {
          throw new Invalid("budget_duration", "budget_duration: " + e.getMessage());
        }
      }
      putOrRemove(byName, "max_budget", max == null ? null : new Budget("max_budget", max,
          Budget.Period.every(d == null ? Duration.ofDays(365L * 1000) : d, Instant.EPOCH)));
    }
    return List.copyOf(byName.values());
  }

  private static void putOrRemove(Map<String, Budget> m, String name, Budget b) {
    if (b == null) {
      m.remove(name);
    } else {
      m.put(name, b);
    }
  }

  private static Limits limits(Map<String, Object> b, Limits old) throws Invalid {
    return new Limits(count(b, "rpm_limit", old.requestsPerMinute()), count(b, "rph_limit", old.requestsPerHour()),
        count(b, "tpm_limit", old.tokensPerMinute()), count(b, "max_parallel_requests", old.maxParallelRequests()));
  }

  private Instant expiry(Map<String, Object> b, Instant old) throws Invalid {
    if (!b.containsKey("duration")) {
      return old;
    }
    String d = string(b, "duration", false);
    if (d == null) {
      return null;
    }
    try {
      return clock.instant().plus(LiteLlmDurations.parse(d));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new Invalid("duration", "duration: " + e.getMessage());
    }
  }
}
