package dev.llmrouter.providers.internal;

import java.nio.charset.StandardCharsets;
import okhttp3.MediaType;
import okhttp3.RequestBody;

/**
 * The JSON request bodies the providers send, with their media types parsed once: OkHttp parses a media type with a
 * regular expression, and a text body's again to add its charset, which on a proxied call cost more than writing the
 * body.
 */
public final class JsonBody {
  /** {@code application/json}, as a signed request (Bedrock, Vertex AI) declares and signs it. */
  public static final MediaType MEDIA_TYPE = MediaType.get("application/json");
  /** What OkHttp sends for a text body of {@link #MEDIA_TYPE}: JSON is UTF-8 (RFC 8259). */
  static final MediaType MEDIA_TYPE_UTF_8 = MediaType.get("application/json; charset=utf-8");

  private JsonBody() {}

  /** {@code json} as a UTF-8 body of {@code application/json; charset=utf-8}. */
  public static RequestBody of(String json) {
    return RequestBody.create(json.getBytes(StandardCharsets.UTF_8), MEDIA_TYPE_UTF_8);
  }

  /** Bytes already encoded, sent as {@code application/json} (a signature may cover them and that header). */
  public static RequestBody of(byte[] json) {
    return RequestBody.create(json, MEDIA_TYPE);
  }
}
