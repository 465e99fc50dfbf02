package dev.llmrouter.wire.anthropic;

import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.api.StreamEvent.BlockType;
import dev.llmrouter.api.Usage;
import dev.llmrouter.wire.anthropic.AnthropicWire.Delta;
import dev.llmrouter.wire.anthropic.AnthropicWire.ResponseBlock;
import dev.llmrouter.wire.anthropic.AnthropicWire.SseEvent;
import dev.llmrouter.wire.anthropic.AnthropicWire.WireUsage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the Messages API's server-sent events into {@link StreamEvent}s, one for one. Stateful (one per
 * stream), not thread-safe, no I/O.
 *
 * <p>Blocks of types this library doesn't model (server tool blocks) are skipped with their deltas, and block
 * indexes are renumbered so the emitted ones stay 0, 1, 2... {@code ping} becomes {@link StreamEvent.Ping}, which the router relays. The final usage in
 * {@code MessageDelta} takes input and cache counts from {@code message_start} (or from {@code message_delta}
 * when it repeats them) and output tokens from {@code message_delta}, whose counts are cumulative.
 */
public final class AnthropicStreamDecoder {
  private final Map<Integer, Integer> indexes = new HashMap<>();
  private final Set<Integer> skipped = new HashSet<>();
  private int nextIndex;
  private WireUsage startUsage;
  private boolean stopped;

  /** Whether {@code message_stop} arrived. */
  public boolean stopped() {
    return stopped;
  }

  /**
   * The events one SSE {@code data} payload stands for (often one, sometimes none).
   *
   * @throws LlmException for an {@code error} event, or data that can't be read
   */
  public List<StreamEvent> decode(String data) {
    SseEvent e = parse(data);
    List<StreamEvent> out = new ArrayList<>(2);
    switch (e.type() == null ? "" : e.type()) {
      case "message_start" -> {
        String id = e.message() == null ? null : e.message().id();
        String model = e.message() == null ? null : e.message().model();
        startUsage = e.message() == null ? null : e.message().usage();
        out.add(new StreamEvent.MessageStart(id, model, AnthropicMapper.usage(startUsage)));
      }
      case "content_block_start" -> blockStart(e, out);
      case "content_block_delta" -> blockDelta(e, out);
      case "content_block_stop" -> {
        Integer index = indexes.get(e.index());
        if (index != null) {
          out.add(new StreamEvent.BlockStop(index));
        }
      }
      case "message_delta" -> {
        String stopReason = e.delta() == null ? null : e.delta().stopReason();
        out.add(new StreamEvent.MessageDelta(AnthropicMapper.finishReason(stopReason), stopReason,
            finalUsage(e.usage())));
      }
      case "message_stop" -> {
        stopped = true;
        out.add(new StreamEvent.MessageStop());
      }
      case "error" -> throw AnthropicErrors.fromStreamError(e.error());
      case "ping" -> out.add(new StreamEvent.Ping());
      default -> { } // event types added after this was written
    }
    return out;
  }

  private void blockStart(SseEvent e, List<StreamEvent> out) {
    ResponseBlock b = e.contentBlock();
    BlockType type = b == null || b.type() == null ? null : switch (b.type()) {
      case "text" -> BlockType.TEXT;
      case "tool_use" -> BlockType.TOOL_CALL;
      case "thinking" -> BlockType.THINKING;
      case "redacted_thinking" -> BlockType.REDACTED_THINKING;
      default -> null;
    };
    if (e.index() == null) {
      return;
    }
    if (type == null) {
      skipped.add(e.index());
      return;
    }
    int index = nextIndex++;
    indexes.put(e.index(), index);
    out.add(new StreamEvent.BlockStart(index, type, b.id(), b.name(),
        type == BlockType.REDACTED_THINKING ? b.data() : null));
    // Start blocks normally arrive empty; anything they already hold is passed on as a first delta.
    if (type == BlockType.TEXT && b.text() != null && !b.text().isEmpty()) {
      out.add(new StreamEvent.TextDelta(index, b.text()));
    } else if (type == BlockType.THINKING && b.thinking() != null && !b.thinking().isEmpty()) {
      out.add(new StreamEvent.ThinkingDelta(index, b.thinking()));
    } else if (type == BlockType.TOOL_CALL && b.input() != null && !b.input().json().equals("{}")) {
      out.add(new StreamEvent.ToolArgumentsDelta(index, b.input().json()));
    }
  }

  private void blockDelta(SseEvent e, List<StreamEvent> out) {
    Delta d = e.delta();
    if (e.index() == null || skipped.contains(e.index()) || d == null || d.type() == null) {
      return;
    }
    // A delta for a block that never started is passed on; StreamAccumulator then treats the block as text.
    int index = indexes.computeIfAbsent(e.index(), i -> nextIndex++);
    switch (d.type()) {
      case "text_delta" -> out.add(new StreamEvent.TextDelta(index, nz(d.text())));
      case "input_json_delta" -> out.add(new StreamEvent.ToolArgumentsDelta(index, nz(d.partialJson())));
      case "thinking_delta" -> out.add(new StreamEvent.ThinkingDelta(index, nz(d.thinking())));
      case "signature_delta" -> out.add(new StreamEvent.SignatureDelta(index, nz(d.signature())));
      default -> { } // citations_delta and newer kinds
    }
  }

  private Usage finalUsage(WireUsage end) {
    WireUsage start = startUsage == null ? new WireUsage(null, null, null, null) : startUsage;
    if (end == null) {
      return AnthropicMapper.usage(start);
    }
    return AnthropicMapper.usage(new WireUsage(
        end.inputTokens() != null ? end.inputTokens() : start.inputTokens(),
        end.outputTokens() != null ? end.outputTokens() : start.outputTokens(),
        end.cacheCreationInputTokens() != null ? end.cacheCreationInputTokens() : start.cacheCreationInputTokens(),
        end.cacheReadInputTokens() != null ? end.cacheReadInputTokens() : start.cacheReadInputTokens()));
  }

  private static SseEvent parse(String data) {
    try {
      SseEvent e = AnthropicWire.adapter(SseEvent.class).fromJson(data);
      if (e == null) {
        throw new IllegalStateException("null event");
      }
      return e;
    } catch (Exception e) {
      throw new ProviderUnavailableException("anthropic sent an unreadable stream event: " + e.getMessage(), 0,
          null, e);
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
