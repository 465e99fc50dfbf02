package dev.llmrouter.providers.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.AuthenticationException;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.providers.ProviderContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gemini on Vertex AI against MockWebServer: the same {@code generateContent} bodies as AI Studio's (see
 * {@link GeminiProviderTest}), under Vertex's publisher-model URL
 * (https://cloud.google.com/vertex-ai/generative-ai/docs/reference/rest/v1/projects.locations.publishers.models/generateContent),
 * with a bearer token that Google's auth library gets from a service-account key at a MockWebServer token endpoint
 * ({@link VertexTokenServer}).
 */
class VertexAiProviderTest extends ProviderContractTest {
  private VertexTokenServer tokens;

  @BeforeEach
  void startTokenServer() throws Exception {
    tokens = new VertexTokenServer(API_KEY); // the access token is the secret the contract looks for
  }

  @AfterEach
  void stopTokenServer() throws Exception {
    tokens.close();
  }

  @Override
  protected Provider newProvider(DeploymentSettings s) {
    return new VertexAiProviderFactory().create(vertex(s, Map.of()));
  }

  private DeploymentSettings vertex(DeploymentSettings s, Map<String, Object> more) {
    Map<String, Object> params = new HashMap<>(s.params());
    params.put("vertex_project", "test-project");
    params.put("vertex_location", "europe-west4");
    params.put("vertex_credentials", tokens.credentialsJson());
    params.putAll(more);
    return new DeploymentSettings(s.deploymentId(), "vertex_ai", s.model(), null, s.apiBase(), null, s.timeout(),
        s.streamTimeout(), s.headers(), params);
  }

  @Override
  protected String providerId() {
    return "vertex_ai";
  }

  @Override
  protected String apiBase() {
    return server.url("/").toString();
  }

  @Override
  protected MockResponse textResponse() {
    return new MockResponse.Builder().addHeader("Content-Type", "application/json; charset=UTF-8")
        .body(GeminiProviderTest.chunk(GeminiProviderTest.text("Hello there!"), "STOP",
            GeminiProviderTest.usage(12, 4))).build();
  }

  @Override
  protected MockResponse toolCallResponse() {
    return new MockResponse.Builder().addHeader("Content-Type", "application/json; charset=UTF-8")
        .body(GeminiProviderTest.chunk("{\"functionCall\":{\"id\":\"call_1\",\"name\":\"get_weather\",\"args\":{"
            + "\"city\":\"Paris\"}}}", "STOP", GeminiProviderTest.usage(82, 17))).build();
  }

  @Override
  protected MockResponse streamedTextResponse() {
    return GeminiProviderTest.sse(
        GeminiProviderTest.chunk(GeminiProviderTest.text("Hello"), null, GeminiProviderTest.usage(12, 1)),
        GeminiProviderTest.chunk(GeminiProviderTest.text(" there!"), "STOP", GeminiProviderTest.usage(12, 4)));
  }

  @Override
  protected MockResponse streamedToolCallResponse() {
    return GeminiProviderTest.sse(GeminiProviderTest.chunk("{\"functionCall\":{\"id\":\"call_1\",\"name\":"
        + "\"get_weather\",\"args\":{\"city\":\"Paris\"}}}", "STOP", GeminiProviderTest.usage(82, 17)));
  }

  @Override
  protected MockResponse.Builder errorResponse(int status, String message) {
    return GeminiProviderTest.googleError(status, message);
  }

  @Override
  protected String streamTextChunk(String text) {
    return "data: " + GeminiProviderTest.chunk(GeminiProviderTest.text(text), null, GeminiProviderTest.usage(12, 1))
        + "\r\n\r\n";
  }

  /** Vertex streams a function call whole, as AI Studio does. */
  @Override
  protected boolean toolCallsArriveWhole() {
    return true;
  }

  @Test
  void callsThePublisherModelWithATokenFromTheServiceAccountKey() throws Exception {
    server.enqueue(textResponse());
    server.enqueue(streamedTextResponse());
    provider().chat(simpleRequest());
    provider().streamBlocking(simpleRequest(), new Recorder(), action -> { });

    RecordedRequest call = server.takeRequest();
    assertThat(call.getUrl().encodedPath()).isEqualTo("/v1/projects/test-project/locations/europe-west4/publishers/"
        + "google/models/test-model:generateContent");
    assertThat(call.getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);
    assertThat(call.getHeaders().get("x-goog-api-key")).isNull();
    GeminiProviderTest.assertJsonEquals(call.getBody().utf8(), "{\"contents\":[{\"role\":\"user\",\"parts\":[{"
        + "\"text\":\"Say hello\"}]}],\"generationConfig\":{\"maxOutputTokens\":64}}");
    RecordedRequest stream = server.takeRequest();
    assertThat(stream.getUrl().encodedPath()).endsWith("/publishers/google/models/test-model:streamGenerateContent");
    assertThat(stream.getUrl().queryParameter("alt")).isEqualTo("sse");

    assertThat(tokens.claims).as("one token exchange, the token kept for the second call").hasSize(1);
    Map<String, Object> claims = tokens.claims.get(0);
    assertThat(claims).containsEntry("iss", VertexTokenServer.CLIENT_EMAIL)
        .containsEntry("aud", "https://oauth2.googleapis.com/token") // the library names Google's endpoint
        .containsEntry("scope", VertexCredentials.SCOPE);
    assertThat(((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue()).isEqualTo(3600);
  }

  @Test
  void aRefusedGrantIsAnAuthenticationErrorAndNoCallIsMade() {
    tokens.refuse();
    assertThatThrownBy(() -> provider().chat(simpleRequest())).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("vertex_ai could not get an access token").hasMessageContaining("invalid_grant");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void credentialsComeFromAFileTooAndTheGlobalLocationHasNoRegion(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("sa.json");
    Files.writeString(key, tokens.credentialsJson());
    server.enqueue(textResponse());
    DeploymentSettings base = new DeploymentSettings("d", "vertex_ai", "gemini-2.5-pro", null, null, null,
        Duration.ofSeconds(10), Duration.ofSeconds(10), Map.of(), Map.of());
    Map<String, Object> params = Map.of("vertex_project", "p", "vertex_location", "global", "vertex_credentials",
        key.toString());
    try (Provider p = new VertexAiProviderFactory().create(new DeploymentSettings("d", "vertex_ai", "gemini-2.5-pro",
        null, apiBase(), null, base.timeout(), base.streamTimeout(), Map.of(), params))) {
      p.chat(simpleRequest().toBuilder().model("gemini-2.5-pro").build());
    }
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/projects/p/locations/global/publishers/"
        + "google/models/gemini-2.5-pro:generateContent");
    assertThatThrownBy(() -> new VertexAiProviderFactory().create(new DeploymentSettings("d", "vertex_ai", "m", null,
        null, null, base.timeout(), base.streamTimeout(), Map.of(), Map.of("vertex_credentials", "{}"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vertex_project");
    assertThatThrownBy(() -> new VertexAiProviderFactory().create(new DeploymentSettings("d", "vertex_ai", "m", null,
        null, null, base.timeout(), base.streamTimeout(), Map.of(), Map.of("vertex_project", "p",
        "vertex_credentials", dir.resolve("missing.json").toString()))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vertex_credentials");
  }
}
