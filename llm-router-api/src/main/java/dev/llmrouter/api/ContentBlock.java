package dev.llmrouter.api;

import java.util.List;
import java.util.Objects;

/**
 * One piece of a message: the union of what OpenAI's content parts and Anthropic's content blocks
 * can carry. {@link CacheControl} hints ride on the blocks that Anthropic allows them on.
 */
public sealed interface ContentBlock {

  /** Plain text. */
  record Text(String text, CacheControl cacheControl) implements ContentBlock {
    public Text {
      Objects.requireNonNull(text, "text");
    }

    public Text(String text) {
      this(text, null);
    }
  }

  /**
   * An image, either by URL ({@code url} set) or inline base64 ({@code mediaType} and {@code data} set).
   *
   * @param detail OpenAI's {@code detail} ("low", "high", "auto") or null
   */
  record Image(String url, String mediaType, String data, String detail, CacheControl cacheControl)
      implements ContentBlock {
    public Image {
      if ((url == null) == (data == null)) {
        throw new IllegalArgumentException("an image has either a url or base64 data, not both or neither");
      }
      if (data != null && mediaType == null) {
        throw new IllegalArgumentException("a base64 image needs a mediaType");
      }
    }

    public static Image ofUrl(String url) {
      return new Image(url, null, null, null, null);
    }

    public static Image ofBase64(String mediaType, String data) {
      return new Image(null, mediaType, data, null, null);
    }
  }

  /**
   * The model asks to call a tool. {@code argumentsJson} is the arguments object as JSON text, exactly as
   * the model produced it (it may not even be valid JSON).
   */
  record ToolCall(String id, String name, String argumentsJson, CacheControl cacheControl) implements ContentBlock {
    public ToolCall {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      argumentsJson = argumentsJson == null || argumentsJson.isEmpty() ? "{}" : argumentsJson;
    }

    public ToolCall(String id, String name, String argumentsJson) {
      this(id, name, argumentsJson, null);
    }
  }

  /** The result of a tool call, sent back by the caller. */
  record ToolResult(String toolCallId, List<ContentBlock> content, boolean isError, CacheControl cacheControl)
      implements ContentBlock {
    public ToolResult {
      Objects.requireNonNull(toolCallId, "toolCallId");
      content = List.copyOf(content);
    }

    public static ToolResult ofText(String toolCallId, String text) {
      return new ToolResult(toolCallId, List.of(new Text(text)), false, null);
    }

    /** The text parts joined, for providers whose tool results are plain strings. */
    public String text() {
      StringBuilder sb = new StringBuilder();
      for (ContentBlock block : content) {
        if (block instanceof Text t) {
          sb.append(t.text());
        }
      }
      return sb.toString();
    }
  }

  /** Extended thinking / reasoning text; {@code signature} must be sent back unchanged to Anthropic. */
  record Thinking(String thinking, String signature) implements ContentBlock {
    public Thinking {
      Objects.requireNonNull(thinking, "thinking");
    }
  }

  /** Thinking the provider encrypted; only {@code data} goes back. */
  record RedactedThinking(String data) implements ContentBlock {
    public RedactedThinking {
      Objects.requireNonNull(data, "data");
    }
  }

  /**
   * One vector of an embedding answer: the embedding of the {@code index}th input.
   *
   * @param values the vector; not copied, and not to be changed once made
   */
  record Vector(int index, float[] values) implements ContentBlock {
    public Vector {
      java.util.Objects.requireNonNull(values, "values");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Vector v && v.index == index && java.util.Arrays.equals(v.values, values);
    }

    @Override
    public int hashCode() {
      return 31 * index + java.util.Arrays.hashCode(values);
    }

    @Override
    public String toString() {
      return "Vector[" + index + ", " + values.length + " values]";
    }
  }
}
