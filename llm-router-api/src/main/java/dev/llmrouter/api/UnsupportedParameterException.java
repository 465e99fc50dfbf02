package dev.llmrouter.api;

/** The request uses a parameter or feature that no deployment able to serve it accepts; {@link #param()} names it. */
public class UnsupportedParameterException extends InvalidRequestException {
  private final String param;

  public UnsupportedParameterException(String param, String message) {
    super(message, 400, null, null);
    this.param = param;
  }

  /** The request field at fault, as the caller's wire format names it ({@code frequency_penalty}, {@code tools}). */
  public String param() {
    return param;
  }
}
