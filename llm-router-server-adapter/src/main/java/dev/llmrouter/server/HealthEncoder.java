package dev.llmrouter.server;

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

  /** {@code {"status":"healthy","models":N}}. */
  public static String readiness(int models) {
    return JsonIo.write(w -> {
      w.beginObject();
      w.name("status").value("healthy");
      w.name("models").value(models);
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
