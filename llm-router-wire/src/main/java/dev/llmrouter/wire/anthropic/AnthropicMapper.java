package dev.llmrouter.wire.anthropic;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.llmrouter.api.CacheControl;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.Message;
import dev.llmrouter.api.Reasoning;
import dev.llmrouter.api.Role;
import dev.llmrouter.api.Tool;
import dev.llmrouter.api.ToolChoice;
import dev.llmrouter.api.Usage;
import dev.llmrouter.wire.anthropic.AnthropicWire.ImageBlock;
import dev.llmrouter.wire.anthropic.AnthropicWire.ImageSource;
import dev.llmrouter.wire.anthropic.AnthropicWire.MessagesRequest;
import dev.llmrouter.wire.anthropic.AnthropicWire.MessagesResponse;
import dev.llmrouter.wire.anthropic.AnthropicWire.RawJson;
import dev.llmrouter.wire.anthropic.AnthropicWire.RedactedThinkingBlock;
import dev.llmrouter.wire.anthropic.AnthropicWire.ResponseBlock;
import dev.llmrouter.wire.anthropic.AnthropicWire.TextBlock;
import dev.llmrouter.wire.anthropic.AnthropicWire.ThinkingBlock;
import dev.llmrouter.wire.anthropic.AnthropicWire.ToolResultBlock;
import dev.llmrouter.wire.anthropic.AnthropicWire.ToolUseBlock;
import dev.llmrouter.wire.anthropic.AnthropicWire.WireCacheControl;
import dev.llmrouter.wire.anthropic.AnthropicWire.WireMessage;
import dev.llmrouter.wire.anthropic.AnthropicWire.WireMetadata;
import dev.llmrouter.wire.anthropic.AnthropicWire.WireThinking;
import dev.llmrouter.wire.anthropic.AnthropicWire.WireTool;
import dev.llmrouter.wire.anthropic.AnthropicWire.WireToolChoice;
import dev.llmrouter.wire.anthropic.AnthropicWire.WireUsage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import okio.Buffer;
import okio.BufferedSink;
import okio.BufferedSource;

/**
 * Pure functions between the API records and the Messages API wire format.
 *
 * <p>Choices made where the two don't line up:
 * <ul>
 *   <li>System and developer messages, wherever they stand, join {@code ChatRequest.system()} in the top-level
 *       {@code system} (Anthropic has no system role); it is a plain string when it is one block without
 *       {@code cache_control}.</li>
 *   <li>Tool messages and tool results go in user messages; consecutive messages of the same role are merged
 *       (Anthropic requires alternation), with tool results first in a merged user message. Empty text blocks
 *       are dropped (Anthropic rejects them).</li>
 *   <li>{@code max_tokens} is required: the request's, else the deployment's default. When thinking is enabled
 *       and that default is not above the budget, the budget is added to it.</li>
 *   <li>{@code Reasoning.effort} becomes a thinking budget: minimal/low 1024, medium 2048, high 4096 tokens;
 *       "none" disables thinking. {@code budgetTokens} wins when both are set.</li>
 *   <li>{@code metadata.user_id} is {@code ChatRequest.user()}, else the request metadata's {@code user_id};
 *       other metadata keys are dropped (Anthropic accepts no others).</li>
 *   <li>{@code responseFormat} (JSON mode) becomes a tool before the request gets here (see {@link JsonMode}).
 *       {@code seed} has no Anthropic equivalent and is ignored, as is {@code Tool.strict}.</li>
 *   <li>{@code ChatRequest.extra()} entries go to the top level as given and replace mapped fields of the
 *       same name, except {@code model}, {@code messages} and {@code stream}.</li>
 * </ul>
 */
public final class AnthropicMapper {
  private AnthropicMapper() {}

  private static final Set<String> RESERVED = Set.of("model", "messages", "stream");

  /** The request body as JSON text, with {@code extra()} merged in and {@code "stream":true} when streaming. */
  public static String requestJson(ChatRequest request, int defaultMaxTokens, boolean stream) {
    MessagesRequest body = toRequest(request, defaultMaxTokens);
    return toJson(stream ? body.streaming() : body, request.extra());
  }

  public static MessagesRequest toRequest(ChatRequest request, int defaultMaxTokens) {
    Integer budget = thinkingBudget(request.reasoning());
    int maxTokens = request.maxTokens() != null ? request.maxTokens()
        : budget != null && budget >= defaultMaxTokens ? budget + defaultMaxTokens : defaultMaxTokens;
    List<WireTool> tools = request.tools().stream().map(AnthropicMapper::tool).toList();
    String userId = request.user() != null ? request.user() : request.metadata().get("user_id");
    return new MessagesRequest(
        request.model(),
        maxTokens,
        system(request),
        messages(request.messages()),
        tools.isEmpty() ? null : tools,
        toolChoice(request.toolChoice(), request.parallelToolCalls(), !tools.isEmpty()),
        request.temperature(),
        request.topP(),
        request.topK(),
        request.stop().isEmpty() ? null : request.stop(),
        budget == null ? null : new WireThinking("enabled", budget),
        userId == null ? null : new WireMetadata(userId),
        null);
  }

