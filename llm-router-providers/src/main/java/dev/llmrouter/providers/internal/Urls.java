package dev.llmrouter.providers.internal;

/** Joining a configured base URL with an endpoint path. */
public final class Urls {
  private Urls() {}

  /** {@code join("http://h/v1/", "/chat/completions")} is {@code "http://h/v1/chat/completions"}. */
  public static String join(String base, String path) {
    String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    String p = path.startsWith("/") ? path : "/" + path;
    return b + p;
  }
}
