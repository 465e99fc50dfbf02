package dev.llmrouter.wire.openai;

import dev.llmrouter.wire.JsonIo;
import com.squareup.moshi.JsonWriter;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.Usage;
import java.io.IOException;
import java.util.List;

/**
 * Encodes a {@link ChatResponse} as an OpenAI {@code chat.completion} object.
 *
 * <p>The {@code id} is derived from the provider's response id ({@link ChatResponse#id()}) by
 * {@link #completionId(String)}, so it looks like OpenAI's ({@code chatcmpl-...}) whichever provider
 * served the call; the router's call id is not used (it travels in a response header instead).
 * {@code model} is the alias the client asked for, never the provider's model id. Images and redacted
 * thinking in the response have no place in a chat completion and are left out.
 */
public final class ChatCompletionEncoder {
  public static final String ID_PREFIX = "chatcmpl-";

  private ChatCompletionEncoder() {}

  /**
   * @param created the {@code created} timestamp, epoch seconds
   */
  public static String encode(ChatResponse response, long created) {
    return JsonIo.write(w -> {
      w.beginObject();
      w.name("id").value(completionId(response.id()));
      w.name("object").value("chat.completion");
      w.name("created").value(created);
      w.name("model").value(response.model());
      w.name("choices").beginArray();
      w.beginObject();
      w.name("index").value(0);
      writeMessage(w, response.content());
      w.name("logprobs").nullValue();
      w.name("finish_reason").value(finishReason(response.finishReason()));
      w.endObject();
      w.endArray();
      w.name("usage");
      writeUsage(w, response.usage());
      w.endObject();
    });
  }

  /** The response id as a {@code chatcmpl-} id: kept when it already is one, else prefixed. */
  public static String completionId(String responseId) {
    return responseId.startsWith(ID_PREFIX) ? responseId : ID_PREFIX + responseId;
  }

  /** OpenAI's word for a finish reason; PAUSE and OTHER have none and become {@code stop}. */
  public static String finishReason(FinishReason reason) {
    return switch (reason) {
      case LENGTH -> "length";
      case TOOL_CALLS -> "tool_calls";
      case CONTENT_FILTER -> "content_filter";
      case STOP, PAUSE, OTHER -> "stop";
    };
  }

  private static void writeMessage(JsonWriter w, List<ContentBlock> content) throws IOException {
    StringBuilder text = new StringBuilder();
    StringBuilder thinking = new StringBuilder();
    boolean hasText = false;
    boolean hasThinking = false;
    boolean hasCalls = false;
    for (ContentBlock block : content) {
      if (block instanceof ContentBlock.Text t) {
        text.append(t.text());
        hasText = true;
      } else if (block instanceof ContentBlock.Thinking t) {
        thinking.append(t.thinking());
        hasThinking = true;
      } else if (block instanceof ContentBlock.ToolCall) {
        hasCalls = true;
      }
    }
    w.name("message").beginObject();
    w.name("role").value("assistant");
    // Only tool calls: content is null, as OpenAI sends it. No blocks at all: an empty answer, "".
    w.name("content").value(hasText || !hasCalls ? text.toString() : null);
    if (hasThinking) {
      w.name("reasoning_content").value(thinking.toString());
    }
    if (hasCalls) {
      w.name("tool_calls").beginArray();
      for (ContentBlock block : content) {
        if (block instanceof ContentBlock.ToolCall c) {
          w.beginObject();
          w.name("id").value(c.id());
          w.name("type").value("function");
          w.name("function").beginObject();
          w.name("name").value(c.name());
          w.name("arguments").value(c.argumentsJson());
          w.endObject();
          w.endObject();
        }
      }
      w.endArray();
    }
    w.name("refusal").nullValue();
    w.endObject();
  }

  /** Writes a {@code usage} object; shared with the stream's final usage chunk. */
  public static void writeUsage(JsonWriter w, Usage usage) throws IOException {
    w.beginObject();
    w.name("prompt_tokens").value(usage.inputTokens());
    w.name("completion_tokens").value(usage.outputTokens());
    w.name("total_tokens").value(usage.totalTokens());
    w.name("prompt_tokens_details").beginObject();
    w.name("cached_tokens").value(usage.cacheReadTokens());
    w.endObject();
    w.name("completion_tokens_details").beginObject();
    w.name("reasoning_tokens").value(usage.reasoningTokens());
    w.endObject();
    w.endObject();
  }
}
