package dev.llmrouter.providers.mock;

import dev.llmrouter.api.spi.DeploymentSettings;
import java.time.Duration;

/**
 * The mock's knobs, from {@code litellm_params}:
 * <ul>
 *   <li>{@code mock_response}: the answer text (default: an echo of the last user message)</li>
 *   <li>{@code mock_latency_ms}: delay before answering; {@code mock_chunk_delay_ms}: between streamed chunks</li>
 *   <li>{@code mock_error_status} with {@code mock_fail_first} (default: every call): fail the first N calls with
 *       that HTTP status, mapped like a real provider's error; {@code mock_retry_after_s} for 429s</li>
 * </ul>
 */
record MockSettings(String response, long latencyMillis, long chunkDelayMillis, int errorStatus, long failFirst,
                    Duration retryAfter) {

  static final java.util.Set<String> PARAMS = java.util.Set.of("mock_response", "mock_latency_ms",
      "mock_chunk_delay_ms", "mock_error_status", "mock_fail_first", "mock_retry_after_s");

  static MockSettings from(DeploymentSettings s) {
    int status = (int) number(s, "mock_error_status", 0);
    return new MockSettings(
        s.param("mock_response").map(String::valueOf).orElse(null),
        number(s, "mock_latency_ms", 0),
        number(s, "mock_chunk_delay_ms", 0),
        status,
        number(s, "mock_fail_first", status == 0 ? 0 : Long.MAX_VALUE),
        s.param("mock_retry_after_s").map(v -> Duration.ofMillis((long) (toDouble(s, "mock_retry_after_s", v) * 1000)))
            .orElse(null));
  }

  private static long number(DeploymentSettings s, String name, long fallback) {
    return s.param(name).map(v -> (long) toDouble(s, name, v)).orElse(fallback);
  }

  private static double toDouble(DeploymentSettings s, String name, Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(String.valueOf(v));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(s.deploymentId() + ": " + name + " must be a number, got \"" + v + "\"");
    }
  }
}
