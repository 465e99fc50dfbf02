package dev.llmrouter.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Helpers for JSON-like values in the API records: {@code String}, {@code Number}, {@code Boolean},
 * {@code null}, {@code List} and {@code Map<String, ?>} nested freely. Copies are deep, keep key
 * order and allow nulls (which {@link Map#copyOf} does not).
 */
public final class Json {
  private Json() {}

  /** A deep, unmodifiable, order-preserving copy of a JSON object; null becomes an empty map. */
  public static Map<String, Object> copyObject(Map<String, ?> map) {
    if (map == null || map.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(k, copyValue(v)));
    return Collections.unmodifiableMap(copy);
  }

  @SuppressWarnings("unchecked")
  public static Object copyValue(Object value) {
    if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      return copyObject((Map<String, ?>) map);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object item : list) {
        copy.add(copyValue(item));
      }
      return Collections.unmodifiableList(copy);
    }
    throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
  }
}
