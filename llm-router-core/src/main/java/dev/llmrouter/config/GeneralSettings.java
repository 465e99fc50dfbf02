package dev.llmrouter.config;

import dev.llmrouter.api.spi.Secret;
import java.time.Duration;

/**
 * {@code general_settings} and the proxy-facing parts of {@code litellm_settings}.
 *
 * @param masterKey           the proxy's admin key, or null for no authentication
 * @param maxRequestBodyBytes the proxy's request body limit ({@code max_request_size_mb})
 * @param dropParams          {@code drop_params}: drop parameters a provider doesn't take instead of failing
 */
public record GeneralSettings(Secret masterKey, Duration requestTimeout, long maxRequestBodyBytes,
                              boolean dropParams) {
  public static GeneralSettings defaults() {
    return new GeneralSettings(null, null, 4L * 1024 * 1024, false);
  }
}
