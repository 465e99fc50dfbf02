package dev.llmrouter.wire.anthropic;

import dev.llmrouter.wire.JsonIo;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A caller's Messages body sent on as it came: only the model (and, when it must change, {@code stream}) replaced. */
public final class NativeBodies {
  private NativeBodies() {}

  /**
   * @param stream true or false to set {@code stream}; null to leave the field as the caller had it (absent stays
   *               absent)
   */
  public static String withModel(Map<String, Object> body, String model, Boolean stream) {
    Map<String, Object> out = new LinkedHashMap<>(body);
    out.put("model", model);
    if (stream != null && (stream || out.containsKey("stream"))) {
      out.put("stream", stream);
    }
    return JsonIo.toJson(out);
  }

  /** A JSON object's fields; empty for anything that isn't one. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(String json) {
    Object tree = JsonIo.parseOrNull(json == null ? "" : json);
    return tree instanceof Map<?, ?> ? (Map<String, Object>) tree : Map.of();
  }
}
