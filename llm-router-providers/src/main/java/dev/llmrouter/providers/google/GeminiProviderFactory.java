package dev.llmrouter.providers.google;

import dev.llmrouter.api.spi.ProviderContext;
import dev.llmrouter.api.spi.Capabilities;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.api.spi.ProviderFactory;
import dev.llmrouter.api.spi.Secret;
import dev.llmrouter.providers.internal.HttpChatProvider;
import dev.llmrouter.providers.internal.HttpTransport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;
import okhttp3.Request;

/**
 * {@code gemini/<model>}: Google AI Studio's Gemini API, {@code https://generativelanguage.googleapis.com/v1beta}
 * unless {@code api_base} names another host, with {@code api_key} (a Gemini API key, e.g.
 * {@code os.environ/GEMINI_API_KEY}) sent as {@code x-goog-api-key}. See {@link GeminiMapper} for the mapping.
 */
public final class GeminiProviderFactory implements ProviderFactory {
  static final String DEFAULT_HOST = "https://generativelanguage.googleapis.com";

  @Override
  public String id() {
    return "gemini";
  }

  /** Tools, images and JSON output; no other dialect's fields. */
  @Override
  public Capabilities capabilities() {
    return new Capabilities(Set.of(), true, true, true);
  }

  @Override
  public Provider create(DeploymentSettings settings) {
    return create(settings, new HttpTransport());
  }

  @Override
  public Provider create(DeploymentSettings settings, ProviderContext context) {
    return create(settings, HttpTransport.of(context));
  }

  private Provider create(DeploymentSettings settings, HttpTransport transport) {
    Secret key = settings.apiKey();
    if (key == null) {
      throw new IllegalArgumentException(settings.deploymentId() + ": gemini needs api_key, a Gemini API key (e.g. "
          + "os.environ/GEMINI_API_KEY)");
    }
    String host = host(settings.apiBase(), DEFAULT_HOST, "/v1beta");
    String version = settings.apiVersion() == null || settings.apiVersion().isBlank() ? "v1beta"
        : settings.apiVersion().strip();
    String modelUrl = host + "/" + version + "/models/" + URLEncoder.encode(model(settings.model()),
        StandardCharsets.UTF_8);
    GeminiApi.Auth auth = new GeminiApi.Auth() {
      @Override
      public void apply(Request.Builder request) {
        request.header("x-goog-api-key", key.reveal());
      }

      @Override
      public String mask(String text) {
        return text == null ? null : text.replace(key.reveal(), "****");
      }
    };
    return new HttpChatProvider("gemini", new GeminiApi("gemini", modelUrl, auth, settings.headers(),
        Clock.systemUTC()), HttpChatProvider.Framing.SSE, transport, settings);
  }

  /** {@code models/gemini-2.5-flash} (the API's own name for a model) and {@code gemini-2.5-flash} alike. */
  static String model(String model) {
    return model.startsWith("models/") ? model.substring("models/".length()) : model;
  }

  /** The scheme and host of {@code apiBase} (default {@code fallback}), without a trailing slash or {@code suffix}. */
  static String host(String apiBase, String fallback, String suffix) {
    String base = apiBase == null || apiBase.isBlank() ? fallback : apiBase.strip();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    if (suffix != null && base.endsWith(suffix)) {
      base = base.substring(0, base.length() - suffix.length());
    }
    return base;
  }
}
