package dev.llmrouter.wire.openai;

import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.wire.StreamEncoder;
import java.util.List;
import java.util.UUID;

/**
 * A streamed answer as Chat Completions chunks ({@code data: {...}} events, then {@code data: [DONE]}), through
 * {@link ChunkEncoder}, which is made at the first event: the chunks' id and model come from the
 * {@link StreamEvent.MessageStart} (the alias that serves). Not thread-safe.
 */
public final class OpenAiStreamEncoder implements StreamEncoder {
  private final String requestedModel;
  private final long created;
  private final boolean includeUsage;
  private ChunkEncoder chunks;

  public OpenAiStreamEncoder(String requestedModel, long created, boolean includeUsage) {
    this.requestedModel = requestedModel;
    this.created = created;
    this.includeUsage = includeUsage;
  }

  @Override
  public String encode(StreamEvent event) {
    if (event instanceof StreamEvent.Ping) {
      return ""; // OpenAI's streams have none; a client that reads data: lines only is better off without
    }
    if (chunks == null) {
      StreamEvent.MessageStart start = event instanceof StreamEvent.MessageStart s ? s : null;
      String id = start != null && start.id() != null ? start.id() : UUID.randomUUID().toString();
      String model = start != null && start.alias() != null ? start.alias() : requestedModel;
      chunks = new ChunkEncoder(ChatCompletionEncoder.completionId(id), model, created, includeUsage);
    }
    List<String> payloads = chunks.encode(event);
    StringBuilder sb = new StringBuilder();
    for (String payload : payloads) {
      sb.append("data: ").append(payload).append("\n\n");
    }
    return sb.toString();
  }

  @Override
  public String error(Throwable failure) {
    return "data: " + ChunkEncoder.errorEvent(failure) + "\n\n";
  }

  @Override
  public String end() {
    return "data: [DONE]\n\n";
  }

  /** An SSE comment, which SSE parsers skip: only sent after a long silence, when the alternative is a dropped stream. */
  @Override
  public String keepAlive() {
    return ": ping\n\n";
  }
}
