package dev.llmrouter.server;

import dev.llmrouter.spi.state.SpendRecord;
import dev.llmrouter.store.SpendReports;
import dev.llmrouter.store.StoreException;
import dev.llmrouter.wire.JsonIo;
import dev.llmrouter.wire.openai.ErrorEncoder;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.util.Fields;

/**
 * The spend reports, LiteLLM's paths: {@code GET /spend/logs} (the spend log's rows, newest first) and
 * {@code GET /global/spend/report} (use per UTC day, tenant, key and model), both computed in the database.
 * Filters: {@code team_id} (or {@code tenant_id}), {@code key_id}, {@code model}, and a range, as
 * {@code start_date}/{@code end_date} (UTC days, both included) or {@code start_time}/{@code end_time} (ISO-8601
 * instants, the end excluded); paged by {@code page} (from 1) and {@code page_size} (50; at most 1000); every
 * answer has the totals of all the filter takes. The master key reads everyone's; a tenant's key reads its own
 * tenant's only.
 */
final class SpendReportsApi {
  static final Set<String> PATHS = Set.of("/spend/logs", "/global/spend/report");
  private static final Set<String> PARAMS = Set.of("team_id", "tenant_id", "key_id", "model", "start_date",
      "end_date", "start_time", "end_time", "page", "page_size");

  private final SpendReports reports;

  SpendReportsApi(SpendReports reports) {
    this.reports = reports;
  }

  /** Bad input the caller must fix: a 400 naming the parameter. */
  private static final class Invalid extends Exception {
    final String param;

    Invalid(String param, String message) {
      super(message);
      this.param = param;
    }
  }

  /** @param ownTenant the caller's tenant when it came with a tenant's key; null for the master key */
  void handle(Exchange ex, String ownTenant) throws IOException {
    Map<String, String> params = new LinkedHashMap<>();
    for (Fields.Field f : org.eclipse.jetty.server.Request.extractQueryParameters(ex.request)) {
      params.put(f.getName(), f.getValue());
    }
    ex.bodyDone();
    try {
      SpendReports.Query q = query(params, ownTenant);
      Object answer = ex.path.equals("/spend/logs") ? page(reports.logs(q), SpendReportsApi::row)
          : page(reports.daily(q), SpendReportsApi::day);
      ex.sendJson(200, JsonIo.toJson(answer));
    } catch (Invalid e) {
      ex.sendError(ErrorEncoder.error(400, e.getMessage(), ErrorEncoder.INVALID_REQUEST, e.param, null, null));
    } catch (SecurityException e) {
      ex.sendError(ErrorEncoder.forbidden(e.getMessage(), "other_tenant"));
    } catch (StoreException e) {
      ex.sendError(ErrorEncoder.error(503, "The spend log is unavailable.", "service_unavailable", null,
          "store_unavailable", null));
    }
  }

  private static SpendReports.Query query(Map<String, String> p, String ownTenant) throws Invalid {
    for (String name : p.keySet()) {
      if (!PARAMS.contains(name)) {
        throw new Invalid(name, "unknown parameter '" + name + "'; use " + String.join(", ", new java.util.TreeSet<>(
            PARAMS)));
      }
    }
    String tenant = p.getOrDefault("team_id", p.get("tenant_id"));
    if (ownTenant != null) {
      if (tenant != null && !tenant.equals(ownTenant)) {
        throw new SecurityException("A tenant's key reads its own tenant's spend only.");
      }
      tenant = ownTenant;
    }
    Instant from = p.containsKey("start_time") ? instant(p, "start_time") : day(p, "start_date", 0);
    Instant to = p.containsKey("end_time") ? instant(p, "end_time") : day(p, "end_date", 1);
    int page = number(p, "page", 1, 1, Integer.MAX_VALUE);
    int size = number(p, "page_size", 50, 1, SpendReports.MAX_PAGE_SIZE);
    if (from != null && to != null && !from.isBefore(to)) {
      String end = p.containsKey("end_time") ? "end_time" : "end_date";
      throw new Invalid(end, "the range is empty: " + end + " is not after the start");
    }
    return new SpendReports.Query(tenant, p.get("key_id"), p.get("model"), from, to, page, size);
  }

