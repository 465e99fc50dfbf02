package dev.llmrouter.providers.ollama;

import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Secret;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What an {@code ollama_chat/<model>} deployment needs from its {@code litellm_params}: {@code api_base} (default
 * {@value #DEFAULT_BASE}), {@code keep_alive} (how long Ollama keeps the model loaded after the call: {@code "5m"},
 * {@code 3600}, {@code -1}), {@code options} (Ollama's model options, e.g. {@code num_ctx}; a call's temperature,
 * top_p, top_k, max_tokens, stop and seed go over them), and an optional {@code api_key}, sent as a bearer token for
 * an Ollama behind an authenticating proxy.
 */
record OllamaConfig(String deploymentId, String baseUrl, Secret apiKey, Object keepAlive, Map<String, Object> options,
                    Map<String, String> headers) {
  static final String DEFAULT_BASE = "http://localhost:11434";
  static final Set<String> PARAMS = Set.of("keep_alive", "options");

  OllamaConfig {
    options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    headers = Map.copyOf(headers);
  }

  static OllamaConfig from(DeploymentSettings s) {
    String base = s.apiBase() == null || s.apiBase().isBlank() ? DEFAULT_BASE : s.apiBase().strip();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    if (base.endsWith("/v1")) { // an OpenAI-compatible address given for the native API
      base = base.substring(0, base.length() - 3);
    }
    Object options = s.param("options").orElse(Map.of());
    if (!(options instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(s.deploymentId() + ": options must be a map of Ollama model options "
          + "(e.g. {num_ctx: 8192}), got \"" + options + "\"");
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(String.valueOf(k), v));
    return new OllamaConfig(s.deploymentId(), base, s.apiKey(), s.param("keep_alive").orElse(null), copy, s.headers());
  }

  @Override
  public String toString() {
    return "OllamaConfig[" + deploymentId + ", " + baseUrl + "]";
  }
}
