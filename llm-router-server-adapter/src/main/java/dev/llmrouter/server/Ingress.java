package dev.llmrouter.server;

import dev.llmrouter.wire.HttpError;
import dev.llmrouter.wire.anthropic.AnthropicErrorEncoder;
import dev.llmrouter.wire.openai.ErrorEncoder;

/**
 * The API a request came in through, which decides the shape of every error it gets: OpenAI's for the Chat
 * Completions paths, Anthropic's under {@code /v1/messages} (and on any path the caller marks as an Anthropic client
 * with {@code anthropic-version}).
 */
enum Ingress {
  OPENAI {
    @Override
    HttpError failure(Throwable t) {
      return ErrorEncoder.encode(t);
    }

    @Override
    HttpError shape(HttpError error) {
      return error;
    }
  },
  ANTHROPIC {
    @Override
    HttpError failure(Throwable t) {
      return AnthropicErrorEncoder.encode(t);
    }

    @Override
    HttpError shape(HttpError error) {
      return AnthropicErrorEncoder.from(error);
    }
  };

  /** Its name in metrics and the audit log ({@link dev.llmrouter.api.Origin#ingress}). */
  String origin() {
    return this == ANTHROPIC ? "anthropic" : "openai";
  }

  /** The answer to a failed call. */
  abstract HttpError failure(Throwable t);

  /** An error the proxy itself raises (built in OpenAI's shape by {@link ErrorEncoder}) in this API's shape. */
  abstract HttpError shape(HttpError error);

  /** Which API a request speaks, from its path (without {@code /v1}) and, on shared paths, its headers. */
  static Ingress of(String path, String anthropicVersion) {
    if (path.equals("/messages") || path.startsWith("/messages/")) {
      return ANTHROPIC;
    }
    if (path.equals("/chat/completions")) {
      return OPENAI;
    }
    return anthropicVersion != null ? ANTHROPIC : OPENAI;
  }
}
