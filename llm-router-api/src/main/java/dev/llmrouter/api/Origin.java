package dev.llmrouter.api;

/**
 * Where a call came in: which front door ({@code openai} for the proxy's Chat Completions API, {@code anthropic} for
 * its Messages API, {@code library} for a Java application's own call) and, over HTTP, the client's
 * {@code User-Agent}. Metrics label calls by the ingress; the audit log and the spend log keep both.
 *
 * @param ingress one of a few fixed names, never a caller's string
 * @param client  the client's {@code User-Agent} (at most 200 characters), or null
 */
public record Origin(String ingress, String client) {
  public static final Origin LIBRARY = new Origin("library", null);
  private static final int CLIENT_MAX = 200;

  public Origin {
    if (ingress == null || ingress.isBlank()) {
      throw new IllegalArgumentException("an origin needs its ingress");
    }
    if (client != null && client.length() > CLIENT_MAX) {
      client = client.substring(0, CLIENT_MAX);
    }
  }
}