  /** Writes the body, letting {@code extra} entries replace same-named fields (except the reserved ones). */
  public static String toJson(MessagesRequest body, Map<String, Object> extra) {
    String json = AnthropicWire.adapter(MessagesRequest.class).toJson(body);
    if (extra.isEmpty()) {
      return json;
    }
    try {
      Buffer out = new Buffer();
      JsonWriter writer = JsonWriter.of(out);
      JsonReader reader = JsonReader.of(new Buffer().writeUtf8(json));
      writer.beginObject();
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        if (extra.containsKey(name) && !RESERVED.contains(name)) {
          reader.skipValue();
          continue;
        }
        writer.name(name);
        try (BufferedSource value = reader.nextSource(); BufferedSink sink = writer.valueSink()) {
          sink.writeAll(value);
        }
      }
      for (Map.Entry<String, Object> e : extra.entrySet()) {
        if (!RESERVED.contains(e.getKey())) {
          writer.name(e.getKey());
          writer.setSerializeNulls(true);
          AnthropicWire.adapter(Object.class).toJson(writer, e.getValue());
          writer.setSerializeNulls(false);
        }
      }
      writer.endObject();
      writer.close();
      return out.readUtf8();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in-memory buffers don't fail
    }
  }

  public static Object system(ChatRequest request) {
    List<TextBlock> blocks = new ArrayList<>();
    request.system().forEach(b -> addSystemBlock(blocks, b));
    for (Message m : request.messages()) {
      if (m.role().isSystem()) {
        m.content().forEach(b -> addSystemBlock(blocks, b));
      }
    }
    if (blocks.isEmpty()) {
      return null;
    }
    if (blocks.size() == 1 && blocks.get(0).cacheControl() == null) {
      return blocks.get(0).text();
    }
    return blocks;
  }

  private static void addSystemBlock(List<TextBlock> blocks, ContentBlock block) {
    if (!(block instanceof ContentBlock.Text t)) {
      throw new InvalidRequestException("Anthropic accepts only text in the system prompt, got "
          + block.getClass().getSimpleName());
    }
    if (!t.text().isEmpty()) {
      blocks.add(new TextBlock(t.text(), cache(t.cacheControl())));
    }
  }

  public static List<WireMessage> messages(List<Message> messages) {
    List<WireMessage> out = new ArrayList<>();
    for (Message m : messages) {
      if (m.role().isSystem()) {
        continue;
      }
      String role = m.role() == Role.ASSISTANT ? "assistant" : "user";
      List<Object> content = new ArrayList<>();
      for (ContentBlock block : m.content()) {
        Object wire = block(block);
        if (wire != null) {
          content.add(wire);
        }
      }
      if (content.isEmpty()) {
        continue;
      }
      WireMessage last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && last.role().equals(role)) {
        List<Object> merged = new ArrayList<>(last.content());
        merged.addAll(content);
        content = merged;
        out.remove(out.size() - 1);
      }
      out.add(new WireMessage(role, role.equals("user") ? toolResultsFirst(content) : content));
    }
    return out;
  }

  private static List<Object> toolResultsFirst(List<Object> content) {
    List<Object> sorted = new ArrayList<>(content.stream().filter(b -> b instanceof ToolResultBlock).toList());
    content.stream().filter(b -> !(b instanceof ToolResultBlock)).forEach(sorted::add);
    return List.copyOf(sorted);
  }

  /** One content block on the wire, or null for an empty text block. */
  public static Object block(ContentBlock block) {
    if (block instanceof ContentBlock.Text t) {
      return t.text().isEmpty() ? null : new TextBlock(t.text(), cache(t.cacheControl()));
    } else if (block instanceof ContentBlock.Image i) {
      return new ImageBlock("image", imageSource(i), cache(i.cacheControl()));
    } else if (block instanceof ContentBlock.ToolCall c) {
      return new ToolUseBlock("tool_use", c.id(), c.name(), toolInput(c), cache(c.cacheControl()));
    } else if (block instanceof ContentBlock.ToolResult r) {
      return toolResult(r);
    } else if (block instanceof ContentBlock.Thinking t) {
      return new ThinkingBlock("thinking", t.thinking(), t.signature());
    } else if (block instanceof ContentBlock.RedactedThinking r) {
      return new RedactedThinkingBlock("redacted_thinking", r.data());
    }
    throw new IllegalStateException("unknown block " + block);
  }

  private static ImageSource imageSource(ContentBlock.Image image) {
    if (image.data() != null) {
      return new ImageSource("base64", image.mediaType(), image.data(), null);
    }
    String url = image.url();
    int comma = url.indexOf(',');
    if (url.startsWith("data:") && comma > 0 && url.substring(0, comma).endsWith(";base64")) {
      String mediaType = url.substring("data:".length(), comma - ";base64".length());
      return new ImageSource("base64", mediaType, url.substring(comma + 1), null);
    }
    return new ImageSource("url", null, null, url);
  }

  private static RawJson toolInput(ContentBlock.ToolCall call) {
    try {
      return RawJson.ofObject(call.argumentsJson());
    } catch (IOException | RuntimeException e) {
      throw new InvalidRequestException("the arguments of tool call " + call.id() + " (" + call.name()
          + ") are not a JSON object; Anthropic needs one");
    }
  }

  private static ToolResultBlock toolResult(ContentBlock.ToolResult r) {
    boolean plainText = r.content().stream()
        .allMatch(b -> b instanceof ContentBlock.Text t && t.cacheControl() == null);
    Object content;
    if (plainText) {
      content = r.text();
    } else {
      List<Object> blocks = new ArrayList<>();
      for (ContentBlock b : r.content()) {
        if (!(b instanceof ContentBlock.Text || b instanceof ContentBlock.Image)) {
          throw new InvalidRequestException("a tool result for Anthropic holds only text and images, got "
              + b.getClass().getSimpleName() + " in the result for " + r.toolCallId());
        }
        Object wire = block(b);
        if (wire != null) {
          blocks.add(wire);
        }
      }
      content = blocks;
    }
    return new ToolResultBlock("tool_result", r.toolCallId(), content, r.isError() ? Boolean.TRUE : null,
        cache(r.cacheControl()));
  }

  private static WireTool tool(Tool tool) {
    Map<String, Object> schema = tool.parameters().isEmpty() ? Map.of("type", "object") : tool.parameters();
    return new WireTool(tool.name(), tool.description(), schema, cache(tool.cacheControl()));
  }

  public static WireToolChoice toolChoice(ToolChoice choice, Boolean parallelToolCalls, boolean hasTools) {
    Boolean disableParallel = Boolean.FALSE.equals(parallelToolCalls) ? Boolean.TRUE : null;
    if (choice == null) {
      return disableParallel != null && hasTools ? new WireToolChoice("auto", null, true) : null;
    }
    return switch (choice.mode()) {
      case AUTO -> new WireToolChoice("auto", null, disableParallel);
      case REQUIRED -> new WireToolChoice("any", null, disableParallel);
      case TOOL -> new WireToolChoice("tool", choice.toolName(), disableParallel);
      case NONE -> new WireToolChoice("none", null, null);
    };
  }

  public static Integer thinkingBudget(Reasoning reasoning) {
    if (reasoning == null) {
      return null;
    }
    if (reasoning.budgetTokens() != null) {
      return reasoning.budgetTokens();
    }
    if (reasoning.effort() == null) {
      return null;
    }
    return switch (reasoning.effort().toLowerCase(Locale.ROOT)) {
      case "none" -> null;
      case "minimal", "low" -> 1024;
      case "medium" -> 2048;
      case "high" -> 4096;
      default -> throw new InvalidRequestException("unknown reasoning effort \"" + reasoning.effort()
          + "\"; Anthropic takes minimal, low, medium, high or a token budget");
    };
  }

  private static WireCacheControl cache(CacheControl cc) {
    return cc == null ? null : new WireCacheControl(cc.type(), cc.ttl());
  }

  // ---- response ----

  public static ChatResponse toResponse(MessagesResponse r) {
    List<ContentBlock> content = new ArrayList<>();
    if (r.content() != null) {
      for (ResponseBlock b : r.content()) {
        ContentBlock block = contentBlock(b);
        if (block != null) {
          content.add(block);
        }
      }
    }
    return new ChatResponse(r.id() == null ? "" : r.id(), null, null, r.model(), content,
        finishReason(r.stopReason()), r.stopReason(), usage(r.usage()), null, null);
  }

  /** A response content block; null for types this library doesn't model (server tool blocks). */
  public static ContentBlock contentBlock(ResponseBlock b) {
    if (b.type() == null) {
      return null;
    }
    return switch (b.type()) {
      case "text" -> new ContentBlock.Text(b.text() == null ? "" : b.text());
      case "tool_use" -> new ContentBlock.ToolCall(b.id(), b.name(), b.input() == null ? "{}" : b.input().json());
      case "thinking" -> new ContentBlock.Thinking(b.thinking() == null ? "" : b.thinking(), b.signature());
      case "redacted_thinking" -> new ContentBlock.RedactedThinking(b.data() == null ? "" : b.data());
      default -> null;
    };
  }

  public static FinishReason finishReason(String stopReason) {
    if (stopReason == null) {
      return FinishReason.OTHER;
    }
    return switch (stopReason) {
      case "end_turn", "stop_sequence" -> FinishReason.STOP;
      case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
      case "tool_use" -> FinishReason.TOOL_CALLS;
      case "refusal" -> FinishReason.CONTENT_FILTER;
      case "pause_turn" -> FinishReason.PAUSE;
      default -> FinishReason.OTHER;
    };
  }

  /** Anthropic's {@code input_tokens} excludes cached tokens; {@link Usage#inputTokens()} includes them. */
  public static Usage usage(WireUsage u) {
    if (u == null) {
      return Usage.ZERO;
    }
    long read = n(u.cacheReadInputTokens());
    long write = n(u.cacheCreationInputTokens());
    return new Usage(n(u.inputTokens()) + read + write, n(u.outputTokens()), read, write, 0);
  }

  private static long n(Long value) {
    return value == null ? 0 : value;
  }
}
