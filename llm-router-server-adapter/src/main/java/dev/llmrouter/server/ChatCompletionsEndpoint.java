package dev.llmrouter.server;

import dev.llmrouter.wire.BadRequestException;
import dev.llmrouter.wire.openai.ChatCompletionDecoder;
import dev.llmrouter.wire.openai.ChatCompletionEncoder;
import dev.llmrouter.wire.openai.DecodedRequest;
import dev.llmrouter.wire.openai.ErrorEncoder;
import dev.llmrouter.wire.openai.OpenAiStreamEncoder;
import java.io.IOException;
import java.time.Clock;

/** {@code POST /v1/chat/completions}: OpenAI's codecs around a call; streamed or not. */
final class ChatCompletionsEndpoint {
  private final BodyReader bodies;
  private final CallRunner calls;
  private final Clock clock;

  ChatCompletionsEndpoint(BodyReader bodies, CallRunner calls, Clock clock) {
    this.bodies = bodies;
    this.calls = calls;
    this.clock = clock;
  }

  void handle(Exchange ex) throws IOException {
    byte[] body = bodies.read(ex);
    if (body == null) {
      return;
    }
    DecodedRequest decoded;
    try {
      decoded = ChatCompletionDecoder.decode(body);
    } catch (BadRequestException e) {
      ex.sendError(ErrorEncoder.encode(e));
      return;
    }
    long created = clock.instant().getEpochSecond();
    if (decoded.stream()) {
      calls.stream(ex, decoded.request(), new OpenAiStreamEncoder(decoded.request().model(), created,
          decoded.includeUsage()));
    } else {
      calls.plain(ex, decoded.request(), response -> ChatCompletionEncoder.encode(response, created));
    }
  }
}
