package dev.llmrouter.wire.anthropic;

import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.api.StreamEvent.BlockType;
import dev.llmrouter.api.Usage;
import dev.llmrouter.wire.JsonIo;
import dev.llmrouter.wire.StreamEncoder;
import java.util.HashMap;
import java.util.Map;

/**
 * A streamed answer as the Messages API's events, each with its {@code event:} line: {@code message_start} (usage
 * always numeric, cache counts included), then per block {@code content_block_start}, its deltas
 * ({@code text_delta}, {@code input_json_delta}, {@code thinking_delta}, {@code signature_delta}: each only in a block
 * of its own kind) and {@code content_block_stop}, then {@code message_delta} (stop reason and usage) and
 * {@code message_stop}. A delta for a block of another kind, or for none, is dropped rather than sent where a client
 * would misread it. Not thread-safe.
 */
public final class MessagesStreamEncoder implements StreamEncoder {
  private final String model;
  private final Map<Integer, BlockType> open = new HashMap<>();
  private boolean started;
  private boolean stopped;

  /** @param model the model name to report, until the router names the alias that serves */
  public MessagesStreamEncoder(String model) {
    this.model = model;
  }

  @Override
  public String encode(StreamEvent event) {
    StringBuilder out = new StringBuilder();
    if (!started && !(event instanceof StreamEvent.MessageStart) && !(event instanceof StreamEvent.Ping)) {
      start(out, new StreamEvent.MessageStart(null, null)); // a provider that sent none
    }
    if (event instanceof StreamEvent.MessageStart s) {
      if (!started) {
        start(out, s);
      }
    } else if (event instanceof StreamEvent.Ping) {
      out.append(keepAlive());
    } else if (event instanceof StreamEvent.BlockStart b) {
      blockStart(out, b);
    } else if (event instanceof StreamEvent.TextDelta d) {
      delta(out, d.index(), BlockType.TEXT, "text_delta", "text", d.text());
    } else if (event instanceof StreamEvent.ToolArgumentsDelta d) {
      delta(out, d.index(), BlockType.TOOL_CALL, "input_json_delta", "partial_json", d.partialJson());
    } else if (event instanceof StreamEvent.ThinkingDelta d) {
      delta(out, d.index(), BlockType.THINKING, "thinking_delta", "thinking", d.thinking());
    } else if (event instanceof StreamEvent.SignatureDelta d) {
      delta(out, d.index(), BlockType.THINKING, "signature_delta", "signature", d.signature());
    } else if (event instanceof StreamEvent.BlockStop s) {
      if (open.containsKey(s.index())) {
        encodeStop(out, s.index());
      }
    } else if (event instanceof StreamEvent.MessageDelta d) {
      closeOpenBlocks(out);
      Usage u = d.usage() == null ? Usage.ZERO : d.usage();
      event(out, "message_delta", JsonIo.write(w -> {
        w.beginObject().name("type").value("message_delta");
        w.name("delta").beginObject().name("stop_reason").value(AnthropicText.stopReason(d.finishReason(),
            d.rawFinishReason())).name("stop_sequence").nullValue().endObject();
        w.name("usage");
        AnthropicText.usage(w, u);
        w.endObject();
      }));
    } else if (event instanceof StreamEvent.MessageStop) {
      closeOpenBlocks(out);
      if (!stopped) {
        stopped = true;
        event(out, "message_stop", "{\"type\":\"message_stop\"}");
      }
    }
    return out.toString();
  }

  private void start(StringBuilder out, StreamEvent.MessageStart s) {
    started = true;
    String name = s.alias() != null ? s.alias() : model;
    event(out, "message_start", JsonIo.write(w -> {
      w.beginObject().name("type").value("message_start");
      w.name("message").beginObject();
      w.name("id").value(AnthropicText.messageId(s.id()));
      w.name("type").value("message");
      w.name("role").value("assistant");
      w.name("model").value(name);
      w.name("content").beginArray().endArray();
      w.name("stop_reason").nullValue();
      w.name("stop_sequence").nullValue();
      w.name("usage");
      AnthropicText.usage(w, s.usage());
      w.endObject();
      w.endObject();
    }));
  }

  private void blockStart(StringBuilder out, StreamEvent.BlockStart b) {
    if (open.containsKey(b.index())) {
      return;
    }
    open.put(b.index(), b.type());
    event(out, "content_block_start", JsonIo.write(w -> {
      w.beginObject().name("type").value("content_block_start").name("index").value(b.index());
      w.name("content_block").beginObject();
      switch (b.type()) {
        case TEXT -> w.name("type").value("text").name("text").value("");
        case TOOL_CALL -> {
          w.name("type").value("tool_use").name("id").value(b.toolCallId()).name("name").value(b.toolName());
          w.name("input").beginObject().endObject();
        }
        case THINKING -> w.name("type").value("thinking").name("thinking").value("").name("signature").value("");
        case REDACTED_THINKING -> w.name("type").value("redacted_thinking").name("data").value(b.redactedData());
      }
      w.endObject();
      w.endObject();
    }));
  }

  private void delta(StringBuilder out, int index, BlockType kind, String type, String field, String value) {
    if (open.get(index) != kind || value == null || value.isEmpty()) {
      return;
    }
    event(out, "content_block_delta", JsonIo.write(w -> {
      w.beginObject().name("type").value("content_block_delta").name("index").value(index);
      w.name("delta").beginObject().name("type").value(type).name(field).value(value).endObject();
      w.endObject();
    }));
  }

  private void closeOpenBlocks(StringBuilder out) {
    open.keySet().stream().sorted().toList().forEach(i -> encodeStop(out, i));
  }

  private void encodeStop(StringBuilder out, int index) {
    open.remove(index);
    event(out, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
  }

  @Override
  public String error(Throwable failure) {
    StringBuilder out = new StringBuilder();
    event(out, "error", AnthropicErrorEncoder.encode(failure).json());
    return out.toString();
  }

  @Override
  public String end() {
    return "";
  }

  @Override
  public String keepAlive() {
    return "event: ping\ndata: {\"type\":\"ping\"}\n\n";
  }

  private static void event(StringBuilder out, String name, String data) {
    out.append("event: ").append(name).append("\ndata: ").append(data).append("\n\n");
  }
}
