package dev.llmrouter.wire.openai;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Parses encoder output back with Moshi's own tree adapter (numbers come back as doubles). */
final class JsonTestSupport {
  private static final JsonAdapter<Object> ADAPTER = new Moshi.Builder().build().adapter(Object.class);

  private JsonTestSupport() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> parse(String json) {
    try {
      return (Map<String, Object>) ADAPTER.failOnUnknown().fromJson(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> obj(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    return (List<Object>) value;
  }
}
