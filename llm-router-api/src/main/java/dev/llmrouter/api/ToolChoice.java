package dev.llmrouter.api;

/**
 * Whether and which tool the model must call.
 *
 * @param toolName set only for {@link Mode#TOOL}
 */
public record ToolChoice(Mode mode, String toolName) {
  public enum Mode { AUTO, NONE, REQUIRED, TOOL }

  public ToolChoice {
    if ((mode == Mode.TOOL) != (toolName != null)) {
      throw new IllegalArgumentException("toolName is set exactly when mode is TOOL");
    }
  }

  public static ToolChoice auto() {
    return new ToolChoice(Mode.AUTO, null);
  }

  public static ToolChoice none() {
    return new ToolChoice(Mode.NONE, null);
  }

  public static ToolChoice required() {
    return new ToolChoice(Mode.REQUIRED, null);
  }

  public static ToolChoice tool(String name) {
    return new ToolChoice(Mode.TOOL, name);
  }
}
