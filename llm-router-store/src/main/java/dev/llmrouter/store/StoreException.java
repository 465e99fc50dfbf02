package dev.llmrouter.store;

/** A store operation that cannot be done as asked; {@link #kind()} says why. Never carries a key. */
public final class StoreException extends RuntimeException {
  /** Why. */
  public enum Kind { NOT_FOUND, CONFLICT, INVALID, UNAVAILABLE }

  private final Kind kind;

  public StoreException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public StoreException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
