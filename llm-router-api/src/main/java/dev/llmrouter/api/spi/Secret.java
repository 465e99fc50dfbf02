package dev.llmrouter.api.spi;

import java.util.Objects;

/**
 * A credential. {@link #toString()} never shows it, so a secret that ends up in a log line or an
 * exception message shows as {@code ****}. Read it with {@link #reveal()} only where it goes on the wire.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /** Null or blank gives null: no secret. */
  public static Secret of(String value) {
    return value == null || value.isBlank() ? null : new Secret(value);
  }

  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && Objects.equals(value, s.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "****";
  }
}
