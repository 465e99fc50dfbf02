package dev.llmrouter.providers.internal;

import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.Usage;
import dev.llmrouter.wire.openai.OpenAiEmbeddings;
import java.util.ArrayList;
import java.util.List;

/** The answer of an embedding call as the pipeline carries it, whatever the provider's shape. */
public final class Embeddings {
  private Embeddings() {}

  /**
   * @param vectors     each a list of numbers (or base64 float32), in input order
   * @param inputTokens the provider's count, or 0 when it gives none (the router then counts)
   */
  public static ChatResponse answer(List<?> vectors, long inputTokens, String providerModel) {
    List<ContentBlock> blocks = new ArrayList<>();
    for (int i = 0; i < vectors.size(); i++) {
      blocks.add(new ContentBlock.Vector(i, OpenAiEmbeddings.vector(vectors.get(i))));
    }
    return new ChatResponse("embedding", null, null, providerModel, blocks, FinishReason.STOP, "stop",
        Usage.of(inputTokens, 0), null, null);
  }
}
