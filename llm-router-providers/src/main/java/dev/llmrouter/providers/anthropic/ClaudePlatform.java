package dev.llmrouter.providers.anthropic;

import java.util.Map;

/**
 * A cloud platform that serves Claude in Anthropic's Messages format under its own URLs and credentials, such as
 * Vertex AI ({@code rawPredict} / {@code streamRawPredict}). The body is Anthropic's, without {@code model} (the
 * URL names it) and with the platform's {@code anthropic_version} in it; the caller's {@code anthropic-beta}
 * header goes on as a header.
 */
public interface ClaudePlatform {
  /** The URL of a call ({@code stream} false) or of a stream. */
  String url(boolean stream);

  /** The body's {@code anthropic_version}, e.g. {@code vertex-2023-10-16}. */
  String anthropicVersion();

  /** The credential headers of one call (a bearer token, say); may block while a token is fetched. */
  Map<String, String> credentials();

  /** Removes the platform's secrets from a text that came back. */
  String mask(String text);
}
