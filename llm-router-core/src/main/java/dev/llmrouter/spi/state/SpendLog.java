package dev.llmrouter.spi.state;

/**
 * Where each call's {@link SpendRecord} goes, once per call, when the call ends. It is called on the call's thread:
 * an implementation that writes to a database queues the record and writes in batches off the hot path.
 */
@FunctionalInterface
public interface SpendLog {
  SpendLog NONE = record -> {};

  void record(SpendRecord record);
}
