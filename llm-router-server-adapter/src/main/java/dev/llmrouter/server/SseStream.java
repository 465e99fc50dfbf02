package dev.llmrouter.server;

import dev.llmrouter.Router;
import dev.llmrouter.RouterCall;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.api.StreamListener;
import dev.llmrouter.wire.StreamEncoder;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EofException;

/**
 * One streamed call as server-sent events, in the format of the {@link StreamEncoder} given (OpenAI's chunks or
 * Anthropic's events). Each router event is encoded and written (and flushed) on the thread that delivers it, waiting
 * for the write, so a slow client slows the upstream read and a client that went away is noticed by the next write,
 * which cancels the upstream call. The request's thread waits for the end of the call: the encoder's end after a
 * success; an error before the first event is an ordinary error response in the request's API's shape (the router
 * may still have fallen back), after it a last error event. Once the stream has begun, a silence longer than the
 * keep-alive interval gets a keep-alive event (Anthropic's {@code ping}), so that clients that drop a silent stream
 * (Claude Code, after 300 s) wait out a slow upstream.
 *
 * <p>The call id and the deployment that streams are known at the first event and go out as headers; how the
 * whole call went (attempts, cost, overhead) is known only at its end and is sent as HTTP trailers to clients that
 * ask for them ({@code TE: trailers}).
 */
final class SseStream implements StreamListener {
  private final Exchange ex;
  private final Router router;
  private final ChatRequest request;
  private final StreamEncoder encoder;
  private final RoutingHeaders routing;
  private final DisconnectWatcher disconnects;
  private final ScheduledExecutorService keepAlives;
  private final long keepAliveNanos;
  private final Object lock = new Object();
  private ScheduledFuture<?> keepAlive;
  private long lastWrite;
  private boolean started;
  private boolean finished;
  private boolean clientGone;
  private RouterCall handle;
  private volatile ChatResponse result;

  SseStream(Exchange ex, Router router, ChatRequest request, StreamEncoder encoder, RoutingHeaders routing,
            DisconnectWatcher disconnects, ScheduledExecutorService keepAlives, Duration keepAliveInterval) {
    this.ex = ex;
    this.router = router;
    this.request = request;
    this.encoder = encoder;
    this.routing = routing;
    this.disconnects = disconnects;
    this.keepAlives = keepAlives;
    this.keepAliveNanos = keepAliveInterval.toNanos();
  }

  /** Runs the call to its end on the request's thread. */
  void run() throws IOException {
    ex.request.addFailureListener(failure -> clientGone());
    RouterCall call = router.newStreamCall(request, this);
    synchronized (lock) {
      handle = call;
      if (clientGone) {
        call.cancel();
      }
    }
    Throwable failure = null;
    try (DisconnectWatcher.Watch watch = disconnects.watch(ex.request, this::clientGone)) {
      result = call.execute(); // on this thread: the request's thread waits for the call's end anyway
    } catch (RuntimeException e) {
      failure = e;
    }
    synchronized (lock) {
      finished = true;
      if (keepAlive != null) {
        keepAlive.cancel(false);
      }
      if (clientGone || failure instanceof CancellationException) {
        throw new EofException("the client closed the connection mid-stream");
      }
      if (failure == null) {
        ex.callId(result.callInfo() == null ? null : result.callInfo().callId());
        if (!started) {
          start(null);
        }
        ex.write(true, encoder.end());
      } else if (!started) {
        routing.writeFailure(failure, request.model(), ex.startNanos(), ex::header);
        ex.sendFailure(failure);
      } else {
        ex.write(true, encoder.error(failure));
      }
    }
  }

  @Override
  public void onEvent(StreamEvent event) {
    synchronized (lock) {
      if (finished || clientGone) {
        return;
      }
      String text = encoder.encode(event);
      if (text.isEmpty()) {
        return;
      }
      try {
        boolean first = !started;
        if (first) {
          start(event);
        }
        ex.write(false, text);
        lastWrite = System.nanoTime();
        if (first) { // after the first write, which this would delay
          long period = Math.max(1, keepAliveNanos / 2);
          keepAlive = keepAlives.scheduleAtFixedRate(this::keepAlive, period, period, TimeUnit.NANOSECONDS);
        }
      } catch (IOException e) {
        clientGone();
      }
    }
  }

  @Override
  public void onError(LlmException error) {
    // not called for a call executed on the request's thread: execute() throws instead
  }

  /** The client is gone: stop the upstream call. */
  private void clientGone() {
    RouterCall h;
    synchronized (lock) {
      if (finished) {
        return;
      }
      clientGone = true;
      h = handle;
    }
    if (h != null) {
      h.cancel();
    }
  }

  /** Sends a keep-alive when nothing was written for the interval; on the keep-alive thread. */
  private void keepAlive() {
    synchronized (lock) {
      if (finished || clientGone || System.nanoTime() - lastWrite < keepAliveNanos) {
        return;
      }
      try {
        ex.write(false, encoder.keepAlive());
        lastWrite = System.nanoTime();
        return;
      } catch (IOException e) {
        // the client is gone: cancel below, outside the lock
      }
    }
    clientGone();
  }

  private void start(StreamEvent first) {
    started = true;
    ex.response.setStatus(200);
    HttpFields.Mutable headers = ex.response.getHeaders();
    if (handle != null) {
      headers.put(RoutingHeaders.CALL_ID, handle.callId());
      dev.llmrouter.wire.RateLimitHeaders.write(handle.rateLimits(), headers::put);
    }
    if (first instanceof StreamEvent.MessageStart s && s.deployment() != null) {
      routing.writeDeployment(s.deployment(), s.alias(), headers::put);
    }
    headers.put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    headers.put(HttpHeader.CACHE_CONTROL, "no-cache");
    headers.put("X-Accel-Buffering", "no");
    String te = ex.request.getHeaders().get(HttpHeader.TE);
    if (te != null && te.toLowerCase(Locale.ROOT).contains("trailers")) {
      ex.response.setTrailersSupplier(() -> {
        ChatResponse r = result;
        if (r == null) {
          return null;
        }
        HttpFields.Mutable trailers = HttpFields.build();
        routing.write(r, ex.startNanos(), trailers::put);
        return trailers;
      });
    }
  }
}
