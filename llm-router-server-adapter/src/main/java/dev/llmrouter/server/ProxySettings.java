package dev.llmrouter.server;

import dev.llmrouter.api.spi.Secret;
import dev.llmrouter.config.GeneralSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the proxy listens and guards its door.
 *
 * @param host                the address to bind
 * @param port                the port to bind; 0 picks a free one
 * @param masterKey           the key clients must present, or null for no authentication
 * @param maxRequestBodyBytes larger request bodies are answered with 413
 * @param dropParams          drop OpenAI parameters a non-OpenAI provider can't take instead of answering 400
 * @param drainTimeout        how long a graceful stop waits for in-flight requests
 * @param healthTimeout       how long {@code GET /health} waits for each deployment's probe
 * @param allowedOrigins      browser origins allowed to call (see {@link RequestGuard})
 * @param allowedHosts        {@code Host} names a loopback listener answers besides localhost
 * @param requestBodyTimeout  the longest silence while a request body is read; then 408
 * @param threading           how handlers run (virtual threads where the runtime has them); null for
 *                            {@link Threading#from(String) auto}
 * @param maxInFlight         the most model calls at once, past which a call is answered 503 at once; 0 for the
 *                            threading's {@link Threading#defaultMaxInFlight() default}
 */
public record ProxySettings(String host, int port, Secret masterKey, long maxRequestBodyBytes, boolean dropParams,
                            Duration drainTimeout, Duration healthTimeout, List<String> allowedOrigins,
                            List<String> allowedHosts, Duration requestBodyTimeout, Threading threading,
                            int maxInFlight) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 4000;

  public ProxySettings {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
    if (maxRequestBodyBytes < 1) {
      throw new IllegalArgumentException("maxRequestBodyBytes must be positive");
    }
    drainTimeout = drainTimeout == null ? Duration.ofSeconds(30) : drainTimeout;
    healthTimeout = healthTimeout == null ? Duration.ofSeconds(10) : healthTimeout;
    allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    requestBodyTimeout = requestBodyTimeout == null ? Duration.ofSeconds(30) : requestBodyTimeout;
    threading = threading == null ? Threading.from(null) : threading;
    if (maxInFlight < 0) {
      throw new IllegalArgumentException("maxInFlight must be positive, or 0 for the default");
    }
    maxInFlight = maxInFlight == 0 ? threading.defaultMaxInFlight() : maxInFlight;
  }

  /**
   * Settings from the config's {@code general_settings}; the master key falls back to {@code LLM_ROUTER_MASTER_KEY},
   * then {@code LITELLM_MASTER_KEY}, from {@code env}; the threading from {@code LLM_ROUTER_VIRTUAL_THREADS}
   * (see {@link Threading}).
   */
  public static ProxySettings from(GeneralSettings general, Map<String, String> env, String host, int port) {
    Secret key = general.masterKey();
    if (key == null) {
      key = Secret.of(env.get("LLM_ROUTER_MASTER_KEY"));
    }
    if (key == null) {
      key = Secret.of(env.get("LITELLM_MASTER_KEY"));
    }
    return new ProxySettings(host, port, key, general.maxRequestBodyBytes(), general.dropParams(), null, null,
        general.allowedOrigins(), general.allowedHosts(), general.requestBodyTimeout(),
        Threading.from(env.get("LLM_ROUTER_VIRTUAL_THREADS")),
        general.maxParallelRequests() == null ? 0 : general.maxParallelRequests());
  }

  public ProxySettings withPort(int newPort) {
    return new ProxySettings(host, newPort, masterKey, maxRequestBodyBytes, dropParams, drainTimeout, healthTimeout,
        allowedOrigins, allowedHosts, requestBodyTimeout, threading, maxInFlight);
  }

  @Override
  public String toString() {
    return "ProxySettings[" + host + ":" + port + ", auth=" + (masterKey != null) + ", maxRequestBodyBytes="
        + maxRequestBodyBytes + ", dropParams=" + dropParams + ", threading=" + threading + ", maxInFlight="
        + maxInFlight + "]";
  }
}
