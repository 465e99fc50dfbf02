package dev.llmrouter.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Assembles the {@link ChatResponse} that a sequence of {@link StreamEvent}s describes. Not thread-safe;
 * feed it from the one thread that delivers the events.
 */
public final class StreamAccumulator {
  private String id = "";
  private String providerModel;
  private final Map<Integer, Block> blocks = new TreeMap<>();
  private FinishReason finishReason = FinishReason.OTHER;
  private String rawFinishReason;
  private Usage usage = Usage.ZERO;
  private boolean started;

  public void accept(StreamEvent event) {
    if (event instanceof StreamEvent.MessageStart s) {
      started = true;
      id = s.id() == null ? "" : s.id();
      providerModel = s.providerModel();
    } else if (event instanceof StreamEvent.BlockStart b) {
      blocks.put(b.index(), new Block(b));
    } else if (event instanceof StreamEvent.TextDelta d) {
      block(d.index()).text.append(d.text());
    } else if (event instanceof StreamEvent.ToolArgumentsDelta d) {
      block(d.index()).text.append(d.partialJson());
    } else if (event instanceof StreamEvent.ThinkingDelta d) {
      block(d.index()).text.append(d.thinking());
    } else if (event instanceof StreamEvent.SignatureDelta d) {
      block(d.index()).signature.append(d.signature());
    } else if (event instanceof StreamEvent.MessageDelta d) {
      finishReason = d.finishReason();
      rawFinishReason = d.rawFinishReason();
      if (d.usage() != null) {
        usage = d.usage();
      }
    }
  }

  /** Whether any event was seen, i.e. whether output may already have reached a caller. */
  public boolean started() {
    return started || !blocks.isEmpty();
  }

  public ChatResponse toResponse() {
    List<ContentBlock> content = new ArrayList<>();
    for (Block b : blocks.values()) {
      content.add(b.toContentBlock());
    }
    return new ChatResponse(id, null, null, providerModel, content, finishReason, rawFinishReason, usage, null,
        null);
  }

  private Block block(int index) {
    Block b = blocks.get(index);
    if (b == null) {
      // A delta for a block that was never opened: treat it as text so nothing is lost.
      b = new Block(StreamEvent.BlockStart.text(index));
      blocks.put(index, b);
    }
    return b;
  }

  private static final class Block {
    final StreamEvent.BlockStart start;
    final StringBuilder text = new StringBuilder();
    final StringBuilder signature = new StringBuilder();

    Block(StreamEvent.BlockStart start) {
      this.start = start;
    }

    ContentBlock toContentBlock() {
      switch (start.type()) {
        case TOOL_CALL:
          return new ContentBlock.ToolCall(start.toolCallId(), start.toolName(), text.toString());
        case THINKING:
          return new ContentBlock.Thinking(text.toString(), signature.length() == 0 ? null : signature.toString());
        case REDACTED_THINKING:
          return new ContentBlock.RedactedThinking(start.redactedData());
        default:
          return new ContentBlock.Text(text.toString());
      }
    }
  }
}
