package dev.llmrouter.server;

import dev.llmrouter.api.spi.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import dev.llmrouter.api.Principal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpFields;

/**
 * Checks the client's key: the master key (compared in constant time) makes a trusted caller; a tenant's key, found
 * by its hash through the router, makes a call of that tenant. Accepts {@code Authorization: Bearer <key>},
 * {@code x-api-key: <key>} and {@code x-litellm-api-key: [Bearer ]<key>}. With no master key and no tenants every
 * request is allowed; with tenants there is never a way in without a key.
 */
final class Auth {
  private static final String BEARER = "bearer ";

  private final byte[] masterKey;
  private final Function<String, Optional<Principal>> tenantKeys;
  private final boolean tenants;

  /**
   * @param tenantKeys the principal of a tenant's key ({@code Router::authenticate})
   * @param tenants    whether tenants are configured, so that a key is always needed
   */
  Auth(Secret masterKey, Function<String, Optional<Principal>> tenantKeys, boolean tenants) {
    this.masterKey = masterKey == null ? null : masterKey.reveal().getBytes(StandardCharsets.UTF_8);
    this.tenantKeys = tenantKeys;
    this.tenants = tenants;
  }

  Auth(Secret masterKey) {
    this(masterKey, key -> Optional.empty(), false);
  }

  boolean hasMasterKey() {
    return masterKey != null;
  }

  boolean enabled() {
    return masterKey != null || tenants;
  }

  /** The outcome of checking one request. */
  enum Result { OK, MISSING, WRONG }

  /** A checked request: its outcome and, for a tenant's key, whose call it is (null for a trusted caller). */
  record Caller(Result result, Principal principal) {
    static final Caller TRUSTED = new Caller(Result.OK, null);
    static final Caller MISSING = new Caller(Result.MISSING, null);
    static final Caller WRONG = new Caller(Result.WRONG, null);

    boolean trusted() {
      return result == Result.OK && principal == null;
    }
  }

  Result check(HttpFields headers) {
    return caller(headers).result();
  }

  Caller caller(HttpFields headers) {
    if (!enabled()) {
      return Caller.TRUSTED;
    }
    List<String> keys = presentedKeys(headers);
    if (keys.isEmpty()) {
      return Caller.MISSING;
    }
    if (masterKey != null) {
      boolean matched = false;
      for (String key : keys) {
        matched |= MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8), masterKey); // no early exit
      }
      if (matched) {
        return Caller.TRUSTED;
      }
    }
    if (tenants) {
      for (String key : keys) {
        Optional<Principal> p = tenantKeys.apply(key);
        if (p.isPresent()) {
          return new Caller(Result.OK, p.get());
        }
      }
    }
    return Caller.WRONG;
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
