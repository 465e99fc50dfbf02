package dev.llmrouter.wire.openai;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.EmbeddingResponse;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.Usage;
import dev.llmrouter.wire.JsonIo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's embeddings format (https://platform.openai.com/docs/api-reference/embeddings), both ways: the request
 * body a provider sends and the proxy decodes, and the answer a provider reads and the proxy encodes.
 * {@code encoding_format: base64} is each vector's little-endian float32 bytes in base64, as OpenAI sends it.
 */
public final class OpenAiEmbeddings {
  private OpenAiEmbeddings() {}

  /** The upstream body of an embedding call: floats asked for, whatever the caller wants back. */
  public static Map<String, Object> requestBody(ChatRequest request) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", request.model());
    body.put("input", request.embedding().input());
    body.put("encoding_format", "float");
    if (request.embedding().dimensions() != null) {
      body.put("dimensions", request.embedding().dimensions());
    }
    if (request.user() != null) {
      body.put("user", request.user());
    }
    return body;
  }

  /** An upstream answer ({@code {"object":"list","data":[...],"model","usage"}}), or null when it is not one. */
  public static ChatResponse fromResponse(Map<?, ?> body) {
    if (!(body.get("data") instanceof List<?> data)) {
      return null;
    }
    List<ContentBlock> vectors = new ArrayList<>();
    int position = 0;
    for (Object o : data) {
      if (o instanceof Map<?, ?> item) {
        int index = item.get("index") instanceof Number n ? n.intValue() : position;
        vectors.add(new ContentBlock.Vector(index, vector(item.get("embedding"))));
      }
      position++;
    }
    Map<?, ?> usage = body.get("usage") instanceof Map<?, ?> u ? u : Map.of();
    long tokens = usage.get("prompt_tokens") instanceof Number n ? n.longValue() : 0;
    return new ChatResponse("embedding", null, null,
        body.get("model") instanceof String m ? m : null, vectors, FinishReason.STOP, "stop", Usage.of(tokens, 0),
        null, null);
  }

  /** A vector as numbers, or as base64 float32 (an upstream that answers base64 anyway). */
  public static float[] vector(Object value) {
    if (value instanceof List<?> numbers) {
      float[] out = new float[numbers.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = numbers.get(i) instanceof Number n ? n.floatValue() : 0f;
      }
      return out;
    }
    if (value instanceof String base64) {
      ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
      float[] out = new float[bytes.remaining() / 4];
      bytes.asFloatBuffer().get(out);
      return out;
    }
    return new float[0];
  }

  /**
   * A caller's {@code POST /v1/embeddings} body as the call the router takes. {@code input} is a string or a list of
   * strings; token arrays are refused (the router routes text), as is an unknown {@code encoding_format}.
   */
  public static ChatRequest fromRequest(Map<?, ?> body, ChatRequest.CallOptions options) {
    if (!(body.get("model") instanceof String model) || model.isBlank()) {
      throw new InvalidRequestException("model: a string is required", 400, "model", null);
    }
    List<String> input = new ArrayList<>();
    Object raw = body.get("input");
    if (raw instanceof String s) {
      input.add(s);
    } else if (raw instanceof List<?> list && !list.isEmpty()) {
      for (Object item : list) {
        if (!(item instanceof String s)) {
          throw new InvalidRequestException("input: a string or a list of strings is required (token arrays are not "
              + "taken)", 400, "input", null);
        }
        input.add(s);
      }
    } else {
      throw new InvalidRequestException("input: a string or a non-empty list of strings is required", 400, "input",
          null);
    }
    encodingFormat(body);
    Integer dimensions = null;
    if (body.get("dimensions") != null) {
      if (!(body.get("dimensions") instanceof Number n) || n.intValue() <= 0 || n.doubleValue() != n.intValue()) {
        throw new InvalidRequestException("dimensions: a positive integer is required", 400, "dimensions", null);
      }
      dimensions = n.intValue();
    }
    String user = body.get("user") instanceof String u ? u : null;
    return ChatRequest.ofEmbedding(model, input, dimensions, user, options);
  }

  /** The caller's {@code encoding_format}: {@code float} (the default) or {@code base64}. */
  public static boolean base64(Map<?, ?> body) {
    return encodingFormat(body).equals("base64");
  }

  private static String encodingFormat(Map<?, ?> body) {
    Object format = body.get("encoding_format");
    if (format == null || "float".equals(format)) {
      return "float";
    }
    if ("base64".equals(format)) {
      return "base64";
    }
    throw new InvalidRequestException("encoding_format: 'float' or 'base64' is required, got " + format, 400,
        "encoding_format", null);
  }

  /** The answer to a caller, in OpenAI's shape. */
  public static String encode(EmbeddingResponse response, String model, boolean base64) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("object", "list");
    List<Object> data = new ArrayList<>();
    for (int i = 0; i < response.vectors().size(); i++) {
      float[] v = response.vectors().get(i);
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("object", "embedding");
      item.put("index", i);
      item.put("embedding", base64 ? base64(v) : floats(v));
      data.add(item);
    }
    out.put("data", data);
    out.put("model", model);
    out.put("usage", Map.of("prompt_tokens", response.usage().inputTokens(), "total_tokens",
        response.usage().inputTokens()));
    return JsonIo.toJson(out);
  }

  private static String base64(float[] v) {
    ByteBuffer bytes = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(v);
    return Base64.getEncoder().encodeToString(bytes.array());
  }

  /** As numbers the JSON writer prints exactly: a float widened to double prints its float digits only this way. */
  private static List<Object> floats(float[] v) {
    List<Object> out = new ArrayList<>(v.length);
    for (float f : v) {
      out.add(Double.parseDouble(Float.toString(f)));
    }
    return out;
  }
}
