package dev.llmrouter.wire.openai;

import dev.llmrouter.wire.JsonIo;
import java.util.List;

/** Encodes the router's aliases as OpenAI's {@code GET /v1/models} list. */
public final class ModelsEncoder {
  public static final String OWNER = "llm-router";

  private ModelsEncoder() {}

  /**
   * @param aliases the model aliases clients may ask for, in the order to list them
   * @param created the {@code created} timestamp given to every model, epoch seconds
   */
  public static String encode(List<String> aliases, long created) {
    return JsonIo.write(w -> {
      w.beginObject();
      w.name("object").value("list");
      w.name("data").beginArray();
      for (String alias : aliases) {
        w.beginObject();
        w.name("id").value(alias);
        w.name("object").value("model");
        w.name("created").value(created);
        w.name("owned_by").value(OWNER);
        w.endObject();
      }
      w.endArray();
      w.endObject();
    });
  }
}
