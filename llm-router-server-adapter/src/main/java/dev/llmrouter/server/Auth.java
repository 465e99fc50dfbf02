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
    boolean presented = false;
    boolean matched = false;
    for (String key : presentedKeys(headers)) {
      presented = true;
      matched |= MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8), masterKey); // no early exit
    }
    return matched ? Result.OK : presented ? Result.WRONG : Result.MISSING;
  }

  /**
   * The keys the client sent, from each accepted header present. A client may send more than one (the Anthropic SDK
   * sends {@code x-api-key} and {@code Authorization}; Claude Code with {@code ANTHROPIC_CUSTOM_HEADERS} adds
   * {@code x-litellm-api-key} to its own token): the request is let in when one of them is the key.
   */
  static java.util.List<String> presentedKeys(HttpFields headers) {
    java.util.List<String> keys = new java.util.ArrayList<>(3);
    String litellm = headers.get("x-litellm-api-key");
    if (litellm != null && !litellm.isBlank()) {
      keys.add(stripBearer(litellm));
    }
    String authorization = headers.get("Authorization");
    if (authorization != null && !authorization.isBlank()) {
      keys.add(stripBearer(authorization));
    }
    String apiKey = headers.get("x-api-key");
    if (apiKey != null && !apiKey.isBlank()) {
      keys.add(apiKey.strip());
    }
    return keys;
  }

  private static String stripBearer(String value) {
    String v = value.strip();
    if (v.length() >= BEARER.length() && v.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
      return v.substring(BEARER.length()).strip();
    }
    return v;
  }
}
