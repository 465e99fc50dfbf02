package dev.llmrouter.wire.openai;

import dev.llmrouter.wire.Fields;
import dev.llmrouter.wire.BadRequestException;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.Message;
import dev.llmrouter.api.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Decodes the {@code messages} array of a Chat Completions request. */
public final class MessageDecoder {
  private static final String ROLES = "system, developer, user, assistant, tool";
  private static final String DATA_URL_PREFIX = "data:";
  private static final String BASE64_MARKER = ";base64,";

  private MessageDecoder() {}

  public static List<Message> decode(Fields root) {
    List<Object> array = root.array("messages");
    if (array == null) {
      throw root.missing("messages");
    }
    if (array.isEmpty()) {
      throw root.invalid("messages", "must contain at least one message");
    }
    List<Message> messages = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      messages.add(message(Fields.element(array.get(i), "messages[" + i + "]")));
    }
    return messages;
  }

  private static Message message(Fields m) {
    Role role = role(m);
    String name = m.string("name");
    return switch (role) {
      case TOOL -> new Message(Role.TOOL, List.of(toolResult(m)), name);
      case ASSISTANT -> new Message(Role.ASSISTANT, assistantContent(m), name);
      default -> {
        if (!m.has("content")) {
          throw m.missing("content");
        }
        yield new Message(role, content(m), name);
      }
    };
  }

  private static Role role(Fields m) {
    String role = m.requiredString("role");
    return switch (role) {
      case "system" -> Role.SYSTEM;
      case "developer" -> Role.DEVELOPER;
      case "user" -> Role.USER;
      case "assistant" -> Role.ASSISTANT;
      case "tool" -> Role.TOOL;
      default -> throw m.invalid("role", "must be one of " + ROLES + ", got " + Fields.describe(role));
    };
  }

  /** An assistant turn: its text (if any), then its tool calls; {@code reasoning_content} is ignored. */
  private static List<ContentBlock> assistantContent(Fields m) {
    List<ContentBlock> blocks = new ArrayList<>();
    List<Object> calls = m.array("tool_calls");
    boolean hasCalls = calls != null && !calls.isEmpty();
    if (m.has("content")) {
      for (ContentBlock block : content(m)) {
        // An empty text beside tool calls is how many clients spell "no text"; providers reject empty blocks.
        if (!(hasCalls && block instanceof ContentBlock.Text t && t.text().isEmpty())) {
          blocks.add(block);
        }
      }
    } else if (!hasCalls) {
      throw m.invalid("content", "is required unless 'tool_calls' is given");
    }
    if (calls != null) {
      for (int i = 0; i < calls.size(); i++) {
        blocks.add(toolCall(Fields.element(calls.get(i), m.path("tool_calls") + "[" + i + "]")));
      }
    }
    return blocks;
  }

  private static ContentBlock.ToolCall toolCall(Fields c) {
    String id = c.requiredString("id");
    String type = c.string("type");
    if (type != null && !type.equals("function")) {
      throw c.invalid("type", "must be \"function\", got " + Fields.describe(type));
    }
    Fields function = c.requiredObject("function");
    return new ContentBlock.ToolCall(id, function.requiredString("name"), function.string("arguments"));
  }

  private static ContentBlock.ToolResult toolResult(Fields m) {
    String toolCallId = m.requiredString("tool_call_id");
    if (!m.has("content")) {
      throw m.missing("content");
    }
    List<ContentBlock> content = content(m);
    for (int i = 0; i < content.size(); i++) {
      if (!(content.get(i) instanceof ContentBlock.Text)) {
        String path = m.path("content") + "[" + i + "]";
        throw new BadRequestException(path, "'" + path + "' must be a text part in a tool message");
      }
    }
    return new ContentBlock.ToolResult(toolCallId, content, false, null);
  }

  /** {@code content} as a string or an array of {@code text} / {@code image_url} parts. */
  private static List<ContentBlock> content(Fields m) {
    Object content = m.raw("content");
    if (content instanceof String s) {
      return List.of(new ContentBlock.Text(s));
    }
    if (!(content instanceof List<?>)) {
      throw Fields.mustBe(m.path("content"), "a string or an array of content parts", content);
    }
    List<Object> parts = m.array("content");
    List<ContentBlock> blocks = new ArrayList<>(parts.size());
    for (int i = 0; i < parts.size(); i++) {
      blocks.add(part(Fields.element(parts.get(i), m.path("content") + "[" + i + "]")));
    }
    return blocks;
  }

  private static ContentBlock part(Fields p) {
    String type = p.requiredString("type");
    return switch (type) {
      case "text" -> new ContentBlock.Text(p.requiredString("text"));
      case "image_url" -> image(p.requiredObject("image_url"));
      default -> throw p.invalid("type", "must be one of text, image_url, got " + Fields.describe(type));
    };
  }

  private static ContentBlock.Image image(Fields img) {
    String url = img.requiredString("url");
    String detail = img.string("detail");
    if (!url.regionMatches(true, 0, DATA_URL_PREFIX, 0, DATA_URL_PREFIX.length())) {
      return new ContentBlock.Image(url, null, null, detail, null);
    }
    int marker = url.indexOf(BASE64_MARKER);
    String mediaType = marker < 0 ? "" : url.substring(DATA_URL_PREFIX.length(), marker).toLowerCase(Locale.ROOT);
    if (mediaType.isEmpty() || url.length() == marker + BASE64_MARKER.length()) {
      throw img.invalid("url", "must be an http(s) URL or a data URL of the form data:<media type>;base64,<data>");
    }
    return new ContentBlock.Image(null, mediaType, url.substring(marker + BASE64_MARKER.length()), detail, null);
  }
}
