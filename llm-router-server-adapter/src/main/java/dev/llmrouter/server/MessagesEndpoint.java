package dev.llmrouter.server;

import dev.llmrouter.Router;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.wire.BadRequestException;
import dev.llmrouter.wire.anthropic.MessagesDecoder;
import dev.llmrouter.wire.anthropic.MessagesEncoder;
import dev.llmrouter.wire.anthropic.MessagesStreamEncoder;
import dev.llmrouter.wire.openai.ErrorEncoder;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;

/**
 * Anthropic's Messages API: {@code POST /v1/messages} (plain and streamed) and {@code POST /v1/messages/count_tokens}.
 * The caller's {@code anthropic-*} headers travel with the request, for an Anthropic upstream to receive verbatim.
 */
final class MessagesEndpoint {
  private final BodyReader bodies;
  private final CallRunner calls;
  private final Router router;

  MessagesEndpoint(BodyReader bodies, CallRunner calls, Router router) {
    this.bodies = bodies;
    this.calls = calls;
    this.router = router;
  }

  void messages(Exchange ex) throws IOException {
    MessagesDecoder.Decoded decoded = decode(ex, false);
    if (decoded == null) {
      return;
    }
    if (decoded.stream()) {
      calls.stream(ex, decoded.request(), new MessagesStreamEncoder(decoded.request().model()));
    } else {
      calls.plain(ex, decoded.request(), response -> MessagesEncoder.encode(response,
          response.model() == null ? decoded.request().model() : response.model()));
    }
  }

  /** Counted by the upstream where it can, else locally; never routed as a call, never billed. */
  void countTokens(Exchange ex) throws IOException {
    MessagesDecoder.Decoded decoded = decode(ex, true);
    if (decoded == null) {
      return;
    }
    long tokens;
    try {
      tokens = router.countTokens(decoded.request());
    } catch (LlmException e) {
      ex.sendFailure(e);
      return;
    }
    ex.sendJson(200, MessagesEncoder.tokenCount(tokens));
  }

  private MessagesDecoder.Decoded decode(Exchange ex, boolean countOnly) throws IOException {
    byte[] body = bodies.read(ex);
    if (body == null) {
      return null;
    }
    try {
      return MessagesDecoder.decode(body, anthropicHeaders(ex), countOnly);
    } catch (BadRequestException e) {
      ex.sendError(ErrorEncoder.encode(e));
      return null;
    }
  }

  /** Every {@code anthropic-*} header as sent (names lower-cased; repeated ones joined with commas). */
  static Map<String, String> anthropicHeaders(Exchange ex) {
    Map<String, String> out = new LinkedHashMap<>();
    for (HttpField field : ex.request.getHeaders()) {
      String name = field.getName().toLowerCase(Locale.ROOT);
      if (name.startsWith("anthropic-")) {
        out.merge(name, field.getValue(), (a, b) -> a + "," + b);
      }
    }
    return out;
  }
}
