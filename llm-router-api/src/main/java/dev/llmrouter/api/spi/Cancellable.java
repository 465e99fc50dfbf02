package dev.llmrouter.api.spi;

/** A running streamed call. Cancelling closes the upstream connection; it is safe to call twice. */
@FunctionalInterface
public interface Cancellable {
  void cancel();
}
