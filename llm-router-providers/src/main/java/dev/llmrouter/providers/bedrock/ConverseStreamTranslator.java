package dev.llmrouter.providers.bedrock;

import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.providers.internal.HttpChatProvider;
import dev.llmrouter.providers.internal.JsonValues;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ConverseStream's events, one per event-stream frame: {@code messageStart}, per block {@code contentBlockStart}
 * (tool calls only: a text block starts with its first delta), {@code contentBlockDelta}s (text, tool input
 * fragments, reasoning text and signature) and {@code contentBlockStop}, then {@code messageStop} with the stop
 * reason and {@code metadata} with the usage, the last frame. Exception frames (throttling, a model stream error)
 * are thrown as the errors they are, by {@link BedrockApi}.
 */
final class ConverseStreamTranslator implements HttpChatProvider.StreamDecoder {
  private final Map<Integer, Integer> blocks = new HashMap<>();
  private final Map<Integer, StreamEvent.BlockType> types = new HashMap<>();
  private int next;
  private boolean started;
  private boolean done;
  private boolean answered;
  private String stopReason;

  @Override
  public List<StreamEvent> onEvent(String type, Map<?, ?> event) {
    List<StreamEvent> out = new ArrayList<>();
    if (!started) {
      started = true;
      out.add(new StreamEvent.MessageStart(ConverseMapper.newId(), null));
    }
    int index = event.get("contentBlockIndex") instanceof Number n ? n.intValue() : 0;
    switch (type == null ? "" : type) {
      case "contentBlockStart" -> {
        Map<?, ?> start = event.get("start") instanceof Map<?, ?> s ? s : Map.of();
        if (start.get("toolUse") instanceof Map<?, ?> use) {
          int i = open(index, StreamEvent.BlockType.TOOL_CALL);
          out.add(StreamEvent.BlockStart.toolCall(i, JsonValues.string(use.get("toolUseId")),
              JsonValues.string(use.get("name"))));
          answered = true;
        }
      }
      case "contentBlockDelta" -> {
        Map<?, ?> delta = event.get("delta") instanceof Map<?, ?> d ? d : Map.of();
        if (delta.get("text") instanceof String text) {
          out.addAll(startIfNew(index, StreamEvent.BlockType.TEXT));
          out.add(new StreamEvent.TextDelta(blocks.get(index), text));
        } else if (delta.get("toolUse") instanceof Map<?, ?> use && use.get("input") instanceof String json) {
          out.addAll(startIfNew(index, StreamEvent.BlockType.TOOL_CALL));
          out.add(new StreamEvent.ToolArgumentsDelta(blocks.get(index), json));
        } else if (delta.get("reasoningContent") instanceof Map<?, ?> reasoning) {
          out.addAll(startIfNew(index, StreamEvent.BlockType.THINKING));
          if (reasoning.get("text") instanceof String t) {
            out.add(new StreamEvent.ThinkingDelta(blocks.get(index), t));
          }
          if (reasoning.get("signature") instanceof String s) {
            out.add(new StreamEvent.SignatureDelta(blocks.get(index), s));
          }
        }
        answered = true;
      }
      case "contentBlockStop" -> {
        Integer i = blocks.remove(index);
        if (i != null) {
          out.add(new StreamEvent.BlockStop(i));
        }
      }
      case "messageStop" -> stopReason = JsonValues.string(event.get("stopReason"));
      case "metadata" -> {
        for (Integer i : blocks.values()) {
          out.add(new StreamEvent.BlockStop(i));
        }
        blocks.clear();
        FinishReason reason = ConverseMapper.finishReason(stopReason);
        out.add(new StreamEvent.MessageDelta(reason, stopReason, ConverseMapper.usage(event.get("usage"))));
        out.add(new StreamEvent.MessageStop());
        done = true;
      }
      default -> { } // messageStart, and events of later API versions
    }
    return out;
  }

  private List<StreamEvent> startIfNew(int index, StreamEvent.BlockType type) {
    if (blocks.containsKey(index)) {
      return List.of();
    }
    int i = open(index, type);
    return List.of(new StreamEvent.BlockStart(i, type, null, null, null));
  }

  private int open(int index, StreamEvent.BlockType type) {
    int i = next++;
    blocks.put(index, i);
    types.put(i, type);
    return i;
  }

  @Override
  public boolean done() {
    return done;
  }

  @Override
  public List<StreamEvent> onEnd() {
    throw new ProviderUnavailableException("the stream ended before its metadata event"
        + (answered ? ": the answer is incomplete" : ""), 200, null, null);
  }

  @Override
  public boolean answered() {
    return answered;
  }
}
