package dev.llmrouter.server;

import dev.llmrouter.Router;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.server.openai.BadRequestException;
import dev.llmrouter.server.openai.ChatCompletionDecoder;
import dev.llmrouter.server.openai.ChatCompletionEncoder;
import dev.llmrouter.server.openai.DecodedRequest;
import dev.llmrouter.server.openai.ErrorEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import org.eclipse.jetty.io.Content;

/** {@code POST /v1/chat/completions}: decode, route, encode; streamed or not. */
final class ChatCompletionsEndpoint {
  private final Router router;
  private final ParamPolicy params;
  private static final long DRAIN_LIMIT = 16L * 1024 * 1024;

  private final long maxBodyBytes;
  private final Clock clock;
  private final RoutingHeaders routing;

  ChatCompletionsEndpoint(Router router, ParamPolicy params, long maxBodyBytes, Clock clock) {
    this.router = router;
    this.params = params;
    this.maxBodyBytes = maxBodyBytes;
    this.clock = clock;
    this.routing = new RoutingHeaders(router.deployments());
  }

  void handle(Exchange ex) throws IOException {
    byte[] body = readBody(ex);
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
      new SseStream(ex, router, request, decoded.includeUsage(), created, routing).run();
      return;
    }
    ChatResponse response;
    try {
      response = router.complete(request);
    } catch (RuntimeException e) {
      ex.sendError(ErrorEncoder.encode(e));
      return;
    }
    String json = ChatCompletionEncoder.encode(response, created);
    if (response.callInfo() != null) {
      ex.callId(response.callInfo().callId());
    }
    routing.write(response, ex.startNanos(), ex::header);
    ex.sendJson(200, json);
  }

  /**
   * The body, or null when it is over the limit. An oversized body is read and dropped (up to {@link #DRAIN_LIMIT})
   * before the 413 goes out: a server that closes a connection with unread bytes in it makes the client's TCP stack
   * reset the connection, and the client may never see the 413. Beyond that bound the connection is closed anyway.
   */
  private byte[] readBody(Exchange ex) throws IOException {
    try (InputStream in = Content.Source.asInputStream(ex.request)) {
      if (ex.request.getLength() <= maxBodyBytes) {
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
        if (body.length <= maxBodyBytes) {
          return body;
        }
      }
      byte[] sink = new byte[8192];
      long dropped = 0;
      for (int n; dropped <= DRAIN_LIMIT && (n = in.read(sink)) != -1; ) {
        dropped += n;
      }
      if (dropped > DRAIN_LIMIT) {
        ex.header("Connection", "close");
      }
      return null;
    }
  }
}
