package dev.llmrouter.api;

/**
 * Token counts of one call.
 *
 * <p>{@code inputTokens} is every prompt token, cached or not (OpenAI's {@code prompt_tokens});
 * {@code cacheReadTokens} and {@code cacheWriteTokens} are the parts of it read from and written to the
 * provider's prompt cache. Anthropic reports them apart ({@code input_tokens} excludes both), so its
 * mapper adds them up. {@code reasoningTokens} is the part of {@code outputTokens} spent thinking.
 */
public record Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
                    long reasoningTokens) {
  public static final Usage ZERO = new Usage(0, 0, 0, 0, 0);

  public Usage {
    if (inputTokens < 0 || outputTokens < 0 || cacheReadTokens < 0 || cacheWriteTokens < 0 || reasoningTokens < 0) {
      throw new IllegalArgumentException("token counts are never negative");
    }
  }

  public static Usage of(long inputTokens, long outputTokens) {
    return new Usage(inputTokens, outputTokens, 0, 0, 0);
  }

  public long totalTokens() {
    return inputTokens + outputTokens;
  }

  /** Input tokens that were neither read from nor written to the prompt cache. */
  public long uncachedInputTokens() {
    return Math.max(0, inputTokens - cacheReadTokens - cacheWriteTokens);
  }
}
