package dev.llmrouter.server;

import dev.llmrouter.wire.BadRequestException;
import dev.llmrouter.wire.openai.ChatCompletionDecoder;
import dev.llmrouter.wire.openai.ChatCompletionEncoder;
import dev.llmrouter.wire.openai.DecodedRequest;
import dev.llmrouter.wire.openai.ErrorEncoder;
import dev.llmrouter.wire.openai.OpenAiStreamEncoder;
import java.io.IOException;
import java.time.Clock;

/**
 * {@code POST /v1/chat/completions}, streamed or not, and {@code POST /v1/embeddings}: OpenAI's codecs around a call.
 */
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

  /** An embedding call: {@code float} or {@code base64} vectors, as the caller asked. */
  void embeddings(Exchange ex) throws IOException {
    byte[] body = bodies.read(ex);
    if (body == null) {
      return;
    }
    dev.llmrouter.api.ChatRequest request;
    boolean base64;
    try {
      if (!(dev.llmrouter.wire.JsonIo.parseOrNull(new String(body, java.nio.charset.StandardCharsets.UTF_8))
          instanceof java.util.Map<?, ?> json)) {
        throw new dev.llmrouter.api.InvalidRequestException("the body must be a JSON object", 400, null, null);
      }
      request = dev.llmrouter.wire.openai.OpenAiEmbeddings.fromRequest(json, null);
      base64 = dev.llmrouter.wire.openai.OpenAiEmbeddings.base64(json);
    } catch (dev.llmrouter.api.InvalidRequestException e) {
      ex.sendFailure(e);
      return;
    }
    String model = request.model();
    calls.plain(ex, request, response -> dev.llmrouter.wire.openai.OpenAiEmbeddings.encode(
        dev.llmrouter.api.EmbeddingResponse.from(response), model, base64));
  }
}
