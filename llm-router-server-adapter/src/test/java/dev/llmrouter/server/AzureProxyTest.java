package dev.llmrouter.server;

import static dev.llmrouter.server.ProxyFixture.MASTER_KEY;
import static dev.llmrouter.server.ProxyFixture.PROVIDER_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy in front of an Azure OpenAI upstream (MockWebServer, Azure's bodies), driven by the official OpenAI and
 * Anthropic SDKs: plain, streamed and tool calls reach Azure's deployments path with the {@code api-key} header, and
 * Azure's content filter sends the call down {@code content_policy_fallbacks}.
 */
class AzureProxyTest {
  private static final String FILTERS = "{\"hate\":{\"filtered\":false,\"severity\":\"safe\"},\"self_harm\":"
      + "{\"filtered\":false,\"severity\":\"safe\"},\"sexual\":{\"filtered\":false,\"severity\":\"safe\"},"
      + "\"violence\":{\"filtered\":false,\"severity\":\"safe\"}}";

  @StartStop
  private final MockWebServer azure = new MockWebServer();
  private ProxyFixture proxy;
  private OpenAIClient openai;
  private AnthropicClient anthropic;

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
    anthropic = AnthropicOkHttpClient.builder().baseUrl(proxy.baseUrl()).apiKey(MASTER_KEY).maxRetries(0).build();
  }

  @AfterEach
  void stop() throws Exception {
    openai.close();
    anthropic.close();
    proxy.assertNoKeyLeaked();
    proxy.close();
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
  }

  private static String completion(String text) {
    return "{\"choices\":[{\"content_filter_results\":" + FILTERS + ",\"finish_reason\":\"stop\",\"index\":0,"
        + "\"logprobs\":null,\"message\":{\"content\":\"" + text + "\",\"refusal\":null,\"role\":\"assistant\"}}],"
        + "\"created\":1733270000,\"id\":\"chatcmpl-AaZ0pR7v\",\"model\":\"gpt-4o-2024-08-06\",\"object\":"
        + "\"chat.completion\",\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":" + FILTERS
        + "}],\"system_fingerprint\":\"fp_04751d0b65\",\"usage\":{\"completion_tokens\":5,\"prompt_tokens\":9,"
        + "\"total_tokens\":14}}";
  }

  private static MockResponse stream(String... texts) {
    StringBuilder sb = new StringBuilder("data: {\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\","
        + "\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":" + FILTERS + "}]}\n\n");
    String head = "data: {\"choices\":[{\"content_filter_results\":" + FILTERS + ",\"delta\":";
    String tail = ",\"index\":0,\"logprobs\":null}],\"created\":1733270000,\"id\":\"chatcmpl-AaZ1kQm3\",\"model\":"
        + "\"gpt-4o-2024-08-06\",\"object\":\"chat.completion.chunk\",\"system_fingerprint\":\"fp_04751d0b65\"}\n\n";
    sb.append(head).append("{\"content\":\"\",\"role\":\"assistant\"},\"finish_reason\":null").append(tail);
    for (String t : texts) {
      sb.append(head).append("{\"content\":\"").append(t).append("\"},\"finish_reason\":null").append(tail);
    }
    sb.append(head).append("{},\"finish_reason\":\"stop\"").append(tail);
    sb.append("data: {\"choices\":[],\"created\":1733270000,\"id\":\"chatcmpl-AaZ1kQm3\",\"model\":"
        + "\"gpt-4o-2024-08-06\",\"object\":\"chat.completion.chunk\",\"usage\":{\"completion_tokens\":4,"
        + "\"prompt_tokens\":9,\"total_tokens\":13}}\n\ndata: [DONE]\n\n");
    return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream; charset=utf-8")
        .body(sb.toString()).build();
  }

  private void assertAzureRequest(RecordedRequest sent) {
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/openai/deployments/team-a-gpt4o/chat/completions");
    assertThat(sent.getUrl().queryParameter("api-version")).isEqualTo("2024-10-21");
    assertThat(sent.getHeaders().get("api-key")).isEqualTo(PROVIDER_KEY);
    assertThat(sent.getHeaders().get("Authorization")).isNull();
  }

  @Test
  void theOpenAiSdkGetsAzuresAnswerPlainStreamedAndAsAToolCall() throws Exception {
    azure.enqueue(json(200, completion("Hello from Azure.")));
    ChatCompletion plain = openai.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("azure-gpt").addUserMessage("Hi").build());
    assertThat(plain.choices().get(0).message().content()).contains("Hello from Azure.");
    assertThat(plain.model()).isEqualTo("azure-gpt");
    RecordedRequest sent = azure.takeRequest();
    assertAzureRequest(sent);
    assertThat(sent.getBody().utf8()).contains("\"model\":\"team-a-gpt4o\"");

    azure.enqueue(stream("Hello", " from", " Azure."));
    StringBuilder text = new StringBuilder();
    try (com.openai.core.http.StreamResponse<ChatCompletionChunk> chunks = openai.chat().completions()
        .createStreaming(ChatCompletionCreateParams.builder().model("azure-gpt").addUserMessage("Hi").build())) {
      chunks.stream().filter(c -> !c.choices().isEmpty())
          .forEach(c -> text.append(c.choices().get(0).delta().content().orElse("")));
    }
    assertThat(text.toString()).isEqualTo("Hello from Azure.");
    assertAzureRequest(azure.takeRequest());

    azure.enqueue(json(200, "{\"choices\":[{\"content_filter_results\":{},\"finish_reason\":\"tool_calls\","
        + "\"index\":0,\"logprobs\":null,\"message\":{\"content\":null,\"refusal\":null,\"role\":\"assistant\","
        + "\"tool_calls\":[{\"function\":{\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\",\"name\":\"get_weather\"},"
        + "\"id\":\"call_7\",\"type\":\"function\"}]}}],\"created\":1733270000,\"id\":\"chatcmpl-AaZ0q2Lx\","
        + "\"model\":\"gpt-4o-2024-08-06\",\"object\":\"chat.completion\",\"usage\":{\"completion_tokens\":17,"
        + "\"prompt_tokens\":82,\"total_tokens\":99}}"));
    FunctionDefinition weather = FunctionDefinition.builder().name("get_weather").description("Weather in a city")
        .parameters(FunctionParameters.builder()
            .putAdditionalProperty("type", JsonValue.from("object"))
            .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
            .putAdditionalProperty("required", JsonValue.from(List.of("city")))
            .build())
        .build();
    ChatCompletion call = openai.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("azure-gpt").addUserMessage("Weather in Paris?").addFunctionTool(weather).build());
    ChatCompletionMessageFunctionToolCall toolCall =
        call.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
    assertThat(toolCall.id()).isEqualTo("call_7");
    assertThat(toolCall.function().arguments()).isEqualTo("{\"city\":\"Paris\"}");
    RecordedRequest toolSent = azure.takeRequest();
    assertAzureRequest(toolSent);
    assertThat(toolSent.getBody().utf8()).contains("\"tools\"").contains("\"get_weather\"");
  }

  @Test
  void theAnthropicSdkGetsAzuresAnswerTranslatedPlainAndStreamed() throws Exception {
    azure.enqueue(json(200, completion("Hello from Azure.")));
    Message message = anthropic.messages().create(MessageCreateParams.builder().model("azure-gpt").maxTokens(256)
        .addUserMessage("Hello").build());
    assertThat(message.content().get(0).asText().text()).isEqualTo("Hello from Azure.");
    assertThat(message.usage().inputTokens()).isEqualTo(9);
    assertAzureRequest(azure.takeRequest());

    azure.enqueue(stream("Hello", " from", " Azure."));
    StringBuilder text = new StringBuilder();
    try (StreamResponse<RawMessageStreamEvent> events = anthropic.messages().createStreaming(
        MessageCreateParams.builder().model("azure-gpt").maxTokens(256).addUserMessage("Hello").build())) {
      events.stream().forEach(e -> e.contentBlockDelta().flatMap(d -> d.delta().text())
          .ifPresent(t -> text.append(t.text())));
    }
    assertThat(text.toString()).isEqualTo("Hello from Azure.");
    assertAzureRequest(azure.takeRequest());
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
