package dev.llmrouter.wire.anthropic;

import com.squareup.moshi.FromJson;
import com.squareup.moshi.Json;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.ToJson;
import dev.llmrouter.wire.RecordAdapters;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import okio.Buffer;
import okio.BufferedSink;

/**
 * The Messages API wire format as records. Null components are left out of the JSON. The records are
 * {@code public} only because Moshi's record adapter needs public types; the enclosing class keeps them out
 * of the package's API.
 */
public final class AnthropicWire {
  private AnthropicWire() {}

  static final Moshi MOSHI = new Moshi.Builder().add(new RawJsonAdapter())
      .add(new RecordAdapters()).build();

  // ---- request ----

  /** The request body without {@code ChatRequest.extra()}, which is merged in when writing. */
  public record MessagesRequest(
      String model,
      @Json(name = "max_tokens") Integer maxTokens,
      Object system,
      List<WireMessage> messages,
      List<WireTool> tools,
      @Json(name = "tool_choice") WireToolChoice toolChoice,
      Double temperature,
      @Json(name = "top_p") Double topP,
      @Json(name = "top_k") Integer topK,
      @Json(name = "stop_sequences") List<String> stopSequences,
      WireThinking thinking,
      WireMetadata metadata,
      Boolean stream) {

    public MessagesRequest streaming() {
      return new MessagesRequest(model, maxTokens, system, messages, tools, toolChoice, temperature, topP, topK,
          stopSequences, thinking, metadata, Boolean.TRUE);
    }
  }

  /** {@code content} holds the block records below, written by their runtime type. */
  public record WireMessage(String role, List<Object> content) {}

  public record WireCacheControl(String type, String ttl) {}

  public record TextBlock(String type, String text,
                          @Json(name = "cache_control") WireCacheControl cacheControl) {
    TextBlock(String text, WireCacheControl cacheControl) {
      this("text", text, cacheControl);
    }
  }

  public record ImageBlock(String type, ImageSource source,
                           @Json(name = "cache_control") WireCacheControl cacheControl) {}

  public record ImageSource(String type, @Json(name = "media_type") String mediaType, String data, String url) {}

  public record ToolUseBlock(String type, String id, String name, RawJson input,
                             @Json(name = "cache_control") WireCacheControl cacheControl) {}

  /** {@code content} is a string, or a list of text and image blocks. */
  public record ToolResultBlock(String type, @Json(name = "tool_use_id") String toolUseId, Object content,
                                @Json(name = "is_error") Boolean isError,
                                @Json(name = "cache_control") WireCacheControl cacheControl) {}

  public record ThinkingBlock(String type, String thinking, String signature) {}

  public record RedactedThinkingBlock(String type, String data) {}

  public record WireTool(String name, String description,
                         @Json(name = "input_schema") Map<String, Object> inputSchema,
                         @Json(name = "cache_control") WireCacheControl cacheControl) {}

  public record WireToolChoice(String type, String name,
                               @Json(name = "disable_parallel_tool_use") Boolean disableParallelToolUse) {}

  public record WireThinking(String type, @Json(name = "budget_tokens") Integer budgetTokens) {}

  public record WireMetadata(@Json(name = "user_id") String userId) {}

  // ---- response ----

  public record MessagesResponse(String id, String type, String role, String model, List<ResponseBlock> content,
                                 @Json(name = "stop_reason") String stopReason,
                                 @Json(name = "stop_sequence") String stopSequence,
                                 WireUsage usage) {}

  /** Every content block type in one record; only the fields of {@code type} are set. */
  public record ResponseBlock(String type, String text, String id, String name, RawJson input, String thinking,
                              String signature, String data) {}

  public record WireUsage(@Json(name = "input_tokens") Long inputTokens,
                          @Json(name = "output_tokens") Long outputTokens,
                          @Json(name = "cache_creation_input_tokens") Long cacheCreationInputTokens,
                          @Json(name = "cache_read_input_tokens") Long cacheReadInputTokens) {}

  /** One server-sent event's data: every event type in one record. */
  public record SseEvent(String type, Integer index, MessagesResponse message,
                         @Json(name = "content_block") ResponseBlock contentBlock, Delta delta, WireUsage usage,
                         ErrorDetail error) {}

  /** A {@code content_block_delta}'s or a {@code message_delta}'s delta. */
  public record Delta(String type, String text, @Json(name = "partial_json") String partialJson, String thinking,
                      String signature, @Json(name = "stop_reason") String stopReason,
                      @Json(name = "stop_sequence") String stopSequence) {}

  public record ErrorBody(String type, ErrorDetail error) {}

  public record ErrorDetail(String type, String message) {}

  // ---- raw JSON ----

  /** A JSON value kept as compact text, so numbers keep their exact spelling both ways. */
  public record RawJson(String json) {
    /** Compacts {@code text}, which must be one JSON object. */
    public static RawJson ofObject(String text) throws IOException {
      JsonReader reader = JsonReader.of(new Buffer().writeUtf8(text));
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
        throw new IOException("not a JSON object");
      }
      RawJson raw = read(reader);
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        throw new IOException("text after the JSON object");
      }
      return raw;
    }

    public static RawJson read(JsonReader reader) throws IOException {
      Buffer out = new Buffer();
      try (JsonWriter writer = JsonWriter.of(out)) {
        writer.setSerializeNulls(true);
        copy(reader, writer);
      }
      return new RawJson(out.readUtf8());
    }

    private static void copy(JsonReader reader, JsonWriter writer) throws IOException {
      switch (reader.peek()) {
        case BEGIN_OBJECT -> {
          reader.beginObject();
          writer.beginObject();
          while (reader.hasNext()) {
            writer.name(reader.nextName());
            copy(reader, writer);
          }
          reader.endObject();
          writer.endObject();
        }
        case BEGIN_ARRAY -> {
          reader.beginArray();
          writer.beginArray();
          while (reader.hasNext()) {
            copy(reader, writer);
          }
          reader.endArray();
          writer.endArray();
        }
        case STRING -> writer.value(reader.nextString());
        case NUMBER -> {
          String literal = reader.nextString(); // the number as spelled
          try (BufferedSink sink = writer.valueSink()) {
            sink.writeUtf8(literal);
          }
        }
        case BOOLEAN -> writer.value(reader.nextBoolean());
        case NULL -> {
          reader.nextNull();
          writer.nullValue();
        }
        default -> throw new IOException("unexpected " + reader.peek() + " at " + reader.getPath());
      }
    }
  }

  public static final class RawJsonAdapter {
    @FromJson
    public RawJson fromJson(JsonReader reader) throws IOException {
      if (reader.peek() == JsonReader.Token.NULL) {
        return reader.nextNull();
      }
      return RawJson.read(reader);
    }

    @ToJson
    public void toJson(JsonWriter writer, RawJson value) throws IOException {
      if (value == null) {
        writer.nullValue();
        return;
      }
      try (BufferedSink sink = writer.valueSink()) {
        sink.writeUtf8(value.json());
      }
    }
  }

  public static <T> JsonAdapter<T> adapter(Class<T> type) {
    return MOSHI.adapter(type);
  }
}
