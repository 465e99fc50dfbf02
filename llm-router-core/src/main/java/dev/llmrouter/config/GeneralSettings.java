package dev.llmrouter.config;

import dev.llmrouter.api.spi.Secret;
import java.time.Duration;
import java.util.List;

/**
 * {@code general_settings} and the proxy-facing parts of {@code litellm_settings}.
 *
 * @param masterKey           the proxy's admin key, or null for no authentication
 * @param maxRequestBodyBytes the proxy's request body limit ({@code max_request_size_mb})
 * @param dropParams          {@code drop_params}: drop parameters a provider doesn't take instead of failing
 * @param allowedOrigins      browser origins ({@code https://app.example.com}, or {@code *}) allowed to call the
 *                            proxy ({@code allowed_origins}); requests from any other origin are refused
 * @param allowedHosts        {@code Host} names a loopback listener answers besides {@code localhost} and the
 *                            loopback addresses ({@code allowed_hosts}), against DNS rebinding
 * @param requestBodyTimeout  the longest silence while a request body is read ({@code request_body_timeout})
 * @param databaseUrl         {@code database_url}: the PostgreSQL database of tenants, keys and spend, shared by every
 *                            proxy; null for the embedded store (or {@code DATABASE_URL})
 * @param dataDir             {@code data_dir}: where the embedded store keeps its file; null for the default
 * @param maxParallelRequests {@code global_max_parallel_requests}: the most model calls the proxy runs at once; one
 *                            more is answered 503 at once instead of waiting in a queue; null for the default of
 *                            the proxy's thread model
 */
public record GeneralSettings(Secret masterKey, Duration requestTimeout, long maxRequestBodyBytes,
                              boolean dropParams, List<String> allowedOrigins, List<String> allowedHosts,
                              Duration requestBodyTimeout, Secret databaseUrl, String dataDir,
                              Integer maxParallelRequests) {
  public GeneralSettings(Secret masterKey, Duration requestTimeout, long maxRequestBodyBytes, boolean dropParams,
                         List<String> allowedOrigins, List<String> allowedHosts, Duration requestBodyTimeout) {
    this(masterKey, requestTimeout, maxRequestBodyBytes, dropParams, allowedOrigins, allowedHosts,
        requestBodyTimeout, null, null, null);
  }

  public GeneralSettings {
    if (maxParallelRequests != null && maxParallelRequests < 1) {
      throw new IllegalArgumentException("global_max_parallel_requests must be at least 1, got " + maxParallelRequests);
    }
    allowedOrigins = List.copyOf(allowedOrigins);
    allowedHosts = List.copyOf(allowedHosts);
    requestBodyTimeout = requestBodyTimeout == null ? Duration.ofSeconds(30) : requestBodyTimeout;
  }

  public GeneralSettings(Secret masterKey, Duration requestTimeout, long maxRequestBodyBytes, boolean dropParams) {
    this(masterKey, requestTimeout, maxRequestBodyBytes, dropParams, List.of(), List.of(), null);
  }

  public static GeneralSettings defaults() {
    return new GeneralSettings(null, null, 4L * 1024 * 1024, false);
  }
}
