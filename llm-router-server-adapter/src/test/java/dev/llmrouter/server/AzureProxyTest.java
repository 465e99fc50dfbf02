package dev.llmrouter.server;

import static dev.llmrouter.server.ProxyFixture.MASTER_KEY;
import static dev.llmrouter.server.ProxyFixture.PROVIDER_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy in front of an Azure OpenAI upstream (MockWebServer, Azure's error body): Azure's content filter sends the
 * call down {@code content_policy_fallbacks}. Plain, streamed and tool calls through both SDKs are in
 * {@link ProvidersThroughTheProxyTest}.
 */
class AzureProxyTest {
  @StartStop
  private final MockWebServer azure = new MockWebServer();
  private ProxyFixture proxy;
  private OpenAIClient openai;

  @BeforeEach
  void start() throws Exception {
    proxy = ProxyFixture.start("""
        model_list:
          - model_name: azure-gpt
            litellm_params: {model: azure/team-a-gpt4o, api_base: "%s", api_key: %s, api_version: "2024-10-21"}
            model_info: {base_model: azure/gpt-4o}
          - model_name: safe-fallback
            litellm_params: {model: mock/safe, mock_response: "A safer answer."}
        router_settings:
          num_retries: 0
          content_policy_fallbacks: [{azure-gpt: [safe-fallback]}]
        general_settings:
          master_key: %s
        """.formatted(azure.url("/").toString(), PROVIDER_KEY, MASTER_KEY));
    openai = OpenAIOkHttpClient.builder().baseUrl(proxy.baseUrl() + "/v1").apiKey(MASTER_KEY).maxRetries(0)
        .timeout(Duration.ofSeconds(20)).build();
  }

  @AfterEach
  void stop() throws Exception {
    openai.close();
    proxy.assertNoKeyLeaked();
    proxy.close();
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
  }

  @Test
  void azuresContentFilterSendsTheCallToTheContentPolicyFallback() throws Exception {
    azure.enqueue(json(400, "{\"error\":{\"message\":\"The response was filtered due to the prompt triggering Azure "
        + "OpenAI's content management policy. Please modify your prompt and retry.\",\"type\":null,\"param\":"
        + "\"prompt\",\"code\":\"content_filter\",\"status\":400,\"innererror\":{\"code\":"
        + "\"ResponsibleAIPolicyViolation\",\"content_filter_result\":{\"violence\":{\"filtered\":true,"
        + "\"severity\":\"medium\"}}}}}"));
    ChatCompletion answer = openai.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("azure-gpt").addUserMessage("Something the filter dislikes").build());
    assertThat(answer.choices().get(0).message().content()).contains("A safer answer.");
    assertThat(azure.getRequestCount()).isEqualTo(1);
  }
}
