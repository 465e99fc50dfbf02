package dev.llmrouter.api;

import java.util.Objects;

/**
 * One event of a streamed answer. The sequence is Anthropic-shaped, which is the richer of the two:
 * <pre>
 * MessageStart
 *   (BlockStart (TextDelta | ToolArgumentsDelta | ThinkingDelta | SignatureDelta)* BlockStop)*
 * MessageDelta   -- finish reason and final usage, exactly once
 * MessageStop
 * </pre>
 * Providers without explicit blocks (OpenAI) synthesise the block events. Either wire format can be
 * re-emitted from it: OpenAI's {@code chat.completion.chunk}s by mapping deltas to choice deltas, or
 * Anthropic's events one for one.
 */
public sealed interface StreamEvent {

  enum BlockType { TEXT, TOOL_CALL, THINKING, REDACTED_THINKING }

  /**
   * The answer begins.
   *
   * @param usage      what the provider counted at the start (input and prompt-cache tokens; Anthropic sends them
   *                   here), or {@link Usage#ZERO}; the final counts come in {@link MessageDelta}
   * @param deployment the deployment streaming it; providers leave it null and the router fills it in
   * @param alias      the alias ({@code model_name}) that deployment serves, which differs from the requested one
   *                   after a fallback; filled in by the router like {@code deployment}
   */
  record MessageStart(String id, String providerModel, Usage usage, String deployment, String alias)
      implements StreamEvent {
    public MessageStart {
      usage = usage == null ? Usage.ZERO : usage;
    }

    public MessageStart(String id, String providerModel) {
      this(id, providerModel, Usage.ZERO, null, null);
    }

    public MessageStart(String id, String providerModel, Usage usage) {
      this(id, providerModel, usage, null, null);
    }

    public MessageStart withRouting(String deploymentId, String servingAlias) {
      return new MessageStart(id, providerModel, usage, deploymentId, servingAlias);
    }
  }

  /**
   * The provider says it is still there (Anthropic's {@code ping}); also what a gateway may send during a silent
   * gap. Carries no content.
   */
  record Ping() implements StreamEvent {}

  /**
   * A content block opens at {@code index} (0-based, in order).
   *
   * @param toolCallId   TOOL_CALL only
   * @param toolName     TOOL_CALL only
   * @param redactedData REDACTED_THINKING only
   */
  record BlockStart(int index, BlockType type, String toolCallId, String toolName, String redactedData)
      implements StreamEvent {
    public BlockStart {
      Objects.requireNonNull(type, "type");
    }

    public static BlockStart text(int index) {
      return new BlockStart(index, BlockType.TEXT, null, null, null);
    }

    public static BlockStart toolCall(int index, String id, String name) {
      return new BlockStart(index, BlockType.TOOL_CALL, id, name, null);
    }

    public static BlockStart thinking(int index) {
      return new BlockStart(index, BlockType.THINKING, null, null, null);
    }
  }

  record TextDelta(int index, String text) implements StreamEvent {}

  /** A fragment of a tool call's arguments JSON; the fragments concatenate to the whole. */
  record ToolArgumentsDelta(int index, String partialJson) implements StreamEvent {}

  record ThinkingDelta(int index, String thinking) implements StreamEvent {}

  record SignatureDelta(int index, String signature) implements StreamEvent {}

  record BlockStop(int index) implements StreamEvent {}

  /** The answer's end state: why it stopped, and the final usage. */
  record MessageDelta(FinishReason finishReason, String rawFinishReason, Usage usage) implements StreamEvent {}

  record MessageStop() implements StreamEvent {}
}
