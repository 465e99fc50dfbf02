package dev.llmrouter.providers.google;

import static dev.llmrouter.providers.internal.JsonValues.number;
import static dev.llmrouter.providers.internal.JsonValues.putIfNotNull;
import static dev.llmrouter.providers.internal.JsonValues.string;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.ContentPolicyException;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.Message;
import dev.llmrouter.api.ResponseFormat;
import dev.llmrouter.api.Role;
import dev.llmrouter.api.Tool;
import dev.llmrouter.api.ToolChoice;
import dev.llmrouter.api.Usage;
import dev.llmrouter.wire.JsonIo;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Between the API's records and Gemini's {@code generateContent} format, both ways, without HTTP. The same format
 * serves Google AI Studio and Vertex AI: https://ai.google.dev/api/generate-content and
 * https://cloud.google.com/vertex-ai/generative-ai/docs/reference/rest/v1/projects.locations.endpoints/generateContent.
 *
 * <p>The rules where the two do not map one to one:
 * <ul>
 *   <li>System text (and any system or developer message in the conversation) goes to {@code systemInstruction};
 *       consecutive messages of one role are one {@code content}, as Gemini wants parallel function responses.</li>
 *   <li>Tools are {@code functionDeclarations} with {@code parametersJsonSchema}, which takes a full JSON Schema
 *       (Claude Code's tools carry {@code $schema} and {@code additionalProperties}, which the older
 *       {@code parameters} rejects). {@code tool_choice}: auto is {@code AUTO}, none {@code NONE}, required
 *       {@code ANY}, a named tool {@code ANY} with that one name allowed.</li>
 *   <li>Function calls carry no id on AI Studio: one is made from the response id and the call's place. A call's
 *       {@code thoughtSignature} travels in its id, {@code <id>__thought__<signature>} (LiteLLM's convention, the
 *       signature in URL-safe base64 so the id stays a plain token), and goes back on the {@code functionCall}
 *       part it came with: Gemini 3 rejects a function call sent back without it. A call in the history that has
 *       none (made by another model) gets Google's documented placeholder on Gemini 3 models. Signatures on text
 *       parts are optional by Google's rule and are not kept.</li>
 *   <li>A function response names its function: the name is found in the conversation by the call's id. Its
 *       {@code response} is the tool result's JSON object when the result is one, else {@code {"content": text}}.</li>
 *   <li>Thought parts ({@code thought: true}) are thinking blocks; thinking sent back in the history is dropped
 *       (Gemini keeps its reasoning in the signatures). {@code reasoning_effort} and a thinking budget set
 *       {@code thinkingConfig}, with {@code includeThoughts}.</li>
 *   <li>Images are {@code inlineData} when base64, {@code fileData} when a URL (a {@code gs://} or Files API URI;
 *       Gemini does not fetch other URLs and says so).</li>
 *   <li>A prompt blocked for safety ({@code promptFeedback.blockReason}), or an answer withheld before any of it
 *       was sent, is a {@link ContentPolicyException}, so {@code content_policy_fallbacks} apply; an answer cut
 *       short by a safety stop after some text ends with {@link FinishReason#CONTENT_FILTER}.</li>
 *   <li>Usage: {@code promptTokenCount} in (it includes {@code cachedContentTokenCount}, the cache reads),
 *       {@code candidatesTokenCount + thoughtsTokenCount} out, thoughts as reasoning tokens.</li>
 * </ul>
 */
final class GeminiMapper {
  static final String THOUGHT_SEPARATOR = "__thought__";
  /** Google's documented stand-in for a function call whose signature was never given (history from elsewhere). */
  static final String SKIP_SIGNATURE = "skip_thought_signature_validator";
  private static final Set<String> SAFETY_STOPS = Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT",
      "SPII", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "LANGUAGE");

  private GeminiMapper() {}

  /** The request body (the model is in the URL, not the body). */
  static Map<String, Object> toRequestBody(ChatRequest request) {
    Map<String, Object> body = new LinkedHashMap<>();
    List<Object> system = new ArrayList<>();
    request.system().forEach(b -> addText(system, b));
    body.put("contents", contents(request, system));
    if (!system.isEmpty()) {
      body.put("systemInstruction", Map.of("parts", system));
    }
    if (!request.tools().isEmpty()) {
      List<Object> declarations = new ArrayList<>();
      for (Tool t : request.tools()) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", t.name());
        if (t.description() != null) {
          d.put("description", t.description());
        }
        if (t.parameters() != null && !t.parameters().isEmpty()) {
          d.put("parametersJsonSchema", t.parameters());
        }
        declarations.add(d);
      }
      body.put("tools", List.of(Map.of("functionDeclarations", declarations)));
      if (request.toolChoice() != null) {
        body.put("toolConfig", Map.of("functionCallingConfig", functionCalling(request.toolChoice())));
      }
    }
    Map<String, Object> generation = new LinkedHashMap<>();
    putIfNotNull(generation, "temperature", request.temperature());
    putIfNotNull(generation, "topP", request.topP());
    putIfNotNull(generation, "topK", request.topK());
    putIfNotNull(generation, "maxOutputTokens", request.maxTokens());
    putIfNotNull(generation, "seed", request.seed());
    if (!request.stop().isEmpty()) {
      generation.put("stopSequences", request.stop());
    }
    ResponseFormat format = request.responseFormat();
    if (format != null && format.type() != ResponseFormat.Type.TEXT) {
      generation.put("responseMimeType", "application/json");
      if (format.type() == ResponseFormat.Type.JSON_SCHEMA && format.schema() != null) {
        generation.put("responseJsonSchema", format.schema());
      }
    }
    if (request.reasoning() != null) {
      Map<String, Object> thinking = new LinkedHashMap<>();
      if (request.reasoning().budgetTokens() != null) {
        thinking.put("thinkingBudget", request.reasoning().budgetTokens());
      } else if (request.reasoning().effort() != null) {
        thinking.put("thinkingBudget", budgetFor(request.reasoning().effort()));
      }
      thinking.put("includeThoughts", true);
      generation.put("thinkingConfig", thinking);
    }
    if (!generation.isEmpty()) {
      body.put("generationConfig", generation);
    }
    return body;
  }

  /** OpenAI's efforts as thinking budgets, LiteLLM's figures: minimal 128, low 1024, medium 2048, high 4096. */
  private static int budgetFor(String effort) {
    return switch (effort.toLowerCase(Locale.ROOT)) {
      case "minimal", "none" -> 128;
      case "low" -> 1024;
      case "medium" -> 2048;
      default -> 4096;
    };
  }

  private static Map<String, Object> functionCalling(ToolChoice choice) {
    return switch (choice.mode()) {
      case AUTO -> Map.of("mode", "AUTO");
      case NONE -> Map.of("mode", "NONE");
      case REQUIRED -> Map.of("mode", "ANY");
      case TOOL -> Map.of("mode", "ANY", "allowedFunctionNames", List.of(choice.toolName()));
    };
  }

  private static List<Object> contents(ChatRequest request, List<Object> system) {
    boolean gemini3 = request.model().toLowerCase(Locale.ROOT).contains("gemini-3");
    Map<String, String> toolNames = new HashMap<>();
    for (Message m : request.messages()) {
      for (ContentBlock b : m.content()) {
        if (b instanceof ContentBlock.ToolCall c) {
          toolNames.put(c.id(), c.name());
        }
      }
    }
    List<Object> out = new ArrayList<>();
    String lastRole = null;
    List<Object> parts = null;
    for (Message m : request.messages()) {
      if (m.role() == Role.SYSTEM || m.role() == Role.DEVELOPER) {
        m.content().forEach(b -> addText(system, b));
        continue;
      }
      String role = m.role() == Role.ASSISTANT ? "model" : "user";
      List<Object> these = m.role() == Role.ASSISTANT ? modelParts(m.content(), gemini3) : userParts(m, toolNames);
      if (these.isEmpty()) {
        continue;
      }
      if (role.equals(lastRole)) {
        parts.addAll(these);
      } else {
        parts = new ArrayList<>(these);
        out.add(new ContentHolder(role, parts).toMap());
        lastRole = role;
      }
    }
    return out;
  }

  /** A content whose parts list may still grow while the conversation is read. */
  private record ContentHolder(String role, List<Object> parts) {
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("role", role);
      m.put("parts", parts);
      return m;
    }
  }

  private static List<Object> userParts(Message m, Map<String, String> toolNames) {
    List<Object> out = new ArrayList<>();
    for (ContentBlock b : m.content()) {
      if (b instanceof ContentBlock.ToolResult r) {
        Map<String, Object> response = new LinkedHashMap<>();
        String id = splitId(r.toolCallId())[0];
        String name = toolNames.getOrDefault(r.toolCallId(), id);
        if (!id.startsWith(GENERATED_ID_PREFIX)) {
          response.put("id", id);
        }
        response.put("name", name);
        Object parsed = JsonIo.parseOrNull(r.text());
        Map<String, Object> payload = new LinkedHashMap<>();
        if (parsed instanceof Map<?, ?> map) {
          map.forEach((k, v) -> payload.put(String.valueOf(k), v));
        } else {
          payload.put(r.isError() ? "error" : "content", r.text());
        }
        response.put("response", payload);
        out.add(Map.of("functionResponse", response));
      } else if (b instanceof ContentBlock.Image i) {
        out.add(image(i));
      } else {
        addText(out, b);
      }
    }
    return out;
  }

  private static List<Object> modelParts(List<ContentBlock> blocks, boolean gemini3) {
    List<Object> out = new ArrayList<>();
    boolean firstCall = true;
    for (ContentBlock b : blocks) {
      if (b instanceof ContentBlock.ToolCall c) {
        String[] idAndSignature = splitId(c.id());
        Map<String, Object> call = new LinkedHashMap<>();
        if (!idAndSignature[0].startsWith(GENERATED_ID_PREFIX)) {
          call.put("id", idAndSignature[0]);
        }
        call.put("name", c.name());
        Object args = JsonIo.parseOrNull(c.argumentsJson() == null || c.argumentsJson().isBlank() ? "{}"
            : c.argumentsJson());
        call.put("args", args instanceof Map<?, ?> ? args : Map.of());
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("functionCall", call);
        if (idAndSignature[1] != null) {
          part.put("thoughtSignature", idAndSignature[1]);
        } else if (gemini3 && firstCall) {
          part.put("thoughtSignature", SKIP_SIGNATURE);
        }
        firstCall = false;
        out.add(part);
      } else if (b instanceof ContentBlock.Text t && t.text() != null && !t.text().isEmpty()) {
        out.add(Map.of("text", t.text()));
      }
      // thinking and redacted thinking: dropped, see the class comment
    }
    return out;
  }

  private static Map<String, Object> image(ContentBlock.Image i) {
    if (i.data() != null) {
      return Map.of("inlineData", Map.of("mimeType", i.mediaType() == null ? "image/png" : i.mediaType(),
          "data", i.data()));
    }
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("mimeType", i.mediaType() != null ? i.mediaType() : mimeTypeOf(i.url()));
    file.put("fileUri", i.url());
    return Map.of("fileData", file);
  }

  private static String mimeTypeOf(String url) {
    String u = url.toLowerCase(Locale.ROOT);
    if (u.endsWith(".png")) {
      return "image/png";
    }
    if (u.endsWith(".webp")) {
      return "image/webp";
    }
    if (u.endsWith(".gif")) {
      return "image/gif";
    }
    return "image/jpeg";
  }

  private static void addText(List<Object> parts, ContentBlock b) {
    if (b instanceof ContentBlock.Text t && t.text() != null && !t.text().isEmpty()) {
      parts.add(Map.of("text", t.text()));
    }
  }

  // ---- answers ----

  static final String GENERATED_ID_PREFIX = "call_";

  /**
   * A whole answer. Throws {@link ContentPolicyException} when the prompt was blocked, or the answer was withheld
   * for safety with nothing of it given.
   */
  static ChatResponse toChatResponse(Map<?, ?> body) {
    checkBlocked(body, false);
    Map<?, ?> candidate = firstCandidate(body);
    Map<?, ?> content = candidate.get("content") instanceof Map<?, ?> c ? c : Map.of();
    List<ContentBlock> blocks = new ArrayList<>();
    String responseId = responseId(body);
    int calls = 0;
    if (content.get("parts") instanceof List<?> parts) {
      for (Object p : parts) {
        if (!(p instanceof Map<?, ?> part)) {
          continue;
        }
        if (part.get("functionCall") instanceof Map<?, ?> fc) {
          blocks.add(toolCall(fc, part, responseId, calls++));
        } else if (part.get("text") instanceof String text && !text.isEmpty()) {
          blocks.add(Boolean.TRUE.equals(part.get("thought")) ? new ContentBlock.Thinking(text, null)
              : new ContentBlock.Text(text));
        }
      }
    }
    String raw = candidate.get("finishReason") instanceof String r ? r : null;
    if (blocks.isEmpty() && raw != null && SAFETY_STOPS.contains(raw)) {
      throw new ContentPolicyException("gemini withheld the answer: finishReason " + raw, 400, raw, null);
    }
    return new ChatResponse(responseId, null, null, string(body.get("modelVersion")), blocks,
        finishReason(raw, calls > 0), raw, usage(body), null, null);
  }

  /**
   * Throws when the prompt was blocked ({@code promptFeedback.blockReason}); in a stream ({@code answered}) only
   * before any part of the answer.
   */
  static void checkBlocked(Map<?, ?> body, boolean answered) {
    if (!answered && body.get("promptFeedback") instanceof Map<?, ?> feedback
        && feedback.get("blockReason") instanceof String reason) {
      String message = feedback.get("blockReasonMessage") instanceof String m ? ": " + m : "";
      throw new ContentPolicyException("gemini blocked the prompt: blockReason " + reason + message, 400, reason,
          null);
    }
  }

  static Map<?, ?> firstCandidate(Map<?, ?> body) {
    return body.get("candidates") instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> c
        ? c : Map.of();
  }

  static boolean isSafetyStop(String raw) {
    return raw != null && SAFETY_STOPS.contains(raw);
  }

  /** A function call part as a tool call, its id made when Gemini gave none, its signature carried in the id. */
  static ContentBlock.ToolCall toolCall(Map<?, ?> functionCall, Map<?, ?> part, String responseId, int n) {
    String id = functionCall.get("id") instanceof String s && !s.isBlank() ? s
        : GENERATED_ID_PREFIX + sanitize(responseId) + "_" + n;
    if (part.get("thoughtSignature") instanceof String signature && !signature.isEmpty()) {
      id = id + THOUGHT_SEPARATOR + toUrlSafe(signature);
    }
    Object args = functionCall.get("args");
    return new ContentBlock.ToolCall(id, string(functionCall.get("name")), JsonIo.toJson(args == null ? Map.of()
        : args));
  }

  /** {id, signature in standard base64 or null}. */
  static String[] splitId(String id) {
    if (id == null) {
      return new String[] {"", null};
    }
    int at = id.indexOf(THOUGHT_SEPARATOR);
    if (at < 0) {
      return new String[] {id, null};
    }
    return new String[] {id.substring(0, at), fromUrlSafe(id.substring(at + THOUGHT_SEPARATOR.length()))};
  }

  private static String toUrlSafe(String signature) {
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Base64.getDecoder().decode(signature));
    } catch (IllegalArgumentException notBase64) {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(signature.getBytes(
          java.nio.charset.StandardCharsets.UTF_8)) + "~";
    }
  }

  private static String fromUrlSafe(String text) {
    try {
      if (text.endsWith("~")) { // a signature that was not base64, kept as its bytes
        return new String(Base64.getUrlDecoder().decode(text.substring(0, text.length() - 1)),
            java.nio.charset.StandardCharsets.UTF_8);
      }
      return Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(text));
    } catch (IllegalArgumentException damaged) {
      return null;
    }
  }

  private static String sanitize(String id) {
    return id == null ? "0" : id.replaceAll("[^A-Za-z0-9_-]", "");
  }

  static String responseId(Map<?, ?> body) {
    return body.get("responseId") instanceof String s && !s.isBlank() ? s : "gemini-0";
  }

  static FinishReason finishReason(String raw, boolean toolCalls) {
    if (toolCalls) {
      return FinishReason.TOOL_CALLS;
    }
    if (raw == null) {
      return FinishReason.OTHER;
    }
    if (SAFETY_STOPS.contains(raw)) {
      return FinishReason.CONTENT_FILTER;
    }
    return switch (raw) {
      case "STOP" -> FinishReason.STOP;
      case "MAX_TOKENS" -> FinishReason.LENGTH;
      default -> FinishReason.OTHER;
    };
  }

  static Usage usage(Map<?, ?> body) {
    Map<?, ?> u = body.get("usageMetadata") instanceof Map<?, ?> m ? m : Map.of();
    long thoughts = number(u.get("thoughtsTokenCount"));
    return new Usage(number(u.get("promptTokenCount")), number(u.get("candidatesTokenCount")) + thoughts,
        number(u.get("cachedContentTokenCount")), 0, thoughts);
  }
}
