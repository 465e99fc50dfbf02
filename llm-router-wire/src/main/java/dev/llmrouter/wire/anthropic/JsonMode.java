package dev.llmrouter.wire.anthropic;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.ResponseFormat;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.api.StreamEvent.BlockType;
import dev.llmrouter.api.Tool;
import dev.llmrouter.api.ToolChoice;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON mode for a provider that has none: Anthropic's documented way to get JSON is a tool whose input schema is
 * the wanted schema, with the model told to use it. {@link #rewrite} turns a request's {@code responseFormat}
 * into that tool; the answer's call of it comes back as the text of the response, so callers see what OpenAI's
 * JSON mode gives them.
 *
 * <p>Which tool choice is sent: with no tools of the caller's (or {@code tool_choice: none}) the JSON tool is
 * forced; with the caller's tools and {@code auto}, {@code required} or no choice, the model must call a tool,
 * one of which is the JSON answer; a choice of one named tool is kept. With extended thinking Anthropic allows only
 * {@code auto}, so the model is then asked, not forced.
 */
public final class JsonMode {
  public static final String TOOL_NAME = "json_response";

  private JsonMode() {}

  /** Whether the request asks for JSON. */
  public static boolean wanted(ChatRequest request) {
    ResponseFormat f = request.responseFormat();
    return f != null && f.type() != ResponseFormat.Type.TEXT;
  }

  /** The request with its response format replaced by the JSON tool; unchanged when it doesn't ask for JSON. */
  public static ChatRequest rewrite(ChatRequest request) {
    if (!wanted(request)) {
      return request;
    }
    if (request.tools().stream().anyMatch(t -> t.name().equals(TOOL_NAME))) {
      throw new InvalidRequestException("a tool named '" + TOOL_NAME + "' can't be combined with response_format "
          + "for Anthropic: the name is used for the JSON answer");
    }
    ResponseFormat f = request.responseFormat();
    Map<String, Object> schema = f.type() == ResponseFormat.Type.JSON_SCHEMA && !f.schema().isEmpty()
        ? f.schema() : Map.of("type", "object");
    String description = "Give your final answer by calling this tool; its input is the answer, a JSON object"
        + (f.type() == ResponseFormat.Type.JSON_SCHEMA ? " named '" + f.name() + "' that matches the schema." : ".");
    List<Tool> tools = new ArrayList<>(request.tools());
    tools.add(new Tool(TOOL_NAME, description, schema));
    return request.toBuilder()
        .responseFormat(null)
        .tools(tools)
        .toolChoice(choice(request))
        .build();
  }

  private static ToolChoice choice(ChatRequest request) {
    ToolChoice asked = request.toolChoice();
    if (AnthropicMapper.thinkingBudget(request.reasoning()) != null) {
      return asked != null && asked.mode() != ToolChoice.Mode.NONE ? asked : ToolChoice.auto();
    }
    if (request.tools().isEmpty() || asked != null && asked.mode() == ToolChoice.Mode.NONE) {
      return ToolChoice.tool(TOOL_NAME);
    }
    return asked != null && asked.mode() == ToolChoice.Mode.TOOL ? asked : ToolChoice.required();
  }

  /** The response with a call of the JSON tool turned into text; the caller's own tool calls stay. */
  public static ChatResponse toText(ChatResponse response) {
    List<ContentBlock> content = new ArrayList<>();
    boolean otherCalls = false;
    for (ContentBlock b : response.content()) {
      if (b instanceof ContentBlock.ToolCall call && call.name().equals(TOOL_NAME)) {
        content.add(new ContentBlock.Text(call.argumentsJson()));
      } else {
        otherCalls |= b instanceof ContentBlock.ToolCall;
        content.add(b);
      }
    }
    FinishReason finish = response.finishReason() == FinishReason.TOOL_CALLS && !otherCalls
        ? FinishReason.STOP : response.finishReason();
    return new ChatResponse(response.id(), response.model(), response.deployment(), response.providerModel(),
        content, finish, response.rawFinishReason(), response.usage(), response.cost(), response.callInfo());
  }

  /** The same for a stream: one per stream, not thread-safe. */
  public static final class StreamMapper {
    private final Set<Integer> jsonBlocks = new HashSet<>();
    private boolean otherCalls;

    public StreamEvent map(StreamEvent event) {
      if (event instanceof StreamEvent.BlockStart s && s.type() == BlockType.TOOL_CALL) {
        if (TOOL_NAME.equals(s.toolName())) {
          jsonBlocks.add(s.index());
          return new StreamEvent.BlockStart(s.index(), BlockType.TEXT, null, null, null);
        }
        otherCalls = true;
      } else if (event instanceof StreamEvent.ToolArgumentsDelta d && jsonBlocks.contains(d.index())) {
        return new StreamEvent.TextDelta(d.index(), d.partialJson());
      } else if (event instanceof StreamEvent.MessageDelta m && m.finishReason() == FinishReason.TOOL_CALLS
          && !otherCalls && !jsonBlocks.isEmpty()) {
        return new StreamEvent.MessageDelta(FinishReason.STOP, m.rawFinishReason(), m.usage());
      }
      return event;
    }
  }
}
