package dev.llmrouter.api;

/** Who wrote a message. {@link #DEVELOPER} is OpenAI's newer name for a system message. */
public enum Role {
  SYSTEM, DEVELOPER, USER, ASSISTANT, TOOL;

  public boolean isSystem() {
    return this == SYSTEM || this == DEVELOPER;
  }
}
