package dev.llmrouter.server;

import dev.llmrouter.api.spi.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import org.eclipse.jetty.http.HttpFields;

/**
 * Checks the client's key against the master key. Accepts {@code Authorization: Bearer <key>},
 * {@code x-api-key: <key>} and {@code x-litellm-api-key: [Bearer ]<key>}; compares in constant time.
 * With no master key every request is allowed.
 */
final class Auth {
  private static final String BEARER = "bearer ";

  private final byte[] masterKey;

  Auth(Secret masterKey) {
    this.masterKey = masterKey == null ? null : masterKey.reveal().getBytes(StandardCharsets.UTF_8);
  }

  boolean enabled() {
    return masterKey != null;
  }

  /** The outcome of checking one request. */
  enum Result { OK, MISSING, WRONG }

  Result check(HttpFields headers) {
    if (masterKey == null) {
      return Result.OK;
    }
    String key = presentedKey(headers);
    if (key == null || key.isEmpty()) {
      return Result.MISSING;
    }
    return MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8), masterKey) ? Result.OK : Result.WRONG;
  }

  /** The key the client sent, from the first of the accepted headers present, or null. */
  static String presentedKey(HttpFields headers) {
    String authorization = headers.get("Authorization");
    if (authorization != null) {
      return stripBearer(authorization);
    }
    String apiKey = headers.get("x-api-key");
    if (apiKey != null) {
      return apiKey.strip();
    }
    String litellm = headers.get("x-litellm-api-key");
    return litellm == null ? null : stripBearer(litellm);
  }

  private static String stripBearer(String value) {
    String v = value.strip();
    if (v.length() >= BEARER.length() && v.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
      return v.substring(BEARER.length()).strip();
    }
    return v;
  }
}
