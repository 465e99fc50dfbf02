package dev.llmrouter.api;

/** Why the model stopped, normalised across providers; the provider's own word is kept beside it. */
public enum FinishReason {
  /** Natural end, or a stop sequence matched (OpenAI "stop"; Anthropic "end_turn", "stop_sequence"). */
  STOP,
  /** The output token limit was reached (OpenAI "length"; Anthropic "max_tokens"). */
  LENGTH,
  /** The model wants tools called (OpenAI "tool_calls"; Anthropic "tool_use"). */
  TOOL_CALLS,
  /** Output was withheld by a content filter (OpenAI "content_filter"; Anthropic "refusal"). */
  CONTENT_FILTER,
  /** Anthropic's "pause_turn": a long-running server tool turn was paused. */
  PAUSE,
  /** Anything else. */
  OTHER
}
