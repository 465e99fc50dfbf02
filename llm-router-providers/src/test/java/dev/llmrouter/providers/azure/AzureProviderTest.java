package dev.llmrouter.providers.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.AuthenticationException;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentPolicyException;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.api.spi.Secret;
import dev.llmrouter.providers.ProviderContractTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * Azure OpenAI against MockWebServer, with bodies in Azure's wire format: OpenAI's chat completion plus Azure's
 * {@code prompt_filter_results} and per-choice {@code content_filter_results}, the stream's first chunk with empty
 * {@code choices} and empty id that carries only the prompt's filter results, and Azure's error bodies
 * ({@code {"error":{"code":"401","message":...}}}; the content filter's 400 with code {@code content_filter} and
 * {@code innererror.code} {@code ResponsibleAIPolicyViolation}).
 * References: https://learn.microsoft.com/azure/ai-foundry/openai/reference (chat completions, api-version
 * 2024-10-21) and https://learn.microsoft.com/azure/ai-foundry/openai/concepts/content-filter (the annotations and
 * the filtered prompt's error).
 */
class AzureProviderTest extends ProviderContractTest {
  private static final String FILTERS = "{\"hate\":{\"filtered\":false,\"severity\":\"safe\"},"
      + "\"self_harm\":{\"filtered\":false,\"severity\":\"safe\"},\"sexual\":{\"filtered\":false,\"severity\":\"safe\"},"
      + "\"violence\":{\"filtered\":false,\"severity\":\"safe\"}}";
  private static final String PROMPT_FILTERS = "[{\"prompt_index\":0,\"content_filter_results\":" + FILTERS + "}]";

  @Override
  protected Provider newProvider(DeploymentSettings settings) {
    return new AzureProviderFactory().create(settings);
  }

  @Override
  protected String providerId() {
    return "azure";
  }

  /** The resource's endpoint, as users write it: {@code https://<resource>.openai.azure.com/}. */
  @Override
  protected String apiBase() {
    return server.url("/").toString();
  }

  private Provider azure(String apiVersion, String apiKey, Map<String, Object> params) {
    return new AzureProviderFactory().create(new DeploymentSettings("d1", "azure", "gpt4o-prod", Secret.of(apiKey),
        apiBase(), apiVersion, Duration.ofSeconds(10), Duration.ofSeconds(10), Map.of(), params));
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .addHeader("apim-request-id", "0a8c2d0e-5e2b-4b8e-9f7e-3f2b1c0d9e8a").body(body).build();
  }

  /** The first chunk Azure streams: no choices, no id, the prompt's filter results. */
  private static String promptFilterChunk() {
    return "{\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\",\"prompt_filter_results\":"
        + PROMPT_FILTERS + "}";
  }

  private static String chunk(String delta, String finishReason) {
    return "{\"choices\":[{\"content_filter_results\":" + (delta.contains("content\":\"\"") ? "{}" : FILTERS)
        + ",\"delta\":" + delta + ",\"finish_reason\":" + (finishReason == null ? "null" : "\"" + finishReason + "\"")
        + ",\"index\":0,\"logprobs\":null}],\"created\":1733270000,\"id\":\"chatcmpl-AaZ1kQm3\",\"model\":"
        + "\"gpt-4o-2024-08-06\",\"object\":\"chat.completion.chunk\",\"system_fingerprint\":\"fp_04751d0b65\"}";
  }

  private static String usageChunk(int prompt, int completion) {
    return "{\"choices\":[],\"created\":1733270000,\"id\":\"chatcmpl-AaZ1kQm3\",\"model\":\"gpt-4o-2024-08-06\","
        + "\"object\":\"chat.completion.chunk\",\"system_fingerprint\":\"fp_04751d0b65\",\"usage\":{"
        + "\"completion_tokens\":" + completion + ",\"prompt_tokens\":" + prompt + ",\"total_tokens\":"
        + (prompt + completion) + ",\"completion_tokens_details\":{\"reasoning_tokens\":0},"
        + "\"prompt_tokens_details\":{\"cached_tokens\":0}}}";
  }

