package dev.llmrouter.api;

import java.util.ArrayList;
import java.util.List;

/**
 * The vectors of an embedding call, in the order of its input.
 *
 * @param model         the alias that was requested
 * @param deployment    the deployment that served it
 * @param providerModel the model id the provider reports having used
 * @param vectors       one per input; not copied, and not to be changed
 * @param usage         the input tokens (an embedding has no output tokens)
 * @param cost          what the call cost, {@link Cost#unknown()} when no price is known
 * @param callInfo      how the router served it
 */
public record EmbeddingResponse(String model, String deployment, String providerModel, List<float[]> vectors,
                                Usage usage, Cost cost, CallInfo callInfo) {
  public EmbeddingResponse {
    vectors = List.copyOf(vectors);
  }

  /** The vectors of a response the pipeline carried, in input order. */
  public static EmbeddingResponse from(ChatResponse response) {
    List<ContentBlock.Vector> blocks = new ArrayList<>();
    for (ContentBlock b : response.content()) {
      if (b instanceof ContentBlock.Vector v) {
        blocks.add(v);
      }
    }
    blocks.sort(java.util.Comparator.comparingInt(ContentBlock.Vector::index));
    List<float[]> vectors = new ArrayList<>();
    blocks.forEach(v -> vectors.add(v.values()));
    return new EmbeddingResponse(response.model(), response.deployment(), response.providerModel(), vectors,
        response.usage(), response.cost(), response.callInfo());
  }
}
