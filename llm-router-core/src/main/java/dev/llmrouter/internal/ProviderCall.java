package dev.llmrouter.internal;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.LlmTimeoutException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.api.StreamListener;
import dev.llmrouter.api.spi.Cancellable;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The end of the pipeline: the deployment's provider answers. A streamed call forwards each event to the caller
 * as it arrives and waits for the end of the stream; cancelling the call closes the upstream connection. A
 * blocking call is given its deployment's timeout, or what is left of the call's when that is less.
 */
final class ProviderCall implements Interceptor {

  @Override
  public ChatResponse intercept(Chain chain) {
    CallContext call = chain.call();
    Deployment d = call.deployment();
    Instant started = call.clock().instant();
    try {
      return call.streaming() ? stream(chain, d) : d.provider().chat(withRemainingTime(chain.request(), call, d),
          call.cancelSignal());
    } finally {
      call.addUpstreamTime(Duration.between(started, call.clock().instant()));
    }
  }

  /** The request with the attempt's time limit: the deployment's timeout, or less when the call has less left. */
  private static ChatRequest withRemainingTime(ChatRequest request, CallContext call, Deployment d) {
    Duration left = call.remaining();
    if (left.isNegative() || left.isZero()) {
      throw new LlmTimeoutException("no time left in the call's timeout for an attempt on deployment " + d.id(),
          0, null, null);
    }
    Duration own = d.config().settings().timeout();
    return request.withOptions(new ChatRequest.CallOptions(request.options().bypassCache(),
        own.compareTo(left) < 0 ? own : left));
  }

  private static ChatResponse stream(Chain chain, Deployment d) {
    CallContext call = chain.call();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    Cancellable upstream = d.provider().stream(chain.request(), new StreamListener() {
      @Override
      public void onEvent(StreamEvent event) {
        call.emit(event);
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
    call.upstream(() -> {
      upstream.cancel();
      done.cancel(false);
    });
    long waitMillis = Math.max(1, call.remaining().toMillis());
    try {
      return done.get(waitMillis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof LlmException le) {
        throw le;
      }
      throw new ProviderUnavailableException("stream of deployment " + d.id() + " failed: " + e.getCause(), 0, null,
          e.getCause());
    } catch (TimeoutException e) {
      upstream.cancel();
      throw new LlmTimeoutException("stream of deployment " + d.id() + " did not finish within the call's timeout",
          0, null, e);
    } catch (InterruptedException e) {
      upstream.cancel();
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted");
    }
  }
}
