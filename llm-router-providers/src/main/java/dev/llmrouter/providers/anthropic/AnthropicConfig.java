package dev.llmrouter.providers.anthropic;

import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Secret;
import dev.llmrouter.providers.internal.Urls;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One Anthropic deployment's settings, from its {@code litellm_params}:
 * <ul>
 *   <li>{@code api_base}: the host, without {@code /v1} (default {@code https://api.anthropic.com}); requests go
 *       to {@code {api_base}/v1/messages}</li>
 *   <li>{@code api_key}: sent as {@code x-api-key}; when absent no key header is sent (for proxies that add
 *       their own)</li>
 *   <li>{@code anthropic_version} (or {@code api_version}): the {@code anthropic-version} header, default
 *       {@code 2023-06-01}</li>
 *   <li>{@code anthropic_beta}: a string or a list, sent comma-joined as {@code anthropic-beta}; merged with an
 *       {@code anthropic-beta} given in {@code extra_headers} or {@code headers}</li>
 *   <li>{@code extra_headers}: a map of further headers; {@code headers} (the deployment's) are applied last</li>
 *   <li>{@code max_tokens}: the output limit used when a request sets none (Anthropic requires one), default
 *       4096</li>
 * </ul>
 *
 * @param headers every header to send besides {@code x-api-key} and {@code content-type}, in order
 */
record AnthropicConfig(String messagesUrl, Secret apiKey, Map<String, String> headers, int defaultMaxTokens) {
  static final String DEFAULT_API_BASE = "https://api.anthropic.com";
  static final String DEFAULT_VERSION = "2023-06-01";
  static final int DEFAULT_MAX_TOKENS = 4096;
  private static final String BETA = "anthropic-beta";

  AnthropicConfig {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  static AnthropicConfig from(DeploymentSettings s) {
    String base = s.apiBase() == null || s.apiBase().isBlank() ? DEFAULT_API_BASE : s.apiBase();
    String version = firstString(s, "anthropic_version");
    if (version == null) {
      version = s.apiVersion() != null ? s.apiVersion() : firstString(s, "api_version");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("anthropic-version", version == null ? DEFAULT_VERSION : version);
    Set<String> betas = new LinkedHashSet<>(betas(s));
    putAll(headers, betas, stringMap(s, "extra_headers"));
    putAll(headers, betas, s.headers());
    if (!betas.isEmpty()) {
      headers.put(BETA, String.join(",", betas));
    }
    return new AnthropicConfig(Urls.join(base, "/v1/messages"), s.apiKey(), headers, maxTokens(s));
  }

  /** Adds headers, replacing same-named ones (ignoring case), but collecting beta flags instead. */
  private static void putAll(Map<String, String> headers, Set<String> betas, Map<String, String> more) {
    more.forEach((name, value) -> {
      if (name.equalsIgnoreCase(BETA)) {
        betas.addAll(split(value));
        return;
      }
      headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
      headers.put(name, value);
    });
  }

  private static List<String> betas(DeploymentSettings s) {
    Object value = s.params().get("anthropic_beta");
    List<String> out = new ArrayList<>();
    if (value instanceof List<?> list) {
      list.forEach(item -> out.addAll(split(String.valueOf(item))));
    } else if (value != null) {
      out.addAll(split(String.valueOf(value)));
    }
    return out;
  }

  private static List<String> split(String commaSeparated) {
    List<String> out = new ArrayList<>();
    for (String part : commaSeparated.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }

  private static Map<String, String> stringMap(DeploymentSettings s, String name) {
    Object value = s.params().get(name);
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(s.deploymentId() + ": " + name + " must be a map of header names to values");
    }
    Map<String, String> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
    return out;
  }

  private static String firstString(DeploymentSettings s, String name) {
    Object value = s.params().get(name);
    return value == null || String.valueOf(value).isBlank() ? null : String.valueOf(value);
  }

  private static int maxTokens(DeploymentSettings s) {
    Object value = s.params().get("max_tokens");
    if (value == null) {
      return DEFAULT_MAX_TOKENS;
    }
    try {
      int n = value instanceof Number num ? num.intValue() : Integer.parseInt(String.valueOf(value).trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException(s.deploymentId() + ": max_tokens must be a positive integer, got \""
        + value + "\"");
  }

  @Override
  public String toString() {
    return "AnthropicConfig[" + messagesUrl + ", " + headers.keySet().stream()
        .map(h -> h.toLowerCase(Locale.ROOT)).toList() + "]";
  }
}
