package dev.llmrouter.wire.openai;

import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.api.StreamEvent.BlockType;
import dev.llmrouter.api.Usage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@code chat.completion.chunk}s into the Anthropic-shaped {@link StreamEvent} sequence. OpenAI has no
 * blocks, so they are synthesised: a run of text deltas is a TEXT block, a run of reasoning deltas a THINKING
 * block, and each tool call (a {@code delta.tool_calls[i]} bringing an id) a TOOL_CALL block. Blocks go out one at a
 * time, never interleaved, so that every block is whole in Anthropic's format too: a text or thinking block closes
 * when another block begins; a tool call stays open to the end, since its argument fragments may keep coming (also
 * after another call or text began), and whatever begins while it is open is held back, block by block with its
 * deltas in order, until the end. Finish reason and usage are held until {@link #finish()}, because the usage comes
 * in its own chunk (empty {@code choices}) after the one carrying {@code finish_reason}.
 *
 * <p>{@code MessageStart} goes out with the first chunk. A stream whose chunks never carry content, a tool call or a
 * finish reason is not an answer ({@link #answered()}): the provider fails it, and since nothing but the
 * {@code MessageStart} went out, the router may still try another deployment.
 *
 * <p>Only choice 0 is followed. Not thread-safe: one instance per stream, fed from the one reading thread.
 */
public final class OpenAiStreamTranslator {
  private boolean started;
  private boolean finished;
  private String messageId;
  private String model;
  private int nextIndex;
  private int openIndex = -1;
  private BlockType openType;
  /** Blocks begun while a tool call was open, by index, each with its events in order; sent at the end. */
  private final Map<Integer, List<StreamEvent>> held = new java.util.TreeMap<>();
  private int heldText = -1; // the held block text deltas go to, while they keep coming
  private BlockType heldType;
  /** OpenAI's {@code tool_calls[].index} to our block index and the call's id. */
  private final Map<Integer, Integer> toolBlocks = new HashMap<>();
  private final Map<Integer, String> toolIds = new HashMap<>();
  private String rawFinishReason;
  private Usage usage;

  /** Whether the chunks so far amount to an answer: some content, a tool call, or a finish reason. */
  public boolean answered() {
    return nextIndex > 0 || rawFinishReason != null;
  }

  /** The events one chunk stands for (possibly none). */
  public List<StreamEvent> onChunk(OpenAiWire.Completion chunk) {
    List<StreamEvent> events = new ArrayList<>();
    if (finished) {
      return events;
    }
    if (messageId == null && chunk.id() != null) {
      messageId = chunk.id();
    }
    if (model == null && chunk.model() != null) {
      model = chunk.model();
    }
    start(events);
    if (chunk.usage() != null) {
      usage = OpenAiMapper.usage(chunk.usage());
    }
    OpenAiWire.Choice choice = firstChoice(chunk);
    if (choice == null) {
      return events;
    }
    OpenAiWire.WireMessage delta = choice.delta();
    if (delta != null) {
      String reasoning = OpenAiMapper.reasoningText(delta);
      if (reasoning != null && !reasoning.isEmpty()) {
        int block = open(events, BlockType.THINKING, null, null);
        emit(events, block, new StreamEvent.ThinkingDelta(block, reasoning));
      }
      String text = OpenAiMapper.text(delta.content());
      if (text == null || text.isEmpty()) {
        text = delta.refusal();
      }
      if (text != null && !text.isEmpty()) {
        int block = open(events, BlockType.TEXT, null, null);
        emit(events, block, new StreamEvent.TextDelta(block, text));
      }
      if (delta.toolCalls() != null) {
        for (int i = 0; i < delta.toolCalls().size(); i++) {
          toolCallDelta(events, delta.toolCalls().get(i), i);
        }
      }
    }
    if (choice.finishReason() != null) {
      rawFinishReason = choice.finishReason();
    }
    return events;
  }

  private void toolCallDelta(List<StreamEvent> events, OpenAiWire.WireToolCall call, int position) {
    int key = call.index() == null ? position : call.index();
    Integer block = toolBlocks.get(key);
    boolean newCall = block == null || (call.id() != null && !call.id().equals(toolIds.get(key)));
    if (newCall) {
      String id = call.id() != null ? call.id() : "call_" + nextIndex;
      String name = call.function() == null || call.function().name() == null ? "" : call.function().name();
      block = open(events, BlockType.TOOL_CALL, id, name); // each call is a block of its own
      toolBlocks.put(key, block);
      toolIds.put(key, id);
    }
    String fragment = call.function() == null ? null : call.function().arguments();
    if (fragment != null && !fragment.isEmpty()) {
      emit(events, block, new StreamEvent.ToolArgumentsDelta(block, fragment));
    }
  }

  /** The closing events: the open block's stop, the finish reason with the usage, the message stop. Once. */
  public List<StreamEvent> finish() {
    List<StreamEvent> events = new ArrayList<>();
    if (finished) {
      return events;
    }
    finished = true;
    start(events);
    closeOpen(events);
    held.forEach((index, blockEvents) -> {
      events.addAll(blockEvents);
      events.add(new StreamEvent.BlockStop(index));
    });
    held.clear();
    events.add(new StreamEvent.MessageDelta(OpenAiMapper.finishReason(rawFinishReason), rawFinishReason,
        usage == null ? Usage.ZERO : usage));
    events.add(new StreamEvent.MessageStop());
    return events;
  }

  /**
   * The block the next delta of {@code type} goes to: the open one when it is of that type (and no tool call), else a
   * new one, sent now or held back (see the class comment).
   */
  private int open(List<StreamEvent> events, BlockType type, String toolCallId, String toolName) {
    boolean text = type != BlockType.TOOL_CALL;
    if (held.isEmpty() && openIndex >= 0 && openType == type && text) {
      return openIndex;
    }
    if (!held.isEmpty() && text && heldText >= 0 && heldType == type) {
      return heldText;
    }
    start(events);
    int index = nextIndex++;
    StreamEvent blockStart = new StreamEvent.BlockStart(index, type, toolCallId, toolName, null);
    if (openType == BlockType.TOOL_CALL || !held.isEmpty()) {
      List<StreamEvent> blockEvents = new ArrayList<>();
      blockEvents.add(blockStart);
      held.put(index, blockEvents);
      heldText = text ? index : -1;
      heldType = text ? type : null;
      return index;
    }
    closeOpen(events);
    openIndex = index;
    openType = type;
    events.add(blockStart);
    return index;
  }

  /** A delta: sent when its block is the open one, else kept with its held block. */
  private void emit(List<StreamEvent> events, int block, StreamEvent delta) {
    List<StreamEvent> heldBlock = held.get(block);
    if (heldBlock != null) {
      heldBlock.add(delta);
    } else {
      events.add(delta);
    }
  }

  private void start(List<StreamEvent> events) {
    if (!started) {
      started = true;
      events.add(new StreamEvent.MessageStart(messageId == null ? "" : messageId, model));
    }
  }

  private void closeOpen(List<StreamEvent> events) {
    if (openIndex >= 0) {
      events.add(new StreamEvent.BlockStop(openIndex));
      openIndex = -1;
      openType = null;
    }
  }

  private static OpenAiWire.Choice firstChoice(OpenAiWire.Completion chunk) {
    if (chunk.choices() == null) {
      return null;
    }
    for (OpenAiWire.Choice c : chunk.choices()) {
      if (c.index() == null || c.index() == 0) {
        return c;
      }
    }
    return null;
  }
}
