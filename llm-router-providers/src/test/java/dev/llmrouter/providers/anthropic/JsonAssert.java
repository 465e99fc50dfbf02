package dev.llmrouter.providers.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.wire.anthropic.AnthropicWire;
import java.io.IOException;

final class JsonAssert {
  private JsonAssert() {}

  /** Compares with {@code expected} after compacting it (key order and number spelling count). */
  static void assertJson(String actual, String expected) {
    try {
      assertThat(actual).isEqualTo(AnthropicWire.RawJson.ofObject(expected).json());
    } catch (IOException e) {
      throw new AssertionError("expected JSON is malformed", e);
    }
  }
}
