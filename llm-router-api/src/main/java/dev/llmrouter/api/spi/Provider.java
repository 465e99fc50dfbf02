package dev.llmrouter.api.spi;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.StreamListener;

/**
 * One deployment's connection to a provider. The request's {@code model} is already the provider's model id.
 * Errors are thrown (or, for streams, delivered) as {@link LlmException} subclasses, so routing can act on them.
 * Implementations are thread-safe.
 */
public interface Provider extends AutoCloseable {

  /** A blocking chat call. */
  ChatResponse chat(ChatRequest request);

  /**
   * A blocking chat call that stops, and releases its upstream connection, when {@code signal} is raised. The
   * router always calls this one; providers that can abort a request in flight override it, and the default
   * ignores the signal.
   */
  default ChatResponse chat(ChatRequest request, CancelSignal signal) {
    return chat(request);
  }

  /**
   * Starts a streamed chat call and returns at once; events reach {@code listener} on another thread.
   * Exactly one of {@code onComplete} or {@code onError} ends the stream unless it is cancelled first.
   */
  Cancellable stream(ChatRequest request, StreamListener listener);

  /**
   * The input tokens of {@code request} by the provider's own count ({@code POST /v1/messages/count_tokens} for
   * Anthropic), without generating anything; empty when the provider has no such endpoint, and the router counts
   * locally instead.
   */
  default java.util.OptionalLong countTokens(ChatRequest request) {
    return java.util.OptionalLong.empty();
  }

  /** Releases connections and threads. */
  @Override
  void close();
}
