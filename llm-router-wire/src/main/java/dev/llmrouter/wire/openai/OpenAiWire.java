package dev.llmrouter.wire.openai;

import com.squareup.moshi.Json;
import java.util.List;

/**
 * OpenAI Chat Completions response shapes, read with Moshi. A non-streamed {@code chat.completion} and a
 * streamed {@code chat.completion.chunk} share {@link Completion}: choices carry {@code message} in the one
 * and {@code delta} in the other. Unknown fields are ignored; polymorphic fields are {@code Object}. (The
 * request is built as JSON-like values by {@link OpenAiMapper}, so that {@code extra} can be merged in.)
 * The records are public only so that Moshi may construct them.
 */
public final class OpenAiWire {
  private OpenAiWire() {}

  /** {@code error} is set instead of {@code choices} when a server reports a failure in a 200 body or stream. */
  public record Completion(String id, String model, List<Choice> choices, WireUsage usage, Object error) {}

  public record Choice(Integer index, WireMessage message, WireMessage delta,
                       @Json(name = "finish_reason") String finishReason) {}

  /**
   * @param content          a string, null, or (some compatible servers) an array of text parts
   * @param reasoningContent DeepSeek / vLLM / Groq reasoning text
   * @param reasoning        OpenRouter's reasoning text (a string) or something else we ignore
   */
  public record WireMessage(String role, Object content,
                            @Json(name = "reasoning_content") String reasoningContent,
                            Object reasoning, String refusal,
                            @Json(name = "tool_calls") List<WireToolCall> toolCalls) {}

  /** In a chunk, {@code index} says which call a fragment belongs to; {@code id} and the name come once. */
  public record WireToolCall(Integer index, String id, String type, WireFunction function) {}

  public record WireFunction(String name, String arguments) {}

  /** {@code prompt_cache_hit_tokens} is DeepSeek's name for cached prompt tokens. */
  public record WireUsage(@Json(name = "prompt_tokens") Long promptTokens,
                          @Json(name = "completion_tokens") Long completionTokens,
                          @Json(name = "prompt_tokens_details") PromptDetails promptTokensDetails,
                          @Json(name = "completion_tokens_details") CompletionDetails completionTokensDetails,
                          @Json(name = "prompt_cache_hit_tokens") Long promptCacheHitTokens) {}

  public record PromptDetails(@Json(name = "cached_tokens") Long cachedTokens) {}

  public record CompletionDetails(@Json(name = "reasoning_tokens") Long reasoningTokens) {}
}
