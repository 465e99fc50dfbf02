package dev.llmrouter.api;

import java.util.List;
import java.util.Objects;

/**
 * An embedding call: {@code input}'s texts, one vector each, by the model {@code model} names. It takes the router's
 * whole path, as a chat call does: the caller's tenant, limits and budget, the response cache, routing with retries
 * and fallbacks, the price of its input tokens and the ledger.
 *
 * @param dimensions the vectors' length, where the model can shorten them (OpenAI's text-embedding-3, Gemini's,
 *                   Cohere's v4, Titan v2), or null for the model's own
 * @param user       the end user, as OpenAI's {@code user}, or null
 * @param options    how the router treats the call (cache use, timeout, who is calling); never sent upstream
 */
public record EmbeddingRequest(String model, List<String> input, Integer dimensions, String user,
                               ChatRequest.CallOptions options) {
  public EmbeddingRequest {
    Objects.requireNonNull(model, "model");
    input = List.copyOf(input);
    options = options == null ? ChatRequest.CallOptions.DEFAULT : options;
  }

  public static EmbeddingRequest of(String model, String... input) {
    return new EmbeddingRequest(model, List.of(input), null, null, null);
  }

  /** The call as the router's pipeline carries it. */
  public ChatRequest toCall() {
    return ChatRequest.ofEmbedding(model, input, dimensions, user, options);
  }
}