  @Override
  protected MockResponse textResponse() {
    return json("{\"choices\":[{\"content_filter_results\":" + FILTERS + ",\"finish_reason\":\"stop\",\"index\":0,"
        + "\"logprobs\":null,\"message\":{\"content\":\"Hello there!\",\"refusal\":null,\"role\":\"assistant\"}}],"
        + "\"created\":1733270000,\"id\":\"chatcmpl-AaZ0pR7v\",\"model\":\"gpt-4o-2024-08-06\","
        + "\"object\":\"chat.completion\",\"prompt_filter_results\":" + PROMPT_FILTERS + ","
        + "\"system_fingerprint\":\"fp_04751d0b65\",\"usage\":{\"completion_tokens\":4,"
        + "\"completion_tokens_details\":{\"reasoning_tokens\":0},\"prompt_tokens\":12,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":0},\"total_tokens\":16}}");
  }

  @Override
  protected MockResponse toolCallResponse() {
    return json("{\"choices\":[{\"content_filter_results\":{},\"finish_reason\":\"tool_calls\",\"index\":0,"
        + "\"logprobs\":null,\"message\":{\"content\":null,\"refusal\":null,\"role\":\"assistant\",\"tool_calls\":[{"
        + "\"function\":{\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\",\"name\":\"get_weather\"},\"id\":\"call_1\","
        + "\"type\":\"function\"}]}}],\"created\":1733270000,\"id\":\"chatcmpl-AaZ0q2Lx\","
        + "\"model\":\"gpt-4o-2024-08-06\",\"object\":\"chat.completion\",\"prompt_filter_results\":" + PROMPT_FILTERS
        + ",\"system_fingerprint\":\"fp_04751d0b65\",\"usage\":{\"completion_tokens\":17,\"prompt_tokens\":82,"
        + "\"total_tokens\":99}}");
  }

  @Override
  protected MockResponse streamedTextResponse() {
    return sseData(
        promptFilterChunk(),
        chunk("{\"content\":\"\",\"refusal\":null,\"role\":\"assistant\"}", null),
        chunk("{\"content\":\"Hello\"}", null),
        chunk("{\"content\":\" there!\"}", null),
        chunk("{}", "stop"),
        usageChunk(12, 4),
        "[DONE]");
  }

  @Override
  protected MockResponse streamedToolCallResponse() {
    return sseData(
        promptFilterChunk(),
        chunk("{\"content\":null,\"refusal\":null,\"role\":\"assistant\",\"tool_calls\":[{\"function\":{\"arguments\":"
            + "\"\",\"name\":\"get_weather\"},\"id\":\"call_1\",\"index\":0,\"type\":\"function\"}]}", null),
        chunk("{\"tool_calls\":[{\"function\":{\"arguments\":\"{\\\"\"},\"index\":0}]}", null),
        chunk("{\"tool_calls\":[{\"function\":{\"arguments\":\"city\\\":\\\"\"},\"index\":0}]}", null),
        chunk("{\"tool_calls\":[{\"function\":{\"arguments\":\"Paris\\\"}\"},\"index\":0}]}", null),
        chunk("{}", "tool_calls"),
        usageChunk(82, 17),
        "[DONE]");
  }

  /** Azure's own error body: a string code (the status, or a name) and a message. */
  @Override
  protected MockResponse.Builder errorResponse(int status, String message) {
    return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
        .body("{\"error\":{\"code\":\"" + status + "\",\"message\":\"" + message + "\"}}");
  }

  @Override
  protected String streamTextChunk(String text) {
    return "data: " + chunk("{\"content\":\"" + text + "\"}", null) + "\n\n";
  }

  @Test
  void sendsTheOpenAiBodyToTheDeploymentsPathWithTheApiKeyHeader() throws Exception {
    server.enqueue(textResponse());
    try (Provider p = azure(null, API_KEY, Map.of())) {
      p.chat(dev.llmrouter.api.ChatRequest.builder("gpt4o-prod").user("Say hello").maxTokens(64).build());
    }
    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/openai/deployments/gpt4o-prod/chat/completions");
    assertThat(request.getUrl().queryParameter("api-version")).isEqualTo("2024-10-21");
    assertThat(request.getHeaders().get("api-key")).isEqualTo(API_KEY);
    assertThat(request.getHeaders().get("Authorization")).isNull();
    assertThat(request.getBody().utf8()).isEqualTo("{\"model\":\"gpt4o-prod\",\"messages\":["
        + "{\"role\":\"user\",\"content\":\"Say hello\"}],\"max_tokens\":64}");
  }

  @Test
  void theConfiguredApiVersionAndAnEndpointWithOpenaiAndSlashesAreUsed() throws Exception {
    server.enqueue(textResponse());
    try (Provider p = new AzureProviderFactory().create(new DeploymentSettings("d1", "azure", "gpt4o-prod",
        Secret.of(API_KEY), server.url("/openai/").toString(), "2025-01-01-preview", Duration.ofSeconds(10),
        Duration.ofSeconds(10), Map.of(), Map.of()))) {
      p.chat(simpleRequest());
    }
    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/openai/deployments/gpt4o-prod/chat/completions");
    assertThat(request.getUrl().encodedQuery()).isEqualTo("api-version=2025-01-01-preview");
  }

  @Test
  void anEntraIdTokenGoesAsABearerTokenInsteadOfTheKeyAndIsMaskedInErrors() throws Exception {
    String token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.entra-test-token";
    server.enqueue(textResponse());
    server.enqueue(errorResponse(401, "Unauthorized. Token " + token + " is expired.").build());
    try (Provider p = azure(null, null, Map.of("azure_ad_token", token))) {
      p.chat(simpleRequest());
      assertThatThrownBy(() -> p.chat(simpleRequest())).isInstanceOf(AuthenticationException.class)
          .satisfies(e -> assertThat(e.getMessage()).contains("is expired").doesNotContain(token));
    }
    RecordedRequest request = server.takeRequest();
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + token);
    assertThat(request.getHeaders().get("api-key")).isNull();
  }

  @Test
  void theV1ApiHasNoDeploymentInThePathAndNoApiVersion() throws Exception {
    server.enqueue(textResponse());
    try (Provider p = azure("v1", API_KEY, Map.of())) {
      // the router sends the deployment's model (here the Azure deployment's name) as the request's model
      p.chat(dev.llmrouter.api.ChatRequest.builder("gpt4o-prod").user("Say hello").build());
    }
    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/openai/v1/chat/completions");
    assertThat(request.getUrl().encodedQuery()).isNull();
    assertThat(request.getBody().utf8()).startsWith("{\"model\":\"gpt4o-prod\",");
  }

  /** The prompt tripped the filter: a 400 naming the categories, which is a content-policy failure. */
  private static MockResponse filteredPrompt() {
    return new MockResponse.Builder().code(400).addHeader("Content-Type", "application/json")
        .body("{\"error\":{\"message\":\"The response was filtered due to the prompt triggering Azure OpenAI's content "
            + "management policy. Please modify your prompt and retry. To learn more about our content filtering "
            + "policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766\",\"type\":null,"
            + "\"param\":\"prompt\",\"code\":\"content_filter\",\"status\":400,\"innererror\":{\"code\":"
            + "\"ResponsibleAIPolicyViolation\",\"content_filter_result\":{\"hate\":{\"filtered\":false,\"severity\":"
            + "\"safe\"},\"jailbreak\":{\"filtered\":false,\"detected\":false},\"self_harm\":{\"filtered\":false,"
            + "\"severity\":\"safe\"},\"sexual\":{\"filtered\":false,\"severity\":\"safe\"},\"violence\":{\"filtered\":"
            + "true,\"severity\":\"medium\"}}}}}").build();
  }

  @Test
  void aFilteredPromptIsAContentPolicyFailurePlainAndStreamed() throws Exception {
    server.enqueue(filteredPrompt());
    assertThatThrownBy(() -> provider().chat(simpleRequest())).isInstanceOf(ContentPolicyException.class)
        .satisfies(e -> {
          assertThat(((LlmException) e).status()).isEqualTo(400);
          assertThat(((LlmException) e).providerError()).contains("content_filter");
          assertThat(((LlmException) e).retryable()).isFalse();
        });
    server.enqueue(filteredPrompt());
    Recorder recorder = new Recorder() {};
    provider().stream(simpleRequest(), recorder);
    assertThatThrownBy(() -> recorder.done.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(ContentPolicyException.class);
  }

  @Test
  void aCompletionTheFilterCutShortEndsWithTheContentFilterReason() {
    server.enqueue(json("{\"choices\":[{\"content_filter_results\":{\"hate\":{\"filtered\":false,\"severity\":"
        + "\"safe\"},\"self_harm\":{\"filtered\":false,\"severity\":\"safe\"},\"sexual\":{\"filtered\":false,"
        + "\"severity\":\"safe\"},\"violence\":{\"filtered\":true,\"severity\":\"medium\"}},\"finish_reason\":"
        + "\"content_filter\",\"index\":0,\"logprobs\":null,\"message\":{\"content\":\"Here is how\",\"refusal\":null,"
        + "\"role\":\"assistant\"}}],\"created\":1733270000,\"id\":\"chatcmpl-AaZ0z9Qe\",\"model\":"
        + "\"gpt-4o-2024-08-06\",\"object\":\"chat.completion\",\"prompt_filter_results\":" + PROMPT_FILTERS + ","
        + "\"system_fingerprint\":\"fp_04751d0b65\",\"usage\":{\"completion_tokens\":3,\"prompt_tokens\":12,"
        + "\"total_tokens\":15}}"));
    ChatResponse response = provider().chat(simpleRequest());
    assertThat(response.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(response.rawFinishReason()).isEqualTo("content_filter");
  }

  /** Asynchronous filtering: annotation chunks with filter results and offsets but no delta come between and after. */
  @Test
  void aStreamWithAsynchronousFilterAnnotationsGivesTheWholeText() throws Exception {
    String annotation = "{\"choices\":[{\"content_filter_offsets\":{\"check_offset\":0,\"start_offset\":0,"
        + "\"end_offset\":12},\"content_filter_results\":" + FILTERS + ",\"finish_reason\":null,\"index\":0}],"
        + "\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\"}";
    server.enqueue(sseData(promptFilterChunk(), chunk("{\"content\":\"\",\"role\":\"assistant\"}", null),
        chunk("{\"content\":\"Hello\"}", null), annotation, chunk("{\"content\":\" there!\"}", null),
        chunk("{}", "stop"), annotation, usageChunk(12, 4), "[DONE]"));
    Recorder recorder = new Recorder() {};
    provider().stream(simpleRequest(), recorder);
    ChatResponse response = recorder.done.get(10, TimeUnit.SECONDS);
    assertThat(response.text()).isEqualTo("Hello there!");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.usage().outputTokens()).isEqualTo(4);
  }

  @Test
  void aDeploymentWithoutEndpointOrCredentialIsRefusedWithWhatIsMissing() {
    assertThatThrownBy(() -> new AzureProviderFactory().create(new DeploymentSettings("d1", "azure", "gpt4o-prod",
        Secret.of(API_KEY), null, null, Duration.ofSeconds(10), Duration.ofSeconds(10), Map.of(), Map.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("api_base");
    assertThatThrownBy(() -> azure(null, null, Map.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("api_key").hasMessageContaining("azure_ad_token");
  }

  @Test
  void anEmbeddingGoesToTheDeploymentsEmbeddingsWithTheApiVersion() throws Exception {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body("{\"object\":"
        + "\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.5]}],\"model\":"
        + "\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}}").build());
    provider().embed(dev.llmrouter.api.ChatRequest.ofEmbedding("test-model", List.of("hi"), null, null, null),
        dev.llmrouter.api.spi.CancelSignal.NONE);
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getUrl().encodedPath()).endsWith("/openai/deployments/test-model/embeddings");
    assertThat(sent.getUrl().queryParameter("api-version")).isNotBlank();
  }
}
