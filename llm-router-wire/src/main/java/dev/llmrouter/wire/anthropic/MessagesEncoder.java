package dev.llmrouter.wire.anthropic;

import com.squareup.moshi.JsonWriter;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.wire.JsonIo;
import java.io.IOException;

/** A {@link ChatResponse} as a Messages API response body ({@code "type":"message"}). */
public final class MessagesEncoder {
  private MessagesEncoder() {}

  /** @param model the model name to report: the alias that served */
  public static String encode(ChatResponse response, String model) {
    return JsonIo.write(w -> {
      w.beginObject();
      w.name("id").value(AnthropicText.messageId(response.id()));
      w.name("type").value("message");
      w.name("role").value("assistant");
      w.name("model").value(model);
      w.name("content").beginArray();
      for (ContentBlock block : response.content()) {
        block(w, block);
      }
      w.endArray();
      w.name("stop_reason").value(AnthropicText.stopReason(response.finishReason(), response.rawFinishReason()));
      w.name("stop_sequence").nullValue();
      w.name("usage");
      AnthropicText.usage(w, response.usage());
      w.endObject();
    });
  }

  /** The body of a {@code count_tokens} answer. */
  public static String tokenCount(long inputTokens) {
    return "{\"input_tokens\":" + inputTokens + "}";
  }

  private static void block(JsonWriter w, ContentBlock block) throws IOException {
    if (block instanceof ContentBlock.Text t) {
      w.beginObject().name("type").value("text").name("text").value(t.text()).endObject();
    } else if (block instanceof ContentBlock.ToolCall c) {
      w.beginObject().name("type").value("tool_use").name("id").value(c.id()).name("name").value(c.name());
      w.name("input");
      AnthropicText.toolInput(w, c);
      w.endObject();
    } else if (block instanceof ContentBlock.Thinking t) {
      w.beginObject().name("type").value("thinking").name("thinking").value(t.thinking());
      w.name("signature").value(t.signature() == null ? "" : t.signature()).endObject();
    } else if (block instanceof ContentBlock.RedactedThinking r) {
      w.beginObject().name("type").value("redacted_thinking").name("data").value(r.data()).endObject();
    } // images and tool results are never in an answer
  }
}
