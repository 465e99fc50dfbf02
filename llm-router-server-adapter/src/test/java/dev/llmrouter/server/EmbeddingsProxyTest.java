package dev.llmrouter.server;

import static dev.llmrouter.server.ProxyFixture.MASTER_KEY;
import static dev.llmrouter.server.ProxyFixture.PROVIDER_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.llmrouter.providers.google.VertexTokenServer;
import dev.llmrouter.spi.state.SpendRecord;
import dev.llmrouter.wire.JsonIo;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code POST /v1/embeddings} through the official OpenAI SDK, to each provider with embeddings (a MockWebServer
 * upstream answering in its own format: OpenAI's and Azure's {@code data[].embedding}, Gemini's
 * {@code batchEmbedContents}, Vertex AI's {@code predict}, Cohere's v2 {@code embed}, Ollama's {@code /api/embed},
 * Titan's and Cohere's on Bedrock): the vectors in order, the request the upstream got, the cost at the model's
 * input price and the ledger's record. References are in the providers' code.
 */
class EmbeddingsProxyTest {
  private static final String VERTEX_TOKEN = "ya29.c.embeddings-test-token";

  enum Upstream {
    OPENAI("openai/text-embedding-3-small", "api_key: " + PROVIDER_KEY, "v1", 0.02) {
      @Override
      MockResponse answer() {
        return json("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.25,-0.5,"
            + "0.125]},{\"object\":\"embedding\",\"index\":1,\"embedding\":[1.0,0.0,-1.0]}],\"model\":"
            + "\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":9,\"total_tokens\":9}}");
      }

      @Override
      void check(RecordedRequest sent, Map<?, ?> body) {
        assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/embeddings");
        assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + PROVIDER_KEY);
        assertThat(body.get("input")).isEqualTo(INPUT);
        assertThat(body.get("dimensions")).isEqualTo(3L);
      }
    },
    AZURE("azure/emb-small", "api_key: " + PROVIDER_KEY + ", api_version: \"2024-10-21\"", "", 0.02) {
      @Override
      MockResponse answer() {
        return OPENAI.answer();
      }

      @Override
      String extra() {
        return "\n    model_info: {base_model: azure/text-embedding-3-small}";
      }

      @Override
      void check(RecordedRequest sent, Map<?, ?> body) {
        assertThat(sent.getUrl().encodedPath()).isEqualTo("/openai/deployments/emb-small/embeddings");
        assertThat(sent.getUrl().queryParameter("api-version")).isEqualTo("2024-10-21");
        assertThat(sent.getHeaders().get("api-key")).isEqualTo(PROVIDER_KEY);
      }
    },
    GEMINI("gemini/gemini-embedding-001", "api_key: " + PROVIDER_KEY, "", 0.15) {
      @Override
      MockResponse answer() {
        return json("{\"embeddings\":[{\"values\":[0.25,-0.5,0.125]},{\"values\":[1.0,0.0,-1.0]}]}");
      }

      @Override
      void check(RecordedRequest sent, Map<?, ?> body) {
        assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1beta/models/gemini-embedding-001:batchEmbedContents");
        assertThat(sent.getHeaders().get("x-goog-api-key")).isEqualTo(PROVIDER_KEY);
        assertThat(body).isEqualTo(JsonIo.parseOrNull("{\"requests\":[{\"model\":\"models/gemini-embedding-001\","
            + "\"content\":{\"parts\":[{\"text\":\"The food was delicious.\"}]},\"outputDimensionality\":3},"
            + "{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"The waiter was "
            + "friendly.\"}]},\"outputDimensionality\":3}]}"));
      }

      /** Gemini gives no token count: the router counts the input itself. */
      @Override
      long tokens() {
        return 10;
      }
    },
    VERTEX("vertex_ai/gemini-embedding-001", "vertex_project: p, vertex_location: us-central1, vertex_credentials: "
        + "\"%s\"", "", 0.15) {
      @Override
      MockResponse answer() {
        return json("{\"predictions\":[{\"embeddings\":{\"statistics\":{\"truncated\":false,\"token_count\":5},"
            + "\"values\":[0.25,-0.5,0.125]}},{\"embeddings\":{\"statistics\":{\"truncated\":false,\"token_count\":4},"
            + "\"values\":[1.0,0.0,-1.0]}}],\"metadata\":{\"billableCharacterCount\":41}}");
      }

      @Override
      void check(RecordedRequest sent, Map<?, ?> body) {
        assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/projects/p/locations/us-central1/publishers/google/"
            + "models/gemini-embedding-001:predict");
        assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + VERTEX_TOKEN);
        assertThat(body).isEqualTo(JsonIo.parseOrNull("{\"instances\":[{\"content\":\"The food was delicious.\"},"
            + "{\"content\":\"The waiter was friendly.\"}],\"parameters\":{\"outputDimensionality\":3}}"));
      }
    },
    COHERE("cohere/embed-v4.0", "api_key: " + PROVIDER_KEY, "", 0.12) {
      @Override
      MockResponse answer() {
        return json("{\"id\":\"da6e531f-54c6-4a73-bf92-f60566d8d753\",\"embeddings\":{\"float\":[[0.25,-0.5,0.125],"
            + "[1.0,0.0,-1.0]]},\"texts\":[\"the food was delicious.\",\"the waiter was friendly.\"],\"meta\":{"
            + "\"api_version\":{\"version\":\"2\"},\"billed_units\":{\"input_tokens\":9}}}");
      }

      @Override
      void check(RecordedRequest sent, Map<?, ?> body) {
        assertThat(sent.getUrl().encodedPath()).isEqualTo("/v2/embed");
        assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + PROVIDER_KEY);
        assertThat(body).isEqualTo(JsonIo.parseOrNull("{\"model\":\"embed-v4.0\",\"texts\":[\"The food was "
            + "delicious.\",\"The waiter was friendly.\"],\"input_type\":\"search_document\",\"embedding_types\":["
            + "\"float\"],\"output_dimension\":3}"));
      }
    },
    OLLAMA("ollama_chat/nomic-embed-text", "keep_alive: 5m", "", 0) {
      @Override
      MockResponse answer() {
        return json("{\"model\":\"nomic-embed-text\",\"embeddings\":[[0.25,-0.5,0.125],[1.0,0.0,-1.0]],"
            + "\"total_duration\":14143917,\"load_duration\":1019500,\"prompt_eval_count\":9}");
      }

      @Override
      void check(RecordedRequest sent, Map<?, ?> body) {
        assertThat(sent.getUrl().encodedPath()).isEqualTo("/api/embed");
        assertThat(body).isEqualTo(JsonIo.parseOrNull("{\"model\":\"nomic-embed-text\",\"input\":[\"The food was "
            + "delicious.\",\"The waiter was friendly.\"],\"dimensions\":3,\"keep_alive\":\"5m\"}"));
      }
    },
    OLLAMA_OPENAI("ollama/nomic-embed-text", "api_key: unused", "v1", 0) {
      @Override
      MockResponse answer() {
        return OPENAI.answer();
      }

      @Override
      void check(RecordedRequest sent, Map<?, ?> body) {
        assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/embeddings");
        assertThat(body.get("model")).isEqualTo("nomic-embed-text");
      }
    },
    BEDROCK_COHERE("bedrock/cohere.embed-english-v3", "aws_region_name: us-east-1, aws_access_key_id: "
        + "AKIAIOSFODNN7EXAMPLE, aws_secret_access_key: " + PROVIDER_KEY, "", 0.10) {
      @Override
      MockResponse answer() {
        return json("{\"embeddings\":[[0.25,-0.5,0.125],[1.0,0.0,-1.0]],\"id\":\"3a4b5c6d\",\"response_type\":"
            + "\"embeddings_floats\",\"texts\":[\"the food was delicious.\",\"the waiter was friendly.\"]}");
      }

      @Override
      void check(RecordedRequest sent, Map<?, ?> body) {
        assertThat(sent.getUrl().encodedPath()).isEqualTo("/model/cohere.embed-english-v3/invoke");
        assertThat(body).isEqualTo(JsonIo.parseOrNull("{\"texts\":[\"The food was delicious.\",\"The waiter was "
            + "friendly.\"],\"input_type\":\"search_document\"}"));
      }

      /** Cohere on Bedrock gives no token count: the router counts. */
      @Override
      long tokens() {
        return 10;
      }
    },
    BEDROCK_TITAN("bedrock/amazon.titan-embed-text-v2:0", "aws_region_name: us-east-1, aws_access_key_id: "
        + "AKIAIOSFODNN7EXAMPLE, aws_secret_access_key: " + PROVIDER_KEY, "", 0.02) {
      private int call;

      @Override
      MockResponse answer() {
        return json(call++ % 2 == 0 ? "{\"embedding\":[0.25,-0.5,0.125],\"inputTextTokenCount\":5}"
            : "{\"embedding\":[1.0,0.0,-1.0],\"inputTextTokenCount\":4}");
      }

      @Override
      int requests() {
        return 2; // Titan embeds one text a call
      }

      @Override
      void check(RecordedRequest sent, Map<?, ?> body) {
        assertThat(sent.getUrl().encodedPath()).isEqualTo("/model/amazon.titan-embed-text-v2%3A0/invoke");
        assertThat(sent.getHeaders().get("Authorization")).contains("/us-east-1/bedrock/aws4_request");
        assertThat(body.get("inputText")).isIn(INPUT);
        assertThat(body.get("dimensions")).isEqualTo(3L);
      }
    };

    static final List<String> INPUT = List.of("The food was delicious.", "The waiter was friendly.");
    final String model;
    final String params;
    final String apiBasePath;
    /** USD per 1M input tokens, from the bundled table. */
    final double price;

    Upstream(String model, String params, String apiBasePath, double price) {
      this.model = model;
      this.params = params;
      this.apiBasePath = apiBasePath;
      this.price = price;
    }

    abstract MockResponse answer();

    abstract void check(RecordedRequest sent, Map<?, ?> body);

    String extra() {
      return "";
    }

    int requests() {
      return 1;
    }

    /** The input tokens the call is billed for: the provider's count. */
    long tokens() {
      return 9;
    }

    static MockResponse json(String body) {
      return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
    }
  }

  @StartStop
  private final MockWebServer upstream = new MockWebServer();
  @TempDir
  Path dir;
  private VertexTokenServer tokens;
  private ProxyFixture proxy;
  private OpenAIClient openai;

  private void start(Upstream kind) throws Exception {
    String params = kind.params;
    if (params.contains("%s")) {
      tokens = new VertexTokenServer(VERTEX_TOKEN);
      Path file = dir.resolve("sa.json");
      Files.writeString(file, tokens.credentialsJson());
      params = params.formatted(file);
    }
    proxy = ProxyFixture.start("""
        model_list:
          - model_name: emb
            litellm_params: {model: %s, api_base: "%s", %s}%s
        router_settings:
          num_retries: 0
        general_settings:
          master_key: %s
        """.formatted(kind.model, upstream.url("/" + kind.apiBasePath), params, kind.extra(), MASTER_KEY));
    openai = OpenAIOkHttpClient.builder().baseUrl(proxy.baseUrl() + "/v1").apiKey(MASTER_KEY).maxRetries(0)
        .timeout(Duration.ofSeconds(20)).build();
  }

  @AfterEach
  void stop() throws Exception {
    if (tokens != null) {
      tokens.close();
    }
    if (proxy != null) {
      openai.close();
      proxy.assertNoKeyLeaked();
      proxy.assertNotLogged(VERTEX_TOKEN);
      proxy.calls.assertBalanced();
      proxy.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Upstream.class)
  void theOpenAiSdkGetsTheVectorsInOrderPricedAndRecorded(Upstream kind) throws Exception {
    start(kind);
    for (int i = 0; i < kind.requests(); i++) {
      upstream.enqueue(kind.answer());
    }
    CreateEmbeddingResponse response = openai.embeddings().create(EmbeddingCreateParams.builder().model("emb")
        .inputOfArrayOfStrings(Upstream.INPUT).dimensions(3).build());

    assertThat(response.data()).hasSize(2);
    assertThat(response.data().get(0).embedding()).containsExactly(0.25f, -0.5f, 0.125f);
    assertThat(response.data().get(1).embedding()).containsExactly(1.0f, 0.0f, -1.0f);
    assertThat(response.data().get(1).index()).isEqualTo(1);
    assertThat(response.model()).isEqualTo("emb");
    assertThat(response.usage().promptTokens()).isEqualTo(kind.tokens());
    for (int i = 0; i < kind.requests(); i++) {
      RecordedRequest sent = upstream.takeRequest();
      kind.check(sent, (Map<?, ?>) JsonIo.parseOrNull(sent.getBody().utf8()));
    }

    SpendRecord record = proxy.calls.records.get(0);
    assertThat(proxy.calls.records).hasSize(1);
    assertThat(record.alias()).isEqualTo("emb");
    assertThat(record.status()).isEqualTo("success");
    assertThat(record.usage().inputTokens()).isEqualTo(kind.tokens());
    assertThat(record.usage().outputTokens()).isZero();
    assertThat(record.cost()).isEqualByComparingTo(BigDecimal.valueOf(kind.price).multiply(
        BigDecimal.valueOf(kind.tokens())).divide(BigDecimal.valueOf(1_000_000)));
  }

  @Test
  void floatsOrBase64AsAskedAndAnEmptyInputIsAClearError() throws Exception {
    start(Upstream.OPENAI);
    upstream.enqueue(Upstream.OPENAI.answer());
    upstream.enqueue(Upstream.OPENAI.answer());
    HttpResponse<String> floats = proxy.post("/v1/embeddings", "{\"model\":\"emb\",\"input\":[\"a\",\"b\"]}",
        "Authorization", "Bearer " + MASTER_KEY);
    assertThat(floats.statusCode()).as(floats.body()).isEqualTo(200);
    assertThat(floats.body()).contains("\"embedding\":[0.25,-0.5,0.125]");
    HttpResponse<String> base64 = proxy.post("/v1/embeddings", "{\"model\":\"emb\",\"input\":\"a\","
        + "\"encoding_format\":\"base64\"}", "Authorization", "Bearer " + MASTER_KEY);
    assertThat(base64.body()).contains("\"embedding\":\"AACAPgAAAL8AAAA+\""); // 0.25, -0.5, 0.125 as float32 LE
    HttpResponse<String> empty = proxy.post("/v1/embeddings", "{\"model\":\"emb\",\"input\":[]}",
        "Authorization", "Bearer " + MASTER_KEY);
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body()).contains("\"type\":\"invalid_request_error\"").contains("input");
    assertThat(upstream.getRequestCount()).isEqualTo(2);
  }
}
