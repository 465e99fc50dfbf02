package dev.llmrouter.providers.cohere;

import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.providers.internal.HttpChatProvider;
import dev.llmrouter.providers.internal.JsonValues;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cohere's v2 stream events as the API's: {@code message-start}, then per content item {@code content-start},
 * {@code content-delta}s and {@code content-end} (text or thinking), per tool call {@code tool-call-start},
 * {@code tool-call-delta}s (argument fragments) and {@code tool-call-end}, and {@code message-end} with the finish
 * reason and usage. {@code tool-plan-delta} and the {@code citation-*} events are dropped (see {@link CohereMapper}).
 * Cohere numbers content items and tool calls apart, both from 0; the blocks here are numbered in arrival order.
 */
final class CohereStreamTranslator implements HttpChatProvider.StreamDecoder {
  private final Map<String, Integer> blocks = new HashMap<>();
  private int next;
  private boolean started;
  private boolean done;
  private boolean answered;

  @Override
  public List<StreamEvent> onEvent(String sseType, Map<?, ?> event) {
    List<StreamEvent> out = new ArrayList<>();
    String type = JsonValues.string(event.get("type"));
    Map<?, ?> delta = event.get("delta") instanceof Map<?, ?> d ? d : Map.of();
    Map<?, ?> message = delta.get("message") instanceof Map<?, ?> m ? m : Map.of();
    Object index = event.get("index");
    if (!started && type != null && !type.equals("message-start")) {
      start(out, null);
    }
    switch (type == null ? "" : type) {
      case "message-start" -> {
        if (!started) {
          start(out, JsonValues.string(event.get("id")));
        }
      }
      case "content-start" -> {
        Map<?, ?> content = message.get("content") instanceof Map<?, ?> c ? c : Map.of();
        boolean thinking = "thinking".equals(content.get("type"));
        int i = open("content" + index);
        out.add(new StreamEvent.BlockStart(i, thinking ? StreamEvent.BlockType.THINKING : StreamEvent.BlockType.TEXT,
            null, null, null));
        contentDelta(out, i, content);
      }
      case "content-delta" -> {
        if (message.get("content") instanceof Map<?, ?> content) {
          Integer i = blocks.get("content" + index);
          if (i == null) { // a delta without its content-start: a text item, opened here
            i = open("content" + index);
            out.add(new StreamEvent.BlockStart(i, content.containsKey("thinking") ? StreamEvent.BlockType.THINKING
                : StreamEvent.BlockType.TEXT, null, null, null));
          }
          contentDelta(out, i, content);
        }
      }
      case "tool-call-start" -> {
        Map<?, ?> call = message.get("tool_calls") instanceof Map<?, ?> c ? c : Map.of();
        Map<?, ?> function = call.get("function") instanceof Map<?, ?> f ? f : Map.of();
        int i = open("tool" + index);
        out.add(new StreamEvent.BlockStart(i, StreamEvent.BlockType.TOOL_CALL, JsonValues.string(call.get("id")),
            JsonValues.string(function.get("name")), null));
        if (function.get("arguments") instanceof String a && !a.isEmpty()) {
          out.add(new StreamEvent.ToolArgumentsDelta(i, a));
        }
        answered = true;
      }
      case "tool-call-delta" -> {
        Integer i = blocks.get("tool" + index);
        if (i != null && message.get("tool_calls") instanceof Map<?, ?> call
            && call.get("function") instanceof Map<?, ?> f && f.get("arguments") instanceof String a && !a.isEmpty()) {
          out.add(new StreamEvent.ToolArgumentsDelta(i, a));
        }
      }
      case "content-end", "tool-call-end" -> {
        Integer i = blocks.remove((type.equals("content-end") ? "content" : "tool") + index);
        if (i != null) {
          out.add(new StreamEvent.BlockStop(i));
        }
      }
      case "message-end" -> {
        for (Integer i : blocks.values().stream().sorted().toList()) {
          out.add(new StreamEvent.BlockStop(i));
        }
        blocks.clear();
        String raw = JsonValues.string(delta.get("finish_reason"));
        out.add(new StreamEvent.MessageDelta(CohereMapper.finishReason(raw), raw, CohereMapper.usage(delta.get("usage"))));
        out.add(new StreamEvent.MessageStop());
        done = true;
      }
      default -> { } // tool-plan-delta, citation-start, citation-end, debug: dropped by rule
    }
    return out;
  }

  @Override
  public boolean done() {
    return done;
  }

  @Override
  public List<StreamEvent> onEnd() {
    throw new ProviderUnavailableException("the stream ended before message-end"
        + (answered ? ": the answer is incomplete" : ""), 200, null, null);
  }

  @Override
  public boolean answered() {
    return answered;
  }

  private void start(List<StreamEvent> out, String id) {
    started = true;
    out.add(new StreamEvent.MessageStart(id == null ? "cohere" : id, null));
  }

  private int open(String key) {
    int i = next++;
    blocks.put(key, i);
    return i;
  }

  private void contentDelta(List<StreamEvent> out, int i, Map<?, ?> content) {
    if (content.get("thinking") instanceof String t && !t.isEmpty()) {
      out.add(new StreamEvent.ThinkingDelta(i, t));
      answered = true;
    } else if (content.get("text") instanceof String t && !t.isEmpty()) {
      out.add(new StreamEvent.TextDelta(i, t));
      answered = true;
    }
  }
}
