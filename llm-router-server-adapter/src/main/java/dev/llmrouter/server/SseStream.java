package dev.llmrouter.server;

import dev.llmrouter.Router;
import dev.llmrouter.StreamHandle;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.api.StreamListener;
import dev.llmrouter.wire.openai.ChatCompletionEncoder;
import dev.llmrouter.wire.openai.ChunkEncoder;
import dev.llmrouter.wire.openai.ErrorEncoder;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EofException;

/**
 * One streamed chat completion as server-sent events. Each router event is encoded and written (and flushed) on the
 * thread that delivers it, waiting for the write, so a slow client slows the upstream read and a client that went
 * away is noticed by the next write, which cancels the upstream call. The request's thread waits for the end of the
 * call: {@code data: [DONE]} after a success; an error before the first event is an ordinary JSON error response
 * (the router may still have fallen back), after it a last {@code data:} event with the error.
 *
 * <p>The call id and the deployment that streams are known at the first event and go out as headers; how the
 * whole call went (attempts, cost, overhead) is known only at its end and is sent as HTTP trailers to clients that
 * ask for them ({@code TE: trailers}).
 */
final class SseStream implements StreamListener {
  private static final String DONE = "data: [DONE]\n\n";

  private final Exchange ex;
  private final Router router;
  private final ChatRequest request;
  private final boolean includeUsage;
  private final long created;
  private final RoutingHeaders routing;
  private final DisconnectWatcher disconnects;
  private final Object lock = new Object();
  private ChunkEncoder encoder;
  private boolean started;
  private boolean finished;
  private boolean clientGone;
  private StreamHandle handle;
  private volatile ChatResponse result;

  SseStream(Exchange ex, Router router, ChatRequest request, boolean includeUsage, long created,
            RoutingHeaders routing, DisconnectWatcher disconnects) {
    this.ex = ex;
    this.router = router;
    this.request = request;
    this.includeUsage = includeUsage;
    this.created = created;
    this.routing = routing;
    this.disconnects = disconnects;
  }

  /** Runs the call to its end on the request's thread. */
  void run() throws IOException {
    ex.request.addFailureListener(failure -> clientGone());
    StreamHandle h = router.stream(request, this);
    synchronized (lock) {
      handle = h;
      lock.notifyAll();
      if (clientGone) {
        h.cancel();
      }
    }
    Throwable failure = null;
    try (DisconnectWatcher.Watch watch = disconnects.watch(ex.request, this::clientGone)) {
      result = h.completion().join();
    } catch (CompletionException | CancellationException e) {
      failure = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
    synchronized (lock) {
      finished = true;
      if (clientGone || failure instanceof CancellationException) {
        throw new EofException("the client closed the connection mid-stream");
      }
      if (failure == null) {
        ex.callId(result.callInfo() == null ? null : result.callInfo().callId());
        if (!started) {
          start(null);
        }
        ex.write(true, DONE);
      } else if (!started) {
        routing.writeFailure(failure, request.model(), ex.startNanos(), ex::header);
        ex.sendError(ErrorEncoder.encode(failure));
      } else {
        ex.write(true, "data: " + ChunkEncoder.errorEvent(failure) + "\n\n");
      }
    }
  }

  @Override
  public void onEvent(StreamEvent event) {
    synchronized (lock) {
      awaitHandle();
      if (finished || clientGone) {
        return;
      }
      if (encoder == null) {
        String id = event instanceof StreamEvent.MessageStart s && s.id() != null ? s.id() : UUID.randomUUID().toString();
        encoder = new ChunkEncoder(ChatCompletionEncoder.completionId(id), request.model(), created, includeUsage);
      }
      List<String> payloads = encoder.encode(event);
      if (payloads.isEmpty()) {
        return;
      }
      StringBuilder sb = new StringBuilder();
      for (String payload : payloads) {
        sb.append("data: ").append(payload).append("\n\n");
      }
      try {
        if (!started) {
          start(event);
        }
        ex.write(false, sb.toString());
      } catch (IOException e) {
        clientGone();
      }
    }
  }

  /** The first event may arrive before {@code router.stream} has returned the handle that names the call. */
  private void awaitHandle() {
    while (handle == null && !finished && !clientGone) {
      try {
        lock.wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void onError(LlmException error) {
    // the request's thread reports it, from the handle's completion
  }

  /** The client is gone: stop the upstream call. */
  private void clientGone() {
    StreamHandle h;
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

  private void start(StreamEvent first) {
    started = true;
    ex.response.setStatus(200);
    HttpFields.Mutable headers = ex.response.getHeaders();
    if (handle != null) {
      headers.put(RoutingHeaders.CALL_ID, handle.callId());
    }
    if (first instanceof StreamEvent.MessageStart s && s.deployment() != null) {
      routing.writeDeployment(s.deployment(), request.model(), headers::put);
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
