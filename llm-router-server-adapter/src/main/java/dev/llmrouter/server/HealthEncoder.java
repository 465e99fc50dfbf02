package dev.llmrouter.server;

import dev.llmrouter.redis.RedisState;
import dev.llmrouter.wire.JsonIo;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.util.List;

/** Encodes the proxy's health answers in LiteLLM's shapes. */
final class HealthEncoder {
  private HealthEncoder() {}

  /**
   * One deployment as {@code /health} shows it: never with a key.
   *
   * @param model     {@code provider/model}
   * @param apiBase   the base URL, or null for the provider's default
   * @param modelName the alias it serves
   * @param error     why it is unhealthy, or null when healthy
   */
  public record Endpoint(String model, String apiBase, String modelName, String error) {}

  /** {@code {"healthy_endpoints":[…],"unhealthy_endpoints":[…],"healthy_count":N,"unhealthy_count":M}}. */
  public static String health(List<Endpoint> healthy, List<Endpoint> unhealthy) {
    return JsonIo.write(w -> {
      w.beginObject();
      w.name("healthy_endpoints");
      endpoints(w, healthy);
      w.name("unhealthy_endpoints");
      endpoints(w, unhealthy);
      w.name("healthy_count").value(healthy.size());
      w.name("unhealthy_count").value(unhealthy.size());
      w.endObject();
    });
  }

  /** {@code {"status":"healthy"}} or {@code {"status":"unhealthy"}}. */
  public static String status(boolean healthy) {
    return JsonIo.write(w -> {
      w.beginObject();
      w.name("status").value(healthy ? "healthy" : "unhealthy");
      w.endObject();
    });
  }

  /**
   * {@code {"status":"healthy","models":N,"cooling_down":K,"db":"connected","cache":"redis",...}}: LiteLLM's
   * {@code db} and {@code cache} fields, then the shared stores in detail; {@code "degraded"} while one is away.
   */
  static String readiness(int models, int coolingDown, Readiness.Report r) {
    return JsonIo.write(w -> {
      w.beginObject();
      w.name("status").value(r.degraded() ? "degraded" : "healthy");
      w.name("models").value(models);
      w.name("cooling_down").value(coolingDown);
      w.name("db").value(r.databaseUp() == null ? "Not connected" : r.databaseUp() ? "connected" : "unreachable");
      w.name("cache").value(r.redisUp() == null ? null : "redis");
      if (r.redisUp() != null) {
        RedisState.Status s = r.redis();
        w.name("redis").beginObject()
            .name("status").value(r.redisUp() ? "connected" : "unreachable")
            .name("in_use").value(s.up())
            .name("failure_mode").value(r.failureMode())
            .name("outages").value(s.outages())
            .name("fail_open_calls").value(s.fallbacks())
            .name("fail_closed_refusals").value(s.refusals())
            .name("pending_replay").value(s.pending())
            .name("leases_held").value(s.leases())
            .endObject();
      }
      if (r.databaseUp() != null) {
        w.name("database").beginObject()
            .name("status").value(r.databaseUp() ? "connected" : "unreachable")
            .name("spend_log_queued").value(r.spendLog().queued())
            .name("spend_log_spooled").value(r.spendLog().spooled())
            .endObject();
      }
      w.endObject();
    });
  }

  private static void endpoints(JsonWriter w, List<Endpoint> endpoints) throws IOException {
    w.beginArray();
    for (Endpoint e : endpoints) {
      w.beginObject();
      w.name("model").value(e.model());
      w.name("api_base").value(e.apiBase());
      w.name("model_name").value(e.modelName());
      if (e.error() != null) {
        w.name("error").value(e.error());
      }
      w.endObject();
    }
    w.endArray();
  }
}
