package dev.llmrouter.providers.anthropic;

import dev.llmrouter.api.LlmException;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A cloud platform that serves Claude in Anthropic's Messages format under its own URLs and credentials: Vertex AI
 * ({@code rawPredict} / {@code streamRawPredict}) and Amazon Bedrock ({@code invoke} /
 * {@code invoke-with-response-stream}). The body is Anthropic's, without {@code model} (the URL names it) and with
 * the platform's {@code anthropic_version} in it.
 */
public interface ClaudePlatform {
  /** The URL of a call ({@code stream} false) or of a stream. */
  String url(boolean stream);

  /** The body's {@code anthropic_version}, e.g. {@code vertex-2023-10-16}. */
  String anthropicVersion();

  /**
   * The credential headers of one request, which may sign it (its URL, its other headers and its body); may block
   * while a token is fetched.
   */
  Map<String, String> credentials(String url, Map<String, String> headers, byte[] body);

  /** Removes the platform's secrets from a text that came back. */
  String mask(String text);

  /**
   * Whether the betas go in the body as {@code anthropic_beta} (Bedrock) rather than as the {@code anthropic-beta}
   * header (Vertex), and then whether the body says nothing of {@code stream} (the URL does).
   */
  default boolean betasInBody() {
    return false;
  }

  /** Whether a beta the caller asked for goes on; the deployment's own {@code anthropic_beta} always does. */
  default boolean takesBeta(String beta) {
    return true;
  }

  /** Whether the stream is AWS event-stream frames of base64 events (Bedrock) rather than server-sent events. */
  default boolean eventStream() {
    return false;
  }

  /**
   * The platform's own error for a response that is not 2xx, or null for Anthropic's reading of it.
   *
   * @param header the response's headers by name
   */
  default LlmException error(int status, UnaryOperator<String> header, String body) {
    return null;
  }
}
