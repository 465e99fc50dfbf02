package dev.llmrouter.providers.ollama;

import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.providers.internal.HttpChatProvider;
import dev.llmrouter.providers.internal.TextBlocks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ollama's streamed chat (one JSON object a line, each a piece of the answer, the last with {@code done: true} and
 * the counts) as the API's stream events: thinking and text open a block each as they begin; a message with
 * {@code tool_calls} carries whole calls, each a block of its own with its arguments in one delta.
 */
final class OllamaStreamTranslator implements HttpChatProvider.StreamDecoder {
  private boolean started;
  private boolean done;
  private boolean sawToolCall;
  private boolean answered;
  private final TextBlocks blocks = new TextBlocks();
  private int toolCalls;

  /** The events of one line of the stream. */
  @Override
  public List<StreamEvent> onEvent(String sseType, Map<?, ?> chunk) {
    List<StreamEvent> out = new ArrayList<>();
    if (!started) {
      started = true;
      out.add(new StreamEvent.MessageStart(OllamaMapper.id(chunk),
          chunk.get("model") instanceof String m ? m : null));
    }
    Map<?, ?> message = chunk.get("message") instanceof Map<?, ?> m ? m : Map.of();
    if (message.get("thinking") instanceof String t && !t.isEmpty()) {
      blocks.fragment(out, StreamEvent.BlockType.THINKING, t);
      answered = true;
    }
    if (message.get("content") instanceof String text && !text.isEmpty()) {
      blocks.fragment(out, StreamEvent.BlockType.TEXT, text);
      answered = true;
    }
    List<ContentBlock.ToolCall> calls = OllamaMapper.toolCalls(message, toolCalls);
    if (!calls.isEmpty()) {
      for (ContentBlock.ToolCall c : calls) {
        blocks.toolCall(out, c.id(), c.name(), c.argumentsJson());
      }
      toolCalls += calls.size();
      sawToolCall = true;
      answered = true;
    }
    if (Boolean.TRUE.equals(chunk.get("done"))) {
      blocks.close(out);
      String raw = chunk.get("done_reason") instanceof String r ? r : null;
      out.add(new StreamEvent.MessageDelta(OllamaMapper.finishReason(raw, sawToolCall), raw, OllamaMapper.usage(chunk)));
      out.add(new StreamEvent.MessageStop());
      done = true;
    }
    return out;
  }

  /** Whether the last line ({@code done: true}) has come. */
  @Override
  public boolean done() {
    return done;
  }

  /** Whether anything (text, thinking or a tool call) has come. */
  @Override
  public List<StreamEvent> onEnd() {
    throw new ProviderUnavailableException("the stream ended before its last line (done: true)"
        + (answered ? ": the answer is incomplete" : ""), 200, null, null);
  }

  @Override
  public boolean answered() {
    return answered;
  }
}
