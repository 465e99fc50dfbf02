package dev.llmrouter.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A model's answer.
 *
 * @param id                the provider's response id
 * @param model             the alias that was requested
 * @param deployment        the deployment that served it ({@code model_info.id} or a generated one)
 * @param providerModel     the model id the provider reports having used
 * @param finishReason      normalised
 * @param rawFinishReason   the provider's own word ("end_turn", "tool_calls", ...)
 * @param cost              {@link Cost#unknown()} until the router prices it
 * @param callInfo          filled in by the router; null straight from a provider
 */
public record ChatResponse(
    String id,
    String model,
    String deployment,
    String providerModel,
    List<ContentBlock> content,
    FinishReason finishReason,
    String rawFinishReason,
    Usage usage,
    Cost cost,
    CallInfo callInfo) {

  public ChatResponse {
    Objects.requireNonNull(id, "id");
    content = List.copyOf(content);
    finishReason = finishReason == null ? FinishReason.OTHER : finishReason;
    usage = usage == null ? Usage.ZERO : usage;
    cost = cost == null ? Cost.unknown() : cost;
  }

  /** The text blocks joined. */
  public String text() {
    StringBuilder sb = new StringBuilder();
    for (ContentBlock block : content) {
      if (block instanceof ContentBlock.Text t) {
        sb.append(t.text());
      }
    }
    return sb.toString();
  }

  public List<ContentBlock.ToolCall> toolCalls() {
    List<ContentBlock.ToolCall> calls = new ArrayList<>();
    for (ContentBlock block : content) {
      if (block instanceof ContentBlock.ToolCall c) {
        calls.add(c);
      }
    }
    return calls;
  }

  public ChatResponse withRouting(String alias, String deploymentId) {
    return new ChatResponse(id, alias, deploymentId, providerModel, content, finishReason, rawFinishReason, usage,
        cost, callInfo);
  }

  public ChatResponse withCost(Cost newCost) {
    return new ChatResponse(id, model, deployment, providerModel, content, finishReason, rawFinishReason, usage,
        newCost, callInfo);
  }

  public ChatResponse withCallInfo(CallInfo info) {
    return new ChatResponse(id, model, deployment, providerModel, content, finishReason, rawFinishReason, usage,
        cost, info);
  }
}
