package dev.llmrouter.providers.internal;

import java.util.Map;

/** Reading a parsed JSON body's values and writing a request body's optional ones, for the providers' mappers. */
public final class JsonValues {
  private JsonValues() {}

  /** The value if it is a string, else null. */
  public static String string(Object o) {
    return o instanceof String s ? s : null;
  }

  /** The value as a whole number if it is one, else 0. */
  public static long number(Object o) {
    return o instanceof Number n ? n.longValue() : 0;
  }

  /** Puts {@code value} unless it is null: a field the caller did not set is left out of the body. */
  public static void putIfNotNull(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
