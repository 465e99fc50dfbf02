package dev.llmrouter.api;

/**
 * A request wire format: the one a call arrived in, and the ones a provider speaks. Fields a request carries that the
 * API records don't model ({@link ChatRequest#extra()}) belong to a dialect; only a provider of the same dialect can
 * take them as they are.
 */
public enum Dialect {
  /** OpenAI's Chat Completions ({@code POST /v1/chat/completions}), spoken by every OpenAI-compatible server. */
  OPENAI,
  /** Anthropic's Messages API ({@code POST /v1/messages}). */
  ANTHROPIC
}
