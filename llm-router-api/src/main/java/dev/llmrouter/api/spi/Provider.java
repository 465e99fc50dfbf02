package dev.llmrouter.api.spi;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.LlmTimeoutException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.api.StreamListener;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
   * An embedding call ({@code request.embedding()} is set): the answer's content is one
   * {@link dev.llmrouter.api.ContentBlock.Vector} per input, its usage the input tokens. The default refuses it: a
   * provider without embeddings.
   */
  default ChatResponse embed(ChatRequest request, CancelSignal signal) {
    throw new dev.llmrouter.api.UnsupportedParameterException("input", "this provider does not serve embeddings ("
        + request.model() + ")");
  }

  /**
   * Starts a streamed chat call and returns at once; events reach {@code listener} on another thread.
   * Exactly one of {@code onComplete} or {@code onError} ends the stream unless it is cancelled first.
   */
  Cancellable stream(ChatRequest request, StreamListener listener);

  /**
   * A streamed chat call on the calling thread: each event reaches {@code listener.onEvent} on this thread as it
   * arrives, and the method returns the whole answer when the stream has ended, or throws the
   * {@link LlmException} that ended it ({@code onComplete} and {@code onError} are not called). It stops, and
   * releases its upstream connection, when {@code signal} is raised, and gives up after the request's
   * {@code options().timeout()} when one is set. The router always calls this one. The default starts
   * {@link #stream} and waits for it; providers that can read a stream on the caller's thread override it, which
   * saves a hand-off between threads before the first event.
   */
  default ChatResponse streamBlocking(ChatRequest request, StreamListener listener, CancelSignal signal) {
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    Cancellable upstream = stream(request, new StreamListener() {
      @Override
      public void onEvent(StreamEvent event) {
        listener.onEvent(event);
      }

      @Override
      public void onComplete(ChatResponse response) {
        done.complete(response);
      }

      @Override
      public void onError(LlmException error) {
        done.completeExceptionally(error);
      }
    });
    signal.onCancel(() -> {
      upstream.cancel();
      done.cancel(false);
    });
    Duration timeout = request.options().timeout();
    try {
      return timeout == null ? done.get() : done.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof LlmException le) {
        throw le;
      }
      throw new ProviderUnavailableException("the stream failed: " + e.getCause(), 0, null, e.getCause());
    } catch (TimeoutException e) {
      upstream.cancel();
      throw new LlmTimeoutException("the stream did not finish within " + timeout, 0, null, e);
    } catch (InterruptedException e) {
      upstream.cancel();
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted");
    }
  }

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
