package dev.llmrouter.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import okio.Buffer;
import com.squareup.moshi.JsonWriter;

/**
 * The cache key of a request: SHA-256 of an unambiguous rendering of every field (records by component, with their
 * type; strings JSON-escaped; map keys sorted, as two maps with the same entries are the same request). The same on
 * every instance of the same version, so one instance's answer is found by the others.
 */
final class RequestKey {
  private RequestKey() {}

  static String of(Object request) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      write(w, request);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(buffer.readByteArray()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void write(JsonWriter w, Object v) throws IOException {
    if (v == null) {
      w.nullValue();
    } else if (v instanceof String s) {
      w.value(s);
    } else if (v instanceof Boolean b) {
      w.value(b);
    } else if (v instanceof Number n) {
      w.value(n.toString()); // as text: 1 and 1.0 stay apart, as they do in the request
    } else if (v instanceof Enum<?> e) {
      w.value(e.getDeclaringClass().getSimpleName() + "." + e.name());
    } else if (v instanceof Map<?, ?> m) {
      w.beginObject();
      Map<String, Object> sorted = new TreeMap<>();
      m.forEach((k, x) -> sorted.put(String.valueOf(k), x));
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        w.name(e.getKey());
        write(w, e.getValue());
      }
      w.endObject();
    } else if (v instanceof List<?> list) {
      w.beginArray();
      for (Object x : list) {
        write(w, x);
      }
      w.endArray();
    } else if (v.getClass().isRecord()) {
      w.beginObject();
      w.name("@").value(v.getClass().getName());
      for (RecordComponent c : v.getClass().getRecordComponents()) {
        w.name(c.getName());
        try {
          write(w, c.getAccessor().invoke(v));
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("cannot read " + c, e);
        }
      }
      w.endObject();
    } else {
      w.beginObject();
      w.name("@").value(v.getClass().getName());
      w.name("value").value(v.toString());
      w.endObject();
    }
  }
}
