package dev.llmrouter.wire.openai;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Moshi;
import dev.llmrouter.wire.RecordAdapters;
import java.io.IOException;

/** Moshi adapters for this package. Moshi instances are immutable and thread-safe, so one set is shared. */
public final class OpenAiJson {
  private static final Moshi MOSHI = new Moshi.Builder().add(new RecordAdapters()).build();
  private static final JsonAdapter<Object> VALUE = MOSHI.adapter(Object.class);
  private static final JsonAdapter<OpenAiWire.Completion> COMPLETION = MOSHI.adapter(OpenAiWire.Completion.class);

  private OpenAiJson() {}

  /** Writes JSON-like values (maps, lists, strings, numbers, booleans). */
  public static String write(Object value) {
    return VALUE.toJson(value);
  }

  /** Reads any JSON into JSON-like values; null if the text is not JSON. */
  public static Object readValue(String json) {
    try {
      return VALUE.fromJson(json);
    } catch (IOException | RuntimeException notJson) {
      return null;
    }
  }

  /** Reads a completion or chunk; fails with {@link IllegalArgumentException} when it is not one. */
  public static OpenAiWire.Completion readCompletion(String json) {
    return readCompletion(new okio.Buffer().writeUtf8(json));
  }

  /** {@link #readCompletion(String)} of a body's UTF-8 bytes, read as they are. */
  public static OpenAiWire.Completion readCompletion(byte[] utf8) {
    return readCompletion(new okio.Buffer().write(utf8));
  }

  private static OpenAiWire.Completion readCompletion(okio.BufferedSource json) {
    try {
      OpenAiWire.Completion c = COMPLETION.fromJson(json);
      if (c == null) {
        throw new IllegalArgumentException("the body is JSON null");
      }
      return c;
    } catch (IOException | JsonDataException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
