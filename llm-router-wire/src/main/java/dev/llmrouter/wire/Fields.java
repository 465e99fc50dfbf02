package dev.llmrouter.wire;

import java.util.List;
import java.util.Map;

/**
 * Typed, path-aware reads of one JSON object from {@link JsonIo#parse}. A JSON {@code null} counts as
 * absent. Every type error names the field by its full path, e.g. {@code 'messages[1].role' must be a
 * string, got number 3}.
 */
public final class Fields {
  private final Map<String, Object> map;
  private final String path;

  private Fields(Map<String, Object> map, String path) {
    this.map = map;
    this.path = path;
  }

  /** The top-level object. */
  public static Fields root(Object value) {
    if (!(value instanceof Map<?, ?>)) {
      throw new BadRequestException(null, "the request body must be a JSON object, got " + describe(value));
    }
    return new Fields(cast(value), "");
  }

  /** An element of an array, which must be an object; {@code path} is the element's path. */
  public static Fields element(Object value, String path) {
    if (!(value instanceof Map<?, ?>)) {
      throw mustBe(path, "an object", value);
    }
    return new Fields(cast(value), path);
  }

  public Map<String, Object> map() {
    return map;
  }

  /** The full path of a field of this object. */
  public String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  public boolean has(String key) {
    return map.get(key) != null;
  }

  public Object raw(String key) {
    return map.get(key);
  }

  public String string(String key) {
    Object v = map.get(key);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    throw mustBe(path(key), "a string", v);
  }

  public String requiredString(String key) {
    String s = string(key);
    if (s == null) {
      throw missing(key);
    }
    return s;
  }

  public Boolean bool(String key) {
    Object v = map.get(key);
    if (v == null || v instanceof Boolean) {
      return (Boolean) v;
    }
    throw mustBe(path(key), "a boolean", v);
  }

  public Double number(String key) {
    Object v = map.get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw mustBe(path(key), "a number", v);
  }

  /** An integer; {@code 5.0} is accepted as 5, {@code 5.5} is not. */
  public Long integer(String key) {
    Object v = map.get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 0x1p53) {
      return d.longValue();
    }
    throw mustBe(path(key), "an integer", v);
  }

  public Fields object(String key) {
    Object v = map.get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Map<?, ?>) {
      return new Fields(cast(v), path(key));
    }
    throw mustBe(path(key), "an object", v);
  }

  public Fields requiredObject(String key) {
    Fields f = object(key);
    if (f == null) {
      throw missing(key);
    }
    return f;
  }

  @SuppressWarnings("unchecked")
  public List<Object> array(String key) {
    Object v = map.get(key);
    if (v == null || v instanceof List<?>) {
      return (List<Object>) v;
    }
    throw mustBe(path(key), "an array", v);
  }

  public BadRequestException missing(String key) {
    return new BadRequestException(path(key), "'" + path(key) + "' is required");
  }

  public BadRequestException invalid(String key, String why) {
    return new BadRequestException(path(key), "'" + path(key) + "' " + why);
  }

  public static BadRequestException mustBe(String path, String what, Object got) {
    return new BadRequestException(path, "'" + path + "' must be " + what + ", got " + describe(got));
  }

  /** A short description of a JSON value for error messages: {@code string "hot"}, {@code number 3}. */
  public static String describe(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String s) {
      return "string \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
    }
    if (v instanceof Number n) {
      return "number " + n;
    }
    if (v instanceof Boolean b) {
      return "boolean " + b;
    }
    return v instanceof List<?> ? "array" : "object";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object value) {
    return (Map<String, Object>) value;
  }
}
