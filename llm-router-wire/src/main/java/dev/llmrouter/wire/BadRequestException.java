package dev.llmrouter.wire;

/**
 * The client's request body is not a valid Chat Completions request. The message names the offending
 * field and says what is wrong with it; {@link #param()} is that field's path ({@code messages[1].role}),
 * or null when the body as a whole is at fault (invalid JSON).
 */
public final class BadRequestException extends RuntimeException {
  private final String param;

  public BadRequestException(String param, String message) {
    super(message);
    this.param = param;
  }

  /** The offending field's path, or null. */
  public String param() {
    return param;
  }
}
