package dev.llmrouter.redis;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.llmrouter.api.CacheControl;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.Cost;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.Usage;
import dev.llmrouter.spi.state.ResponseStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;

/**
 * A cached answer as Redis keeps it: JSON with every field of the response (its content blocks by kind, thinking
 * signatures included), its cost and when it was stored; not the call's info, which each call gets anew. Version
 * {@value #VERSION}: an entry of another version is a miss.
 */
final class ResponseCodec {
  static final int VERSION = 1;

  private ResponseCodec() {}

  static String encode(ChatResponse r, Instant storedAt) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.beginObject();
      w.name("v").value(VERSION);
      w.name("stored_at").value(storedAt.toEpochMilli());
      w.name("id").value(r.id());
      w.name("model").value(r.model());
      w.name("deployment").value(r.deployment());
      w.name("provider_model").value(r.providerModel());
      w.name("finish_reason").value(r.finishReason().name());
      w.name("raw_finish_reason").value(r.rawFinishReason());
      Usage u = r.usage();
      w.name("usage").beginObject()
          .name("input").value(u.inputTokens()).name("output").value(u.outputTokens())
          .name("cache_read").value(u.cacheReadTokens()).name("cache_write").value(u.cacheWriteTokens())
          .name("reasoning").value(u.reasoningTokens()).endObject();
      w.name("cost_usd").value(r.cost().usd().map(BigDecimal::toPlainString).orElse(null));
      w.name("content");
      blocks(w, r.content());
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readUtf8();
  }

  private static void blocks(JsonWriter w, List<ContentBlock> blocks) throws IOException {
    w.beginArray();
    for (ContentBlock b : blocks) {
      w.beginObject();
      if (b instanceof ContentBlock.Text t) {
        w.name("type").value("text").name("text").value(t.text());
        cache(w, t.cacheControl());
      } else if (b instanceof ContentBlock.Image i) {
        w.name("type").value("image").name("url").value(i.url()).name("media_type").value(i.mediaType())
            .name("data").value(i.data()).name("detail").value(i.detail());
        cache(w, i.cacheControl());
      } else if (b instanceof ContentBlock.ToolCall c) {
        w.name("type").value("tool_call").name("id").value(c.id()).name("name").value(c.name())
            .name("arguments").value(c.argumentsJson());
        cache(w, c.cacheControl());
      } else if (b instanceof ContentBlock.ToolResult r) {
        w.name("type").value("tool_result").name("tool_call_id").value(r.toolCallId())
            .name("is_error").value(r.isError());
        cache(w, r.cacheControl());
        w.name("content");
        blocks(w, r.content());
      } else if (b instanceof ContentBlock.Thinking t) {
        w.name("type").value("thinking").name("thinking").value(t.thinking()).name("signature").value(t.signature());
      } else if (b instanceof ContentBlock.RedactedThinking t) {
        w.name("type").value("redacted_thinking").name("data").value(t.data());
      } else if (b instanceof ContentBlock.Vector v) { // little-endian float32 in base64: exact and compact
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(v.values().length * 4)
            .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(v.values());
        w.name("type").value("vector").name("index").value(v.index())
            .name("values").value(java.util.Base64.getEncoder().encodeToString(bytes.array()));
      }
      w.endObject();
    }
    w.endArray();
  }

  private static void cache(JsonWriter w, CacheControl c) throws IOException {
    if (c != null) {
      w.name("cache_control").beginObject().name("type").value(c.type()).name("ttl").value(c.ttl()).endObject();
    }
  }

  /** The entry, or null when it is of another version or unreadable (a miss, never a failed call). */
  static ResponseStore.Entry decode(String json) {
    try (JsonReader r = JsonReader.of(new Buffer().writeString(json, StandardCharsets.UTF_8))) {
      @SuppressWarnings("unchecked")
      java.util.Map<String, Object> m = (java.util.Map<String, Object>) r.readJsonValue();
      if (m == null || !(m.get("v") instanceof Number v) || v.intValue() != VERSION) {
        return null;
      }
      @SuppressWarnings("unchecked")
      java.util.Map<String, Object> u = (java.util.Map<String, Object>) m.get("usage");
      Usage usage = new Usage(num(u, "input"), num(u, "output"), num(u, "cache_read"), num(u, "cache_write"),
          num(u, "reasoning"));
      String cost = (String) m.get("cost_usd");
      ChatResponse response = new ChatResponse((String) m.get("id"), (String) m.get("model"),
          (String) m.get("deployment"), (String) m.get("provider_model"), blocks((List<?>) m.get("content")),
          FinishReason.valueOf((String) m.get("finish_reason")), (String) m.get("raw_finish_reason"), usage,
          cost == null ? Cost.unknown() : Cost.usd(new BigDecimal(cost)), null);
      return new ResponseStore.Entry(response, Instant.ofEpochMilli(((Number) m.get("stored_at")).longValue()));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static long num(java.util.Map<String, Object> m, String k) {
    return ((Number) m.get(k)).longValue();
  }

  @SuppressWarnings("unchecked")
  private static List<ContentBlock> blocks(List<?> list) {
    List<ContentBlock> out = new ArrayList<>(list.size());
    for (Object o : list) {
      java.util.Map<String, Object> b = (java.util.Map<String, Object>) o;
      CacheControl cc = null;
      if (b.get("cache_control") instanceof java.util.Map<?, ?> c) {
        cc = new CacheControl((String) c.get("type"), (String) c.get("ttl"));
      }
      out.add(switch ((String) b.get("type")) {
        case "text" -> new ContentBlock.Text((String) b.get("text"), cc);
        case "image" -> new ContentBlock.Image((String) b.get("url"), (String) b.get("media_type"),
            (String) b.get("data"), (String) b.get("detail"), cc);
        case "tool_call" -> new ContentBlock.ToolCall((String) b.get("id"), (String) b.get("name"),
            (String) b.get("arguments"), cc);
        case "tool_result" -> new ContentBlock.ToolResult((String) b.get("tool_call_id"),
            blocks((List<?>) b.get("content")), (Boolean) b.get("is_error"), cc);
        case "thinking" -> new ContentBlock.Thinking((String) b.get("thinking"), (String) b.get("signature"));
        case "redacted_thinking" -> new ContentBlock.RedactedThinking((String) b.get("data"));
        case "vector" -> {
          java.nio.FloatBuffer floats = java.nio.ByteBuffer.wrap(java.util.Base64.getDecoder().decode(
              (String) b.get("values"))).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
          float[] values = new float[floats.remaining()];
          floats.get(values);
          yield new ContentBlock.Vector(((Number) b.get("index")).intValue(), values);
        }
        default -> throw new IllegalArgumentException("unknown block " + b.get("type"));
      });
    }
    return out;
  }
}
