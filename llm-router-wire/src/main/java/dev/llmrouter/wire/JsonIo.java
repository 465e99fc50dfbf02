package dev.llmrouter.wire;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okio.Buffer;

/**
 * Reads JSON into plain trees ({@code Map}, {@code List}, {@code String}, {@code Long}, {@code Double},
 * {@code Boolean}, null) and writes JSON with Moshi's streaming writer. Unlike Moshi's {@code Object}
 * adapter, integers stay integers ({@code Long}), so pass-through fields such as {@code top_logprobs: 5}
 * are not re-sent as {@code 5.0}.
 */
public final class JsonIo {
  private static final String LENIENT_HINT = "Use JsonReader.setLenient(true) to accept ";

  private JsonIo() {}

  /**
   * Parses one JSON document; anything malformed becomes a {@link BadRequestException} with no param. Runs of
   * whitespace between tokens are first squeezed to one character, in one pass: Moshi's reader looks ahead through a
   * whitespace run byte by byte from the start of its buffer, which makes a long run cost quadratic time (4 MB of
   * spaces took 0.8 s of CPU), a cheap way for any client to burn the gateway's cores.
   */
  public static Object parse(byte[] json) {
    return parse(new Buffer().write(squeezeWhitespace(json)));
  }

  /**
   * {@code json} with every run of JSON whitespace outside strings cut to its first character (a run never vanishes,
   * so {@code [1 2]} stays invalid rather than becoming {@code [12]}). Returns the array itself when there is no
   * run to squeeze, the usual case.
   */
  public static byte[] squeezeWhitespace(byte[] json) {
    byte[] out = null; // allocated at the first run to squeeze
    int n = 0;
    boolean inString = false;
    boolean escaped = false;
    boolean lastWasSpace = false;
    for (int i = 0; i < json.length; i++) {
      byte b = json[i];
      boolean space = false;
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (b == '\\') {
          escaped = true;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else {
        space = b == ' ' || b == '\n' || b == '\r' || b == '\t';
      }
      if (space && lastWasSpace) {
        if (out == null) {
          out = new byte[json.length];
          System.arraycopy(json, 0, out, 0, i);
          n = i;
        }
        continue;
      }
      lastWasSpace = space;
      if (out != null) {
        out[n++] = b;
      }
    }
    return out == null ? json : java.util.Arrays.copyOf(out, n);
  }

  private static Object parse(Buffer source) {
    try (JsonReader reader = JsonReader.of(source)) {
      Object value = readValue(reader);
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        throw new BadRequestException(null, "invalid JSON: unexpected data after the top-level value");
      }
      return value;
    } catch (JsonDataException | IOException e) {
      throw new BadRequestException(null, "invalid JSON: " + parserMessage(e));
    }
  }

  private static String parserMessage(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.startsWith(LENIENT_HINT) ? message.substring(LENIENT_HINT.length()) : message;
  }

  private static Object readValue(JsonReader reader) throws IOException {
    switch (reader.peek()) {
      case BEGIN_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        reader.beginObject();
        while (reader.hasNext()) {
          String name = reader.nextName();
          map.put(name, readValue(reader));
        }
        reader.endObject();
        return map;
      }
      case BEGIN_ARRAY -> {
        List<Object> list = new ArrayList<>();
        reader.beginArray();
        while (reader.hasNext()) {
          list.add(readValue(reader));
        }
        reader.endArray();
        return list;
      }
      case STRING -> {
        return reader.nextString();
      }
      case NUMBER -> {
        return number(reader.nextString());
      }
      case BOOLEAN -> {
        return reader.nextBoolean();
      }
      case NULL -> {
        return reader.nextNull();
      }
      default -> throw new JsonDataException("unexpected " + reader.peek() + " at path " + reader.getPath());
    }
  }

  private static Number number(String literal) {
    boolean integral = literal.chars().allMatch(c -> c == '-' || Character.isDigit(c));
    if (integral) {
      try {
        return Long.parseLong(literal);
      } catch (NumberFormatException tooBig) {
        // falls through to a double
      }
    }
    return Double.parseDouble(literal);
  }

  /** Writes what {@code body} produces into a string; nulls that are written explicitly are kept. */
  public static String write(Body body) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.setSerializeNulls(true);
      body.write(writer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readUtf8();
  }

  /** A JSON-like value ({@link #parse}'s trees, or any maps, lists, strings, numbers, booleans, null) as JSON text. */
  public static String toJson(Object value) {
    return write(w -> writeValue(w, value));
  }

  /** Writes a JSON-like value; nulls inside it are written too. */
  public static void writeValue(JsonWriter w, Object value) throws IOException {
    if (value == null) {
      w.nullValue();
    } else if (value instanceof Map<?, ?> map) {
      w.beginObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        w.name(String.valueOf(e.getKey()));
        writeValue(w, e.getValue());
      }
      w.endObject();
    } else if (value instanceof List<?> list) {
      w.beginArray();
      for (Object item : list) {
        writeValue(w, item);
      }
      w.endArray();
    } else if (value instanceof String s) {
      w.value(s);
    } else if (value instanceof Boolean b) {
      w.value(b);
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      w.value(((Number) value).longValue());
    } else if (value instanceof java.math.BigDecimal d) {
      // money as people write it: 100, 0.0000153 (not 100.000000 or 1.53E-5)
      w.value(new java.math.BigDecimal(d.stripTrailingZeros().toPlainString()));
    } else if (value instanceof Number n) {
      w.value(n);
    } else {
      w.value(String.valueOf(value));
    }
  }

  /** Parses JSON text that may be anything; null when it is not valid JSON. */
  public static Object parseOrNull(String json) {
    try {
      return parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (BadRequestException notJson) {
      return null;
    }
  }

  @FunctionalInterface
  public interface Body {
    public void write(JsonWriter writer) throws IOException;
  }
}
