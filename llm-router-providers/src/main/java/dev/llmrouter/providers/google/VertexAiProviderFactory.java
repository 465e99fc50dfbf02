package dev.llmrouter.providers.google;

import dev.llmrouter.api.spi.ProviderContext;
import dev.llmrouter.api.spi.Capabilities;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.api.spi.ProviderFactory;
import dev.llmrouter.providers.anthropic.AnthropicProviderFactory;
import dev.llmrouter.providers.anthropic.ClaudePlatform;
import dev.llmrouter.providers.internal.HttpChatProvider;
import dev.llmrouter.providers.internal.HttpTransport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code vertex_ai/<model>}: Vertex AI, with LiteLLM's parameters: {@code vertex_project} (required),
 * {@code vertex_location} (default {@code us-central1}; {@code global} is the global endpoint) and
 * {@code vertex_credentials} (credentials JSON or its file's path; default Application Default Credentials, see
 * {@link VertexCredentials}). {@code api_base} replaces the regional host.
 * <ul>
 *   <li>Gemini models: {@code POST .../v1/projects/P/locations/L/publishers/google/models/M:generateContent}
 *       ({@code :streamGenerateContent?alt=sse}), mapped as for {@code gemini/} by {@link GeminiMapper}.</li>
 *   <li>Claude models ({@code vertex_ai/claude-...}): {@code .../publishers/anthropic/models/M:rawPredict}
 *       ({@code :streamRawPredict}) with Anthropic's Messages body and {@code anthropic_version:
 *       vertex-2023-10-16} (https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude), so a
 *       Claude Code request reaches Claude on Vertex as it would reach Anthropic.</li>
 * </ul>
 * Needs Google's auth library ({@code com.google.auth:google-auth-library-oauth2-http}) on the class path; the
 * proxy has it, a library user adds it.
 */
public final class VertexAiProviderFactory implements ProviderFactory {
  static final String DEFAULT_LOCATION = "us-central1";
  static final String CLAUDE_VERSION = "vertex-2023-10-16";
  private static final Set<String> PARAMS = Set.of("vertex_project", "vertex_location", "vertex_credentials",
      "anthropic_beta");

  @Override
  public String id() {
    return "vertex_ai";
  }

  @Override
  public Set<String> parameters() {
    return PARAMS;
  }

  /** Tools, images and JSON output; no other dialect's fields. */
  @Override
  public Capabilities capabilities() {
    return new Capabilities(Set.of(), true, true, true);
  }

  /** A Claude model takes Anthropic's own fields too. */
  @Override
  public Capabilities capabilities(DeploymentSettings settings) {
    return isClaude(settings.model()) ? Capabilities.full(dev.llmrouter.api.Dialect.ANTHROPIC) : capabilities();
  }

  /** Anthropic's models on Vertex are named {@code claude-...}; they are served in Anthropic's format. */
  private static boolean isClaude(String model) {
    return model.toLowerCase(Locale.ROOT).startsWith("claude");
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
    String project = string(settings, "vertex_project");
    if (project == null) {
      throw new IllegalArgumentException(settings.deploymentId() + ": vertex_ai needs vertex_project, the Google "
          + "Cloud project id");
    }
    String location = string(settings, "vertex_location");
    location = location == null ? DEFAULT_LOCATION : location;
    try {
      Class.forName("com.google.auth.oauth2.GoogleCredentials", false, getClass().getClassLoader());
    } catch (ClassNotFoundException | LinkageError missing) {
      throw new IllegalArgumentException(settings.deploymentId() + ": vertex_ai needs Google's auth library on the "
          + "class path (com.google.auth:google-auth-library-oauth2-http)");
    }
    VertexCredentials credentials = VertexCredentials.from(settings.deploymentId(),
        settings.param("vertex_credentials").orElse(null));
    String host = GeminiProviderFactory.host(settings.apiBase(), location.equals("global")
        ? "https://aiplatform.googleapis.com" : "https://" + location + "-aiplatform.googleapis.com", "/v1");
    String model = settings.model();
    boolean claude = isClaude(model);
    String modelUrl = host + "/v1/projects/" + encode(project) + "/locations/" + encode(location) + "/publishers/"
        + (claude ? "anthropic" : "google") + "/models/" + encode(GeminiProviderFactory.model(model));
    if (claude) {
      return AnthropicProviderFactory.onPlatform(settings, new ClaudePlatform() {
        @Override
        public String url(boolean stream) {
          return modelUrl + (stream ? ":streamRawPredict" : ":rawPredict");
        }

        @Override
        public String anthropicVersion() {
          return CLAUDE_VERSION;
        }

        @Override
        public Map<String, String> credentials(String url, Map<String, String> headers, byte[] body) {
          return Map.of("Authorization", credentials.authorization());
        }

        @Override
        public String mask(String text) {
          return credentials.mask(text);
        }
      }, transport);
    }
    return new HttpChatProvider("vertex_ai", new GeminiApi("vertex_ai", modelUrl, credentials, settings.headers(),
        Clock.systemUTC()), HttpChatProvider.Framing.SSE, transport, settings);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%40", "@"); // claude-x@date
  }

  private static String string(DeploymentSettings s, String name) {
    Object v = s.param(name).orElse(null);
    return v == null || String.valueOf(v).isBlank() ? null : String.valueOf(v).strip();
  }
}
