package dev.llmrouter.spi.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How a key is stored: the hex SHA-256 of its UTF-8 bytes. A fast hash suits keys we generate (128 bits of
 * randomness or more); it is what LiteLLM stores too, so its key hashes carry over.
 */
public final class KeyHash {
  private KeyHash() {}

  public static String of(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
