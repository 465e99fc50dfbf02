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

  /** The body, or null when it is over the limit; reads at most limit + 1 bytes. */
  private byte[] readBody(Exchange ex) throws IOException {
    long declared = ex.request.getLength();
    if (declared > maxBodyBytes) {
      return null;
    }
    try (InputStream in = Content.Source.asInputStream(ex.request)) {
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
      return body.length > maxBodyBytes ? null : body;
    }
  }
}