  private static Instant instant(Map<String, String> p, String name) throws Invalid {
    try {
      return Instant.parse(p.get(name));
    } catch (DateTimeParseException e) {
      throw new Invalid(name, name + " must be an ISO-8601 instant such as 2026-03-09T10:00:00Z, got '" + p.get(name)
          + "'");
    }
  }

  /** A UTC day's start, or the next day's ({@code plusDays} 1: an end date includes its day). */
  private static Instant day(Map<String, String> p, String name, int plusDays) throws Invalid {
    String v = p.get(name);
    if (v == null) {
      return null;
    }
    try {
      return LocalDate.parse(v).plusDays(plusDays).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new Invalid(name, name + " must be a date such as 2026-03-09, got '" + v + "'");
    }
  }

  private static int number(Map<String, String> p, String name, int fallback, int min, int max) throws Invalid {
    String v = p.get(name);
    if (v == null) {
      return fallback;
    }
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      n = min - 1;
    }
    if (n < min || n > max) {
      throw new Invalid(name, name + " must be a whole number from " + min + (max == Integer.MAX_VALUE ? " up"
          : " to " + max) + ", got '" + v + "'");
    }
    return n;
  }

  private static <T> Map<String, Object> page(SpendReports.Page<T> page, java.util.function.Function<T, Object> row) {
    List<Object> data = new ArrayList<>(page.data().size());
    page.data().forEach(t -> data.add(row.apply(t)));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("data", data);
    out.put("total", page.total());
    out.put("page", page.page());
    out.put("page_size", page.pageSize());
    out.put("total_pages", page.totalPages());
    SpendReports.Totals t = page.totals();
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("requests", t.requests());
    totals.put("failures", t.failures());
    totals.put("input_tokens", t.inputTokens());
    totals.put("output_tokens", t.outputTokens());
    totals.put("spend", t.spend());
    out.put("totals", totals);
    return out;
  }

  private static Object row(SpendRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("call_id", r.callId());
    m.put("time", r.time().toString());
    m.put("team_id", r.tenantId());
    m.put("key_id", r.keyId());
    m.put("model", r.alias());
    m.put("deployment", r.deploymentId());
    m.put("provider_model", r.providerModel());
    m.put("status", r.status());
    m.put("error_type", r.errorType());
    m.put("input_tokens", r.usage().inputTokens());
    m.put("output_tokens", r.usage().outputTokens());
    m.put("cache_read_tokens", r.usage().cacheReadTokens());
    m.put("cache_write_tokens", r.usage().cacheWriteTokens());
    m.put("reasoning_tokens", r.usage().reasoningTokens());
    m.put("spend", r.cost());
    m.put("latency_ms", r.latency().toMillis());
    m.put("ttft_ms", r.timeToFirstToken() == null ? null : r.timeToFirstToken().toMillis());
    m.put("upstream_ms", r.upstreamLatency().toMillis());
    m.put("attempts", r.attempts());
    m.put("stream", r.stream());
    m.put("cache_hit", r.cacheHit());
    m.put("ingress", r.ingress());
    m.put("user_agent", r.client());
    m.put("end_user", r.endUser());
    m.put("session", r.session());
    return m;
  }

  private static Object day(SpendReports.Day d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("date", d.day().toString());
    m.put("team_id", d.tenantId());
    m.put("key_id", d.keyId());
    m.put("model", d.model());
    m.put("requests", d.requests());
    m.put("failures", d.failures());
    m.put("cache_hits", d.cacheHits());
    m.put("input_tokens", d.inputTokens());
    m.put("output_tokens", d.outputTokens());
    m.put("spend", d.spend());
    return m;
  }
}
