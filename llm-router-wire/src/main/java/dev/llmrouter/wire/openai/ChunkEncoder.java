package dev.llmrouter.wire.openai;

import dev.llmrouter.wire.JsonIo;
import com.squareup.moshi.JsonWriter;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.api.Usage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Re-emits one streamed answer as OpenAI {@code chat.completion.chunk}s. One instance per stream; it
 * remembers which content blocks are tool calls, because OpenAI numbers tool calls from 0
 * ({@code tool_calls[].index}) where the {@link StreamEvent}s number all blocks. Not thread-safe.
 *
 * <p>The first chunk carries {@code delta: {"role":"assistant","content":""}}; it is sent on
 * {@link StreamEvent.MessageStart}, or before the first content if that event is missing.
 * {@link StreamEvent.MessageDelta} yields the finishing chunk and, when usage was asked for, a last
 * chunk with {@code choices: []} and {@code usage}; with usage asked for, all other chunks carry
 * {@code "usage": null}, as OpenAI's do. Block starts and stops of text and thinking, signatures and
 * {@link StreamEvent.MessageStop} yield nothing.
 */
public final class ChunkEncoder {
  private final String id;
  private final String model;
  private final long created;
  private final boolean includeUsage;
  private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>();
  private boolean started;

  /**
   * @param id           the {@code id} every chunk carries
   * @param model        the alias the client asked for
   * @param created      epoch seconds
   * @param includeUsage the client asked for {@code stream_options.include_usage}
   */
  public ChunkEncoder(String id, String model, long created, boolean includeUsage) {
    this.id = Objects.requireNonNull(id, "id");
    this.model = Objects.requireNonNull(model, "model");
    this.created = created;
    this.includeUsage = includeUsage;
  }

  /** The {@code data:} payloads to send for {@code event}, in order; often empty. */
  public List<String> encode(StreamEvent event) {
    List<String> out = new ArrayList<>(2);
    if (!started && !(event instanceof StreamEvent.MessageStop)) {
      started = true;
      out.add(chunk(w -> {
        w.name("role").value("assistant");
        w.name("content").value("");
      }, null));
    }
    if (event instanceof StreamEvent.TextDelta d && !d.text().isEmpty()) {
      out.add(chunk(w -> w.name("content").value(d.text()), null));
    } else if (event instanceof StreamEvent.ThinkingDelta d && !d.thinking().isEmpty()) {
      out.add(chunk(w -> w.name("reasoning_content").value(d.thinking()), null));
    } else if (event instanceof StreamEvent.BlockStart s && s.type() == StreamEvent.BlockType.TOOL_CALL) {
      int k = toolIndexByBlock.size();
      toolIndexByBlock.put(s.index(), k);
      out.add(chunk(w -> toolCall(w, k, s.toolCallId(), s.toolName(), ""), null));
    } else if (event instanceof StreamEvent.ToolArgumentsDelta d && !d.partialJson().isEmpty()) {
      Integer k = toolIndexByBlock.get(d.index());
      if (k != null) {
        out.add(chunk(w -> toolCall(w, k, null, null, d.partialJson()), null));
      }
    } else if (event instanceof StreamEvent.MessageDelta d) {
      out.add(chunk(w -> { }, ChatCompletionEncoder.finishReason(d.finishReason())));
      if (includeUsage) {
        out.add(usageChunk(d));
      }
    }
    return out;
  }

  /** The payload for an error after the stream has begun: OpenAI's error object, as a last event. */
  public static String errorEvent(Throwable error) {
    return ErrorEncoder.encode(error).json();
  }

  private static void toolCall(JsonWriter w, int index, String callId, String name, String arguments)
      throws IOException {
    w.name("tool_calls").beginArray();
    w.beginObject();
    w.name("index").value(index);
    if (callId != null) {
      w.name("id").value(callId);
      w.name("type").value("function");
    }
    w.name("function").beginObject();
    if (name != null) {
      w.name("name").value(name);
    }
    w.name("arguments").value(arguments);
    w.endObject();
    w.endObject();
    w.endArray();
  }

  private String chunk(JsonIo.Body delta, String finishReason) {
    return JsonIo.write(w -> {
      header(w);
      w.name("choices").beginArray();
      w.beginObject();
      w.name("index").value(0);
      w.name("delta").beginObject();
      delta.write(w);
      w.endObject();
      w.name("logprobs").nullValue();
      w.name("finish_reason").value(finishReason);
      w.endObject();
      w.endArray();
      if (includeUsage) {
        w.name("usage").nullValue();
      }
      w.endObject();
    });
  }

  private String usageChunk(StreamEvent.MessageDelta delta) {
    return JsonIo.write(w -> {
      header(w);
      w.name("choices").beginArray().endArray();
      w.name("usage");
      ChatCompletionEncoder.writeUsage(w, delta.usage() == null ? Usage.ZERO : delta.usage());
      w.endObject();
    });
  }

  private void header(JsonWriter w) throws IOException {
    w.beginObject();
    w.name("id").value(id);
    w.name("object").value("chat.completion.chunk");
    w.name("created").value(created);
    w.name("model").value(model);
  }
}
