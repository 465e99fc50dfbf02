package dev.llmrouter.wire.anthropic;

import dev.llmrouter.api.CacheControl;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.Dialect;
import dev.llmrouter.api.Message;
import dev.llmrouter.api.NativeRequest;
import dev.llmrouter.api.Reasoning;
import dev.llmrouter.api.Role;
import dev.llmrouter.api.Tool;
import dev.llmrouter.api.ToolChoice;
import dev.llmrouter.wire.Fields;
import dev.llmrouter.wire.JsonIo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes an Anthropic Messages request ({@code POST /v1/messages}, or {@code /v1/messages/count_tokens}) into a
 * {@link ChatRequest} that carries the body as sent ({@link NativeRequest}), for an Anthropic provider to pass on
 * untouched, and typed fields, for any other provider to translate from. Type errors name the field.
 *
 * <p>The typed fields follow these rules (the native body keeps everything):
 * <ul>
 *   <li>{@code system} (a string or text blocks) becomes the system blocks, and a {@code role: "system"} message in
 *       {@code messages} (Claude Code sends one) stays a system message in place. Claude Code's
 *       {@code x-anthropic-billing-header:} system block is left out: it changes with every request, so it would
 *       defeat prompt caching, and it means nothing to another model.</li>
 *   <li>Blocks: {@code text}, {@code image} (base64 or URL), {@code tool_use}, {@code tool_result} (string or block
 *       content, {@code is_error}), {@code thinking} and {@code redacted_thinking} map one for one;
 *       {@code tool_reference} becomes the text {@code Tool loaded: <name>}; server-tool blocks
 *       ({@code server_tool_use}, {@code *_tool_result}) and {@code document}s, which another model can't read, are
 *       left out.</li>
 *   <li>Tools: custom tools map; a tool with {@code defer_loading: true} is left out (it is not loaded yet; Claude
 *       Code's {@code DeferredToolPlaceholder} is one); Anthropic's own tool types become function tools with their
 *       documented input schemas where a client runs them ({@code bash_*} as {@code bash}, {@code text_editor_*} as
 *       its given name, e.g. {@code str_replace_based_edit_tool}); the ones Anthropic's servers run
 *       ({@code web_search_*}, {@code web_fetch_*}, {@code code_execution_*}, {@code computer_*}, ...) are left
 *       out.</li>
 *   <li>{@code thinking: {type: enabled, budget_tokens}} becomes a thinking budget; {@code adaptive} and
 *       {@code disabled} thinking, {@code output_config}, {@code context_management}, {@code safeguards},
 *       {@code service_tier}, {@code container} and {@code mcp_servers} have no equivalent elsewhere and are left
 *       out. {@code metadata.user_id} becomes the end user.</li>
 *   <li>Any other top-level field is an extra field of the Anthropic dialect: passed on to Anthropic, and dropped
 *       (under {@code drop_params}) or refused for anything else.</li>
 * </ul>
 */
public final class MessagesDecoder {
  /** The fields read into typed values. */
  private static final Set<String> TYPED = Set.of("model", "messages", "system", "tools", "tool_choice", "max_tokens",
      "temperature", "top_p", "top_k", "stop_sequences", "thinking", "metadata", "stream");
  /** Known fields with no equivalent outside Anthropic: kept in the native body only. */
  private static final Set<String> ANTHROPIC_ONLY = Set.of("output_config", "context_management", "safeguards",
      "service_tier", "container", "mcp_servers");
  private static final String BILLING_HEADER = "x-anthropic-billing-header:";

  private MessagesDecoder() {}

  /** A decoded request: what to route, and whether the caller asked for a stream. */
  public record Decoded(ChatRequest request, boolean stream) {}

  /**
   * @param headers the caller's {@code anthropic-*} headers, forwarded to an Anthropic upstream
   * @param countOnly a {@code count_tokens} body, which has no {@code max_tokens}
   */
  public static Decoded decode(byte[] body, Map<String, String> headers, boolean countOnly) {
    Object tree = JsonIo.parse(body);
    Fields root = Fields.root(tree);
    String model = root.requiredString("model");
    if (model.isBlank()) {
      throw root.invalid("model", "must not be empty");
    }
    ChatRequest.Builder b = ChatRequest.builder(model)
        .systemBlocks(system(root))
        .messages(messages(root))
        .tools(tools(root))
        .toolChoice(toolChoice(root))
        .parallelToolCalls(disableParallel(root) ? Boolean.FALSE : null)
        .temperature(root.number("temperature"))
        .topP(root.number("top_p"))
        .topK(intOrNull(root, "top_k"))
        .stop(strings(root, "stop_sequences"))
        .reasoning(reasoning(root))
        .endUser(userId(root))
        .maxTokens(maxTokens(root, countOnly))
        .extra(extra(root))
        .nativeRequest(new NativeRequest(Dialect.ANTHROPIC, root.map(), headers));
    return new Decoded(b.build(), Boolean.TRUE.equals(root.bool("stream")));
  }

  private static Integer maxTokens(Fields root, boolean countOnly) {
    if (!root.has("max_tokens")) {
      if (countOnly) {
        return null;
      }
      throw root.missing("max_tokens");
    }
    Long n = root.integer("max_tokens");
    if (n == null || n < 1 || n > Integer.MAX_VALUE) {
      throw root.invalid("max_tokens", "must be a positive integer, got " + root.raw("max_tokens"));
    }
    return n.intValue();
  }

  private static Integer intOrNull(Fields f, String key) {
    Long n = f.integer(key);
    return n == null ? null : (int) Math.min(Integer.MAX_VALUE, Math.max(Integer.MIN_VALUE, n));
  }

  private static List<String> strings(Fields f, String key) {
    List<Object> items = f.array(key);
    List<String> out = new ArrayList<>();
    if (items == null) {
      return out;
    }
    for (int i = 0; i < items.size(); i++) {
      if (!(items.get(i) instanceof String s)) {
        throw Fields.mustBe(f.path(key) + "[" + i + "]", "a string", items.get(i));
      }
      out.add(s);
    }
    return out;
  }

  private static List<ContentBlock> system(Fields root) {
    Object system = root.raw("system");
    List<ContentBlock> out = new ArrayList<>();
    if (system == null) {
      return out;
    }
    if (system instanceof String s) {
      if (!s.isEmpty()) {
        out.add(new ContentBlock.Text(s));
      }
      return out;
    }
    if (!(system instanceof List<?> blocks)) {
      throw Fields.mustBe(root.path("system"), "a string or an array of text blocks", system);
    }
    for (int i = 0; i < blocks.size(); i++) {
      Fields block = Fields.element(blocks.get(i), root.path("system") + "[" + i + "]");
      String type = block.requiredString("type");
      if (!type.equals("text")) {
        throw block.invalid("type", "must be \"text\" in system, got \"" + type + "\"");
      }
      String text = block.requiredString("text");
      if (!text.startsWith(BILLING_HEADER)) {
        out.add(new ContentBlock.Text(text, cache(block)));
      }
    }
    return out;
  }

  private static List<Message> messages(Fields root) {
    List<Object> items = root.array("messages");
    if (items == null) {
      throw root.missing("messages");
    }
    List<Message> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String path = root.path("messages") + "[" + i + "]";
      Fields m = Fields.element(items.get(i), path);
      String roleName = m.requiredString("role");
      Role role = switch (roleName) {
        case "user" -> Role.USER;
        case "assistant" -> Role.ASSISTANT;
        case "system" -> Role.SYSTEM;
        default -> throw m.invalid("role", "must be \"user\", \"assistant\" or \"system\", got \"" + roleName + "\"");
      };
      out.add(new Message(role, content(m, "content")));
    }
    return out;
  }

  /** A {@code content} field: a string, or an array of blocks. */
  private static List<ContentBlock> content(Fields owner, String key) {
    Object content = owner.raw(key);
    List<ContentBlock> out = new ArrayList<>();
    if (content == null) {
      return out;
    }
    if (content instanceof String s) {
      out.add(new ContentBlock.Text(s));
      return out;
    }
    if (!(content instanceof List<?> blocks)) {
      throw Fields.mustBe(owner.path(key), "a string or an array of content blocks", content);
    }
    for (int i = 0; i < blocks.size(); i++) {
      ContentBlock block = block(Fields.element(blocks.get(i), owner.path(key) + "[" + i + "]"));
      if (block != null) {
        out.add(block);
      }
    }
    return out;
  }

  /** One content block, or null for a kind another model can't take (see the class comment). */
  private static ContentBlock block(Fields b) {
    String type = b.requiredString("type");
    return switch (type) {
      case "text" -> new ContentBlock.Text(b.requiredString("text"), cache(b));
      case "image" -> image(b);
      case "tool_use" -> new ContentBlock.ToolCall(b.requiredString("id"), b.requiredString("name"),
          JsonIo.toJson(b.has("input") ? b.requiredObject("input").map() : Map.of()), cache(b));
      case "tool_result" -> new ContentBlock.ToolResult(b.requiredString("tool_use_id"), content(b, "content"),
          Boolean.TRUE.equals(b.bool("is_error")), cache(b));
      case "thinking" -> new ContentBlock.Thinking(b.requiredString("thinking"), b.string("signature"));
      case "redacted_thinking" -> new ContentBlock.RedactedThinking(b.requiredString("data"));
      case "tool_reference" -> new ContentBlock.Text("Tool loaded: " + b.requiredString("tool_name"));
      default -> null; // server tool blocks, documents, and block types added after this was written
    };
  }

  private static ContentBlock image(Fields b) {
    Fields source = b.requiredObject("source");
    String kind = source.requiredString("type");
    return switch (kind) {
      case "base64" -> new ContentBlock.Image(null, source.requiredString("media_type"), source.requiredString("data"),
          null, cache(b));
      case "url" -> new ContentBlock.Image(source.requiredString("url"), null, null, null, cache(b));
      default -> throw source.invalid("type", "must be \"base64\" or \"url\", got \"" + kind + "\"");
    };
  }

  private static CacheControl cache(Fields block) {
    Fields cc = block.object("cache_control");
    return cc == null ? null : new CacheControl(cc.requiredString("type"), cc.string("ttl"));
  }

  private static List<Tool> tools(Fields root) {
    List<Object> items = root.array("tools");
    List<Tool> out = new ArrayList<>();
    if (items == null) {
      return out;
    }
    for (int i = 0; i < items.size(); i++) {
      Fields t = Fields.element(items.get(i), root.path("tools") + "[" + i + "]");
      Tool tool = tool(t);
      if (tool != null) {
        out.add(tool);
      }
    }
    return out;
  }

  private static Tool tool(Fields t) {
    String type = t.string("type");
    String name = t.requiredString("name");
    if (Boolean.TRUE.equals(t.bool("defer_loading"))) {
      return null;
    }
    if (type == null || type.equals("custom")) {
      Fields schema = t.object("input_schema");
      return new Tool(name, t.string("description"), schema == null ? Map.of("type", "object") : schema.map(), null,
          cache(t));
    }
    if (type.startsWith("bash_")) {
      return new Tool(name, "Run a command in a bash shell. The session persists between calls; set restart to "
          + "true to start a new one.", AnthropicToolSchemas.BASH, null, cache(t));
    }
    if (type.startsWith("text_editor_")) {
      return new Tool(name, "View, create and edit text files: view a file or directory, create a file, "
          + "str_replace an exact unique string, or insert text after a line.", AnthropicToolSchemas.TEXT_EDITOR, null,
          cache(t));
    }
    return null; // a tool Anthropic's servers run (web search, code execution, computer use...)
  }

  private static ToolChoice toolChoice(Fields root) {
    Fields c = root.object("tool_choice");
    if (c == null) {
      return null;
    }
    String type = c.requiredString("type");
    return switch (type) {
      case "auto" -> ToolChoice.auto();
      case "any" -> ToolChoice.required();
      case "none" -> ToolChoice.none();
      case "tool" -> ToolChoice.tool(c.requiredString("name"));
      default -> throw c.invalid("type", "must be \"auto\", \"any\", \"tool\" or \"none\", got \"" + type + "\"");
    };
  }

  private static boolean disableParallel(Fields root) {
    Fields c = root.object("tool_choice");
    return c != null && Boolean.TRUE.equals(c.bool("disable_parallel_tool_use"));
  }

  private static Reasoning reasoning(Fields root) {
    Fields t = root.object("thinking");
    if (t == null || !"enabled".equals(t.string("type"))) {
      return null;
    }
    Long budget = t.integer("budget_tokens");
    if (budget == null || budget < 1) {
      throw t.invalid("budget_tokens", "must be a positive integer with thinking enabled");
    }
    return Reasoning.budget(budget.intValue());
  }

  private static String userId(Fields root) {
    Fields metadata = root.object("metadata");
    return metadata == null ? null : metadata.string("user_id");
  }

  private static Map<String, Object> extra(Fields root) {
    Map<String, Object> extra = new LinkedHashMap<>();
    root.map().forEach((k, v) -> {
      if (!TYPED.contains(k) && !ANTHROPIC_ONLY.contains(k) && v != null) {
        extra.put(k, v);
      }
    });
    return extra;
  }
}
