package dev.llmrouter.server;

import dev.llmrouter.Router;
import dev.llmrouter.RouterCall;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.wire.StreamEncoder;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.eclipse.jetty.io.EofException;

/**
 * Runs a call for an endpoint, plain or streamed, the same way for every API: a client that disconnects cancels it,
 * routing headers go out, a failure is answered in the request's API's shape. The endpoint brings only its codecs.
 */
final class CallRunner {
  private final Router router;
  private final RoutingHeaders routing;
  private final DisconnectWatcher disconnects;
  private final ScheduledExecutorService keepAlives;
  private final Duration keepAliveInterval;

  CallRunner(Router router, DisconnectWatcher disconnects, ScheduledExecutorService keepAlives,
             Duration keepAliveInterval) {
    this.router = router;
    this.routing = new RoutingHeaders();
    this.disconnects = disconnects;
    this.keepAlives = keepAlives;
    this.keepAliveInterval = keepAliveInterval;
  }

  /** A plain call: the response encoded by {@code encoder} as a 200, or the failure. */
  void plain(Exchange ex, ChatRequest sent, Function<ChatResponse, String> encoder) throws IOException {
    ChatRequest request = withCaller(sent, ex);
    ChatResponse response;
    RouterCall call = router.newCall(request);
    try (DisconnectWatcher.Watch watch = disconnects.watch(ex.request, call::cancel)) {
      response = call.execute();
    } catch (CancellationException e) {
      throw new EofException("the client closed the connection before the answer");
    } catch (RuntimeException failure) {
      routing.writeFailure(failure, request.model(), ex.startNanos(), ex::header);
      ex.sendFailure(failure);
      return;
    }
    String json = encoder.apply(response);
    if (response.callInfo() != null) {
      ex.callId(response.callInfo().callId());
    }
    routing.write(response, ex.startNanos(), ex::header);
    ex.sendJson(200, json);
  }

  /** The request as the caller's: its principal, when it presented a tenant's key, and where it came in. */
  private static ChatRequest withCaller(ChatRequest request, Exchange ex) {
    ChatRequest.CallOptions options = request.options().withOrigin(new dev.llmrouter.api.Origin(
        ex.ingress().origin(), ex.request.getHeaders().get(org.eclipse.jetty.http.HttpHeader.USER_AGENT)));
    return request.withOptions(ex.principal() == null ? options : options.withPrincipal(ex.principal()));
  }

  /** A streamed call, as server-sent events written by {@code encoder}. */
  void stream(Exchange ex, ChatRequest request, StreamEncoder encoder) throws IOException {
    new SseStream(ex, router, withCaller(request, ex), encoder, routing, disconnects, keepAlives, keepAliveInterval).run();
  }
}
