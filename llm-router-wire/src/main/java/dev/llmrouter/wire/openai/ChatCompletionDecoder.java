package dev.llmrouter.wire.openai;

import dev.llmrouter.wire.JsonIo;
import dev.llmrouter.wire.Fields;
import dev.llmrouter.wire.BadRequestException;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.Reasoning;
import dev.llmrouter.api.ResponseFormat;
import dev.llmrouter.api.Tool;
import dev.llmrouter.api.ToolChoice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes an OpenAI Chat Completions request body ({@code POST /v1/chat/completions}) into a
 * {@link ChatRequest}. Every known field is type-checked and a wrong one is reported by name in a
 * {@link BadRequestException}. Top-level fields this decoder does not know ({@code frequency_penalty},
 * {@code logit_bias}, {@code top_k}, vendor fields...) go into {@link ChatRequest#extra()} untouched;
 * the router decides whether to pass or drop them.
 *
 * <p>Choices made where OpenAI leaves room: a JSON {@code null} counts as an absent field; when both
 * {@code max_tokens} and {@code max_completion_tokens} are given, {@code max_completion_tokens} wins;
 * {@code stream_options} is ignored unless {@code stream} is true.
 */
public final class ChatCompletionDecoder {
  private static final Set<String> KNOWN = Set.of("model", "messages", "tools", "tool_choice", "parallel_tool_calls",
      "temperature", "top_p", "max_tokens", "max_completion_tokens", "stop", "seed", "response_format",
      "reasoning_effort", "user", "metadata", "stream", "stream_options", "n", "cache");

  private ChatCompletionDecoder() {}

  public static DecodedRequest decode(String body) {
    return decode(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public static DecodedRequest decode(byte[] body) {
    Fields root = Fields.root(JsonIo.parse(body));
    String model = root.requiredString("model");
    if (model.isBlank()) {
      throw root.invalid("model", "must not be empty");
    }
    checkSingleChoice(root);
    ChatRequest.Builder b = ChatRequest.builder(model)
        .messages(MessageDecoder.decode(root))
        .tools(tools(root))
        .toolChoice(toolChoice(root))
        .parallelToolCalls(root.bool("parallel_tool_calls"))
        .temperature(range(root, "temperature", 0, 2))
        .topP(range(root, "top_p", 0, 1))
        .maxTokens(maxTokens(root))
        .stop(stop(root))
        .seed(root.integer("seed"))
        .responseFormat(responseFormat(root))
        .reasoning(reasoning(root))
        .endUser(root.string("user"))
        .metadata(metadata(root))
        .extra(extra(root))
        .cache(CacheDirectives.decode(root));
    boolean stream = Boolean.TRUE.equals(root.bool("stream"));
    Fields streamOptions = root.object("stream_options");
    Boolean includeUsage = streamOptions == null ? null : streamOptions.bool("include_usage");
    return new DecodedRequest(b.build(), stream, stream && Boolean.TRUE.equals(includeUsage));
  }

  private static void checkSingleChoice(Fields root) {
    Long n = root.integer("n");
    if (n != null && n != 1) {
      throw root.invalid("n", "must be 1 (only one choice per request is supported), got " + n);
    }
  }

  private static Double range(Fields root, String key, double min, double max) {
    Double value = root.number(key);
    if (value != null && (value < min || value > max)) {
      throw root.invalid(key, "must be between " + (int) min + " and " + (int) max + ", got " + root.raw(key));
    }
    return value;
  }

  private static Integer maxTokens(Fields root) {
    Integer legacy = positiveInt(root, "max_tokens");
    Integer current = positiveInt(root, "max_completion_tokens");
    return current != null ? current : legacy;
  }

  private static Integer positiveInt(Fields root, String key) {
    Long value = root.integer(key);
    if (value == null) {
      return null;
    }
    if (value < 1 || value > Integer.MAX_VALUE) {
      throw root.invalid(key, "must be a positive integer, got " + value);
    }
    return value.intValue();
  }

  private static List<String> stop(Fields root) {
    Object stop = root.raw("stop");
    if (stop == null) {
      return List.of();
    }
    if (stop instanceof String s) {
      return List.of(s);
    }
    if (!(stop instanceof List<?> list)) {
      throw Fields.mustBe("stop", "a string or an array of strings", stop);
    }
    List<String> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof String s)) {
        throw Fields.mustBe("stop[" + i + "]", "a string", list.get(i));
      }
      out.add(s);
    }
    return out;
  }

  private static List<Tool> tools(Fields root) {
    List<Object> array = root.array("tools");
    if (array == null) {
      return List.of();
    }
    List<Tool> tools = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      Fields t = Fields.element(array.get(i), "tools[" + i + "]");
      String type = t.requiredString("type");
      if (!type.equals("function")) {
        throw t.invalid("type", "must be \"function\", got " + Fields.describe(type));
      }
      Fields f = t.requiredObject("function");
      String name = f.requiredString("name");
      String description = f.string("description");
      Fields parameters = f.object("parameters");
      tools.add(new Tool(name, description, parameters == null ? null : parameters.map(), f.bool("strict"), null));
    }
    return tools;
  }

  private static ToolChoice toolChoice(Fields root) {
    Object choice = root.raw("tool_choice");
    if (choice == null) {
      return null;
    }
    if (choice instanceof String s) {
      return switch (s) {
        case "auto" -> ToolChoice.auto();
        case "none" -> ToolChoice.none();
        case "required" -> ToolChoice.required();
        default -> throw root.invalid("tool_choice", "must be one of auto, none, required or an object naming a "
            + "function, got " + Fields.describe(s));
      };
    }
    if (!(choice instanceof Map<?, ?>)) {
      throw Fields.mustBe("tool_choice", "a string or an object", choice);
    }
    Fields c = root.object("tool_choice");
    String type = c.requiredString("type");
    if (!type.equals("function")) {
      throw c.invalid("type", "must be \"function\", got " + Fields.describe(type));
    }
    return ToolChoice.tool(c.requiredObject("function").requiredString("name"));
  }

  private static ResponseFormat responseFormat(Fields root) {
    Fields f = root.object("response_format");
    if (f == null) {
      return null;
    }
    String type = f.requiredString("type");
    return switch (type) {
      case "text" -> new ResponseFormat(ResponseFormat.Type.TEXT, null, null, null);
      case "json_object" -> ResponseFormat.jsonObject();
      case "json_schema" -> {
        Fields s = f.requiredObject("json_schema");
        Fields schema = s.object("schema");
        yield ResponseFormat.jsonSchema(s.requiredString("name"), schema == null ? null : schema.map(),
            s.bool("strict"));
      }
      default -> throw f.invalid("type", "must be one of text, json_object, json_schema, got "
          + Fields.describe(type));
    };
  }

  private static Reasoning reasoning(Fields root) {
    String effort = root.string("reasoning_effort");
    return effort == null ? null : Reasoning.effort(effort);
  }

  private static Map<String, String> metadata(Fields root) {
    Fields f = root.object("metadata");
    if (f == null) {
      return Map.of();
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : f.map().entrySet()) {
      if (!(e.getValue() instanceof String s)) {
        throw Fields.mustBe(f.path(e.getKey()), "a string", e.getValue());
      }
      metadata.put(e.getKey(), s);
    }
    return metadata;
  }

  private static Map<String, Object> extra(Fields root) {
    Map<String, Object> extra = new LinkedHashMap<>();
    root.map().forEach((k, v) -> {
      if (!KNOWN.contains(k)) {
        extra.put(k, v);
      }
    });
    return extra;
  }
}
