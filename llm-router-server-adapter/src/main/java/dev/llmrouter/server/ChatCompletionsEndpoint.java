package dev.llmrouter.server;

import dev.llmrouter.Router;
import dev.llmrouter.RouterCall;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.wire.BadRequestException;
import dev.llmrouter.wire.openai.ChatCompletionDecoder;
import dev.llmrouter.wire.openai.ChatCompletionEncoder;
import dev.llmrouter.wire.openai.DecodedRequest;
import dev.llmrouter.wire.openai.ErrorEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.io.Content;

/**
 * {@code POST /v1/chat/completions}: decode, route, encode; streamed or not. A client that disconnects cancels its
 * call: the router stops retrying and closes the upstream request.
 */
final class ChatCompletionsEndpoint {
  private final Router router;
  private final ParamPolicy params;

  private final long maxBodyBytes;
  private final Duration bodyTimeout;
  private final Clock clock;
  private final RoutingHeaders routing;
  private final DisconnectWatcher disconnects;

  ChatCompletionsEndpoint(Router router, ParamPolicy params, long maxBodyBytes, Duration bodyTimeout, Clock clock,
                          DisconnectWatcher disconnects) {
    this.router = router;
    this.params = params;
    this.maxBodyBytes = maxBodyBytes;
    this.bodyTimeout = bodyTimeout;
    this.clock = clock;
    this.routing = new RoutingHeaders(router.deployments());
    this.disconnects = disconnects;
  }

  void handle(Exchange ex) throws IOException {
    byte[] body;
    ex.readingBody(true);
    try {
      body = readBody(ex);
    } catch (IOException e) {
      if (!isTimeout(e)) {
        throw e; // the client went away mid-body: there is no one to answer
      }
      ex.header("Connection", "close");
      ex.bodyDone();
      ex.sendError(ErrorEncoder.requestTimeout(bodyTimeout.toSeconds()));
      return;
    } finally {
      ex.readingBody(false);
    }
    if (body == null) {
      ex.sendError(ErrorEncoder.payloadTooLarge(maxBodyBytes));
      return;
    }
    DecodedRequest decoded;
    ChatRequest request;
    try {
      decoded = ChatCompletionDecoder.decode(body);
      request = params.apply(decoded.request());
    } catch (BadRequestException e) {
      ex.sendError(ErrorEncoder.encode(e));
      return;
    }
    long created = clock.instant().getEpochSecond();
    if (decoded.stream()) {
      new SseStream(ex, router, request, decoded.includeUsage(), created, routing, disconnects).run();
      return;
    }
    ChatResponse response;
    RouterCall call = router.newCall(request);
    try (DisconnectWatcher.Watch watch = disconnects.watch(ex.request, call::cancel)) {
      response = call.execute();
    } catch (CancellationException e) {
      throw new EofException("the client closed the connection before the answer");
    } catch (RuntimeException failure) {
      routing.writeFailure(failure, request.model(), ex.startNanos(), ex::header);
      ex.sendError(ErrorEncoder.encode(failure));
      return;
    }
    String json = ChatCompletionEncoder.encode(response, created);
    if (response.callInfo() != null) {
      ex.callId(response.callInfo().callId());
    }
    routing.write(response, ex.startNanos(), ex::header);
    ex.sendJson(200, json);
  }

  private static boolean isTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }

  /** The body, or null when it is over the limit (then it has been read and dropped, see {@link Exchange#sendError}). */
  private byte[] readBody(Exchange ex) throws IOException {
    if (ex.request.getLength() <= maxBodyBytes) {
      InputStream in = Content.Source.asInputStream(ex.request);
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
      if (body.length <= maxBodyBytes) {
        ex.bodyDone();
        return body;
      }
    }
    ex.drainBody();
    return null;
  }
}
