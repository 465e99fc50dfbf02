package dev.llmrouter.providers.google;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.llmrouter.api.AuthenticationException;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.ProviderUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import okhttp3.Request;

/**
 * Vertex AI's bearer token from Google's auth library: the {@code vertex_credentials} given (a service-account or
 * other credentials JSON, as text or as a file's path, as LiteLLM takes it), or else Application Default
 * Credentials ({@code GOOGLE_APPLICATION_CREDENTIALS}, gcloud's login, the metadata server). The library exchanges
 * and refreshes the token and keeps it until shortly before it expires; credentials are read on the first call, so
 * loading a config never blocks on the network.
 */
final class VertexCredentials implements GeminiApi.Auth {
  static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";

  private final String source;
  private final String json;
  private volatile GoogleCredentials credentials;
  private volatile String lastToken;

  /** @param json the credentials JSON, or null for Application Default Credentials */
  VertexCredentials(String source, String json) {
    this.source = source;
    this.json = json;
  }

  /** From {@code vertex_credentials}: JSON text, a path to a JSON file, or null. */
  static VertexCredentials from(String deploymentId, Object setting) {
    if (setting == null || String.valueOf(setting).isBlank()) {
      return new VertexCredentials("application default credentials", null);
    }
    if (setting instanceof java.util.Map<?, ?> map) { // the JSON written inline in the YAML
      return new VertexCredentials("vertex_credentials", dev.llmrouter.wire.JsonIo.toJson(map));
    }
    String text = String.valueOf(setting).strip();
    if (text.startsWith("{")) {
      return new VertexCredentials("vertex_credentials", text);
    }
    try {
      return new VertexCredentials(text, Files.readString(Path.of(text), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException(deploymentId + ": vertex_credentials is neither credentials JSON nor a "
          + "readable file: " + text);
    }
  }

  @Override
  public void apply(Request.Builder request) {
    request.header("Authorization", authorization());
  }

  /** The {@code Authorization} header's value, {@code Bearer <token>}. */
  String authorization() {
    return "Bearer " + token();
  }

  private String token() {
    try {
      GoogleCredentials c = credentials();
      c.refreshIfExpired();
      AccessToken token = c.getAccessToken();
      if (token == null) {
        throw new ProviderUnavailableException("vertex_ai: " + source + " gave no access token", 0, null, null);
      }
      lastToken = token.getTokenValue();
      return lastToken;
    } catch (IOException e) {
      throw failure(e);
    }
  }

  private GoogleCredentials credentials() throws IOException {
    GoogleCredentials c = credentials;
    if (c == null) {
      synchronized (this) {
        c = credentials;
        if (c == null) {
          if (json == null) {
            c = GoogleCredentials.getApplicationDefault();
          } else {
            try (InputStream in = new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))) {
              c = GoogleCredentials.fromStream(in);
            }
          }
          if (c.createScopedRequired()) {
            c = c.createScoped(List.of(SCOPE));
          }
          credentials = c;
        }
      }
    }
    return c;
  }

  /** A refused grant is an authentication error; the token endpoint out of reach is retryable. */
  private LlmException failure(IOException e) {
    String what = mask(String.valueOf(e.getMessage()));
    String lower = what.toLowerCase(java.util.Locale.ROOT);
    String message = "vertex_ai could not get an access token from " + source + ": " + what;
    if (lower.contains("invalid_grant") || lower.contains("invalid_client") || lower.contains("unauthorized_client")
        || lower.contains("400 bad request") || lower.contains("401 unauthorized") || lower.contains("403 forbidden")
        || lower.contains("default credentials were not found")) {
      return new AuthenticationException(message, 401, null, null);
    }
    return new ProviderUnavailableException(message, 0, null, null);
  }

  @Override
  public String mask(String text) {
    String token = lastToken;
    return text == null || token == null ? text : text.replace(token, "****");
  }

  @Override
  public String toString() {
    return source;
  }
}
