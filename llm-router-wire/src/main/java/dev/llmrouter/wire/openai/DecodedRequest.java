package dev.llmrouter.wire.openai;

import dev.llmrouter.api.ChatRequest;
import java.util.Objects;

/**
 * A decoded Chat Completions request body.
 *
 * @param request      the call to make
 * @param stream       the client asked for server-sent events ({@code "stream": true})
 * @param includeUsage the client streams and asked for a final usage chunk ({@code stream_options.include_usage})
 */
public record DecodedRequest(ChatRequest request, boolean stream, boolean includeUsage) {
  public DecodedRequest {
    Objects.requireNonNull(request, "request");
  }
}
