package dev.llmrouter.wire.anthropic;

import dev.llmrouter.wire.JsonIo;
import java.time.Instant;
import java.util.List;

/** {@code GET /v1/models} in the Models API's shape: {@code {data:[{type,id,display_name,created_at}],has_more,...}}. */
public final class ModelsListEncoder {
  private ModelsListEncoder() {}

  public static String encode(List<String> models, Instant created) {
    return JsonIo.write(w -> {
      w.beginObject().name("data").beginArray();
      for (String id : models) {
        w.beginObject().name("type").value("model").name("id").value(id).name("display_name").value(id)
            .name("created_at").value(created.toString()).endObject();
      }
      w.endArray();
      w.name("has_more").value(false);
      w.name("first_id").value(models.isEmpty() ? null : models.get(0));
      w.name("last_id").value(models.isEmpty() ? null : models.get(models.size() - 1));
      w.endObject();
    });
  }
}
