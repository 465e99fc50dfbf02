package dev.llmrouter.providers.google;

import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.ContentPolicyException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.api.Usage;
import dev.llmrouter.providers.internal.HttpChatProvider;
import dev.llmrouter.providers.internal.TextBlocks;
import dev.llmrouter.providers.internal.JsonValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code streamGenerateContent?alt=sse}: each event is a whole {@code GenerateContentResponse} holding the next
 * parts (text and thought fragments; a function call arrives whole, in one part), with the usage so far; the one
 * with a {@code finishReason} is the last, and the body then ends (there is no end marker). A safety block before
 * any part of the answer is a {@link ContentPolicyException}, so the router can fall back.
 */
final class GeminiStreamTranslator implements HttpChatProvider.StreamDecoder {
  private boolean started;
  private boolean done;
  private boolean answered;
  private final TextBlocks blocks = new TextBlocks();
  private int calls;
  private String responseId;
  private Usage usage = Usage.ZERO;

  @Override
  public List<StreamEvent> onEvent(String sseType, Map<?, ?> chunk) {
    GeminiMapper.checkBlocked(chunk, answered);
    List<StreamEvent> out = new ArrayList<>();
    if (!started) {
      started = true;
      responseId = GeminiMapper.responseId(chunk);
      out.add(new StreamEvent.MessageStart(responseId, JsonValues.string(chunk.get("modelVersion"))));
    }
    if (chunk.get("usageMetadata") instanceof Map<?, ?>) {
      usage = GeminiMapper.usage(chunk); // the totals so far: the last one counts
    }
    Map<?, ?> candidate = GeminiMapper.firstCandidate(chunk);
    Map<?, ?> content = candidate.get("content") instanceof Map<?, ?> c ? c : Map.of();
    if (content.get("parts") instanceof List<?> parts) {
      for (Object p : parts) {
        if (!(p instanceof Map<?, ?> part)) {
          continue;
        }
        if (part.get("functionCall") instanceof Map<?, ?> fc) {
          ContentBlock.ToolCall call = GeminiMapper.toolCall(fc, part, responseId, calls++);
          blocks.toolCall(out, call.id(), call.name(), call.argumentsJson());
          answered = true;
        } else if (part.get("text") instanceof String text && !text.isEmpty()) {
          blocks.fragment(out, Boolean.TRUE.equals(part.get("thought")) ? StreamEvent.BlockType.THINKING
              : StreamEvent.BlockType.TEXT, text);
          answered = true;
        }
      }
    }
    if (candidate.get("finishReason") instanceof String raw) {
      if (!answered && GeminiMapper.isSafetyStop(raw)) {
        throw new ContentPolicyException("gemini withheld the answer: finishReason " + raw, 400, raw, null);
      }
      blocks.close(out);
      out.add(new StreamEvent.MessageDelta(GeminiMapper.finishReason(raw, calls > 0), raw, usage));
      out.add(new StreamEvent.MessageStop());
      done = true;
    }
    return out;
  }

  @Override
  public boolean done() {
    return done;
  }

  @Override
  public List<StreamEvent> onEnd() {
    throw new ProviderUnavailableException("the stream ended before a finishReason"
        + (answered ? ": the answer is incomplete" : ""), 200, null, null);
  }

  @Override
  public boolean answered() {
    return answered;
  }
}
