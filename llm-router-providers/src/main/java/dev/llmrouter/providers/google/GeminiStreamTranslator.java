package dev.llmrouter.providers.google;

import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.ContentPolicyException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.api.Usage;
import dev.llmrouter.providers.internal.HttpChatProvider;
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
  private enum Open { NONE, THINKING, TEXT }

  private boolean started;
  private boolean done;
  private boolean answered;
  private Open open = Open.NONE;
  private int index = -1;
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
      out.add(new StreamEvent.MessageStart(responseId, GeminiMapper.string(chunk.get("modelVersion"))));
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
          closeBlock(out);
          ContentBlock.ToolCall call = GeminiMapper.toolCall(fc, part, responseId, calls++);
          index++;
          out.add(StreamEvent.BlockStart.toolCall(index, call.id(), call.name()));
          out.add(new StreamEvent.ToolArgumentsDelta(index, call.argumentsJson()));
          out.add(new StreamEvent.BlockStop(index));
          answered = true;
        } else if (part.get("text") instanceof String text && !text.isEmpty()) {
          openBlock(out, Boolean.TRUE.equals(part.get("thought")) ? Open.THINKING : Open.TEXT);
          out.add(open == Open.TEXT ? new StreamEvent.TextDelta(index, text)
              : new StreamEvent.ThinkingDelta(index, text));
          answered = true;
        }
      }
    }
    if (candidate.get("finishReason") instanceof String raw) {
      if (!answered && GeminiMapper.isSafetyStop(raw)) {
        throw new ContentPolicyException("gemini withheld the answer: finishReason " + raw, 400, raw, null);
      }
      closeBlock(out);
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

  private void openBlock(List<StreamEvent> out, Open kind) {
    if (open == kind) {
      return;
    }
    closeBlock(out);
    index++;
    out.add(kind == Open.TEXT ? StreamEvent.BlockStart.text(index) : StreamEvent.BlockStart.thinking(index));
    open = kind;
  }

  private void closeBlock(List<StreamEvent> out) {
    if (open != Open.NONE) {
      out.add(new StreamEvent.BlockStop(index));
      open = Open.NONE;
    }
  }
}
