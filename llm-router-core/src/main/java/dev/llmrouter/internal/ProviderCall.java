package dev.llmrouter.internal;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.LlmTimeoutException;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.api.StreamListener;
import java.time.Duration;
import java.time.Instant;

/**
 * The end of the pipeline: the deployment's provider answers, on this thread (an embedding call is its
 * {@code embed}). A streamed call forwards each event
 * to the caller as it arrives and returns at the end of the stream; cancelling the call closes the upstream
 * connection. An attempt is given what is left of the call's time; a plain call no more than its deployment's
 * {@code timeout} (a stream is bounded per chunk by {@code stream_timeout} instead).
 */
final class ProviderCall implements Interceptor {

  @Override
  public ChatResponse intercept(Chain chain) {
    CallContext call = chain.call();
    Deployment d = call.deployment();
    Instant started = call.clock().instant();
    try {
      ChatRequest request = withAttemptTime(chain.request(), call, d);
      if (request.embedding() != null) {
        return d.provider().embed(request, call.cancelSignal());
      }
      return call.streaming()
          ? d.provider().streamBlocking(request, new Emitter(call), call.cancelSignal())
          : d.provider().chat(request, call.cancelSignal());
    } finally {
      call.addUpstreamTime(Duration.between(started, call.clock().instant()));
    }
  }

  /** The request with the attempt's time limit. */
  private static ChatRequest withAttemptTime(ChatRequest request, CallContext call, Deployment d) {
    Duration left = call.remaining();
    if (left.isNegative() || left.isZero()) {
      throw new LlmTimeoutException("no time left in the call's timeout for an attempt on deployment " + d.id(),
          0, null, null);
    }
    Duration own = d.config().settings().timeout();
    Duration limit = call.streaming() || left.compareTo(own) <= 0 ? left : own;
    return request.withOptions(new ChatRequest.CallOptions(request.options().bypassCache(), limit));
  }

  /** A stream's events, on to the call. */
  private record Emitter(CallContext call) implements StreamListener {
    @Override
    public void onEvent(StreamEvent event) {
      call.emit(event);
    }

    @Override
    public void onError(LlmException error) {
      // streamBlocking throws instead
    }
  }
}
