package dev.llmrouter.api;

import java.time.Duration;
import java.util.Optional;

/**
 * The gateway cannot check a limit or a budget because the store shared by its instances (Redis) is unreachable,
 * and it is set to fail closed (503). No provider was called and nothing was counted. The message names the store,
 * never its password. Not retried by the router: another deployment would meet the same store.
 */
public class StateUnavailableException extends LlmException {
  private final String store;

  public StateUnavailableException(String message, String store, Throwable cause) {
    super(message, 503, "service_unavailable", cause);
    this.store = store;
  }

  /** The store that is away, e.g. {@code redis}. */
  public String store() {
    return store;
  }

  @Override
  public boolean retryable() {
    return false;
  }

  @Override
  public Optional<Duration> retryAfter() {
    return Optional.of(Duration.ofSeconds(1));
  }
}
