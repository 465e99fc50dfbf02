package dev.llmrouter.api;

import java.util.List;
import java.util.Objects;

/**
 * One turn of a conversation. A system or developer message may stand anywhere in the list; providers
 * that only take a separate system prompt (Anthropic) lift it out.
 *
 * @param name OpenAI's optional participant name, else null
 */
public record Message(Role role, List<ContentBlock> content, String name) {
  public Message {
    Objects.requireNonNull(role, "role");
    content = List.copyOf(content);
  }

  public Message(Role role, List<ContentBlock> content) {
    this(role, content, null);
  }

  public static Message system(String text) {
    return new Message(Role.SYSTEM, List.of(new ContentBlock.Text(text)));
  }

  public static Message user(String text) {
    return new Message(Role.USER, List.of(new ContentBlock.Text(text)));
  }

  public static Message assistant(String text) {
    return new Message(Role.ASSISTANT, List.of(new ContentBlock.Text(text)));
  }

  /** The text blocks joined; tool calls, images and thinking are left out. */
  public String text() {
    StringBuilder sb = new StringBuilder();
    for (ContentBlock block : content) {
      if (block instanceof ContentBlock.Text t) {
        sb.append(t.text());
      }
    }
    return sb.toString();
  }
}
