package dev.llmrouter.providers.internal;

import dev.llmrouter.api.StreamEvent;
import java.util.List;

/**
 * The blocks of a stream whose provider sends text and thinking as bare fragments (Gemini, Ollama): a fragment of
 * another kind than the open block closes it and opens a new one; tool calls, which arrive whole, take the next
 * index between them. Blocks are numbered from 0 in arrival order.
 */
public final class TextBlocks {
  private StreamEvent.BlockType open;
  private int index = -1;

  /** A fragment of {@code type} (TEXT or THINKING) at the open block's index, opening it if need be. */
  public void fragment(List<StreamEvent> out, StreamEvent.BlockType type, String text) {
    if (open != type) {
      close(out);
      index++;
      out.add(new StreamEvent.BlockStart(index, type, null, null, null));
      open = type;
    }
    out.add(type == StreamEvent.BlockType.THINKING ? new StreamEvent.ThinkingDelta(index, text)
        : new StreamEvent.TextDelta(index, text));
  }

  /** A whole tool call, as its own block after the open one is closed. */
  public void toolCall(List<StreamEvent> out, String id, String name, String argumentsJson) {
    close(out);
    index++;
    out.add(StreamEvent.BlockStart.toolCall(index, id, name));
    out.add(new StreamEvent.ToolArgumentsDelta(index, argumentsJson));
    out.add(new StreamEvent.BlockStop(index));
  }

  /** Closes the open block, if any (before the end of the message). */
  public void close(List<StreamEvent> out) {
    if (open != null) {
      out.add(new StreamEvent.BlockStop(index));
      open = null;
    }
  }
}
