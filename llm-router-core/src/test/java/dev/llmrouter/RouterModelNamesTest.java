package dev.llmrouter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.Dialect;
import dev.llmrouter.api.Message;
import dev.llmrouter.api.ModelNotFoundException;
import dev.llmrouter.api.NativeRequest;
import dev.llmrouter.api.ResponseFormat;
import dev.llmrouter.api.Role;
import dev.llmrouter.api.Tool;
import dev.llmrouter.api.UnsupportedParameterException;
import dev.llmrouter.api.spi.Capabilities;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.api.spi.ProviderFactory;
import dev.llmrouter.config.ConfigException;
import dev.llmrouter.testing.OpenAiBodies;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which alias serves a model name (wildcards, {@code model_group_alias}), what the providers behind it accept
 * (extra fields of a dialect, tools, images, JSON mode), output limits and token counts, through {@code Router}.
 */
class RouterModelNamesTest {
  @StartStop
  private final MockWebServer upstream = new MockWebServer();
  private Router router;

  @AfterEach
  void close() {
    if (router != null) {
      router.close();
    }
  }

  private Router router(String yaml, ProviderFactory... factories) {
    Router.Builder b = Router.builder().configYaml(yaml).environment(Map.of("BASE", upstream.url("/v1").toString()));
    for (ProviderFactory f : factories) {
      b.provider(f);
    }
    router = b.build();
    return router;
  }

  private static ChatRequest hello(String model) {
    return ChatRequest.builder(model).user("Hi").build();
  }

  @Test
  void aWildcardAliasCatchesNamesAndPassesTheMatchedPartOn() throws Exception {
    router("""
        model_list:
          - model_name: "openai/*"
            litellm_params: {model: "openai/*", api_base: "${BASE}", api_key: k}
          - model_name: "*"
            litellm_params: {model: "openai/fallback-model", api_base: "${BASE}", api_key: k}
        """);
    upstream.enqueue(OpenAiBodies.completion("a", 1, 1));
    upstream.enqueue(OpenAiBodies.completion("b", 1, 1));

    ChatResponse specific = router.complete(hello("openai/gpt-4.1"));
    ChatResponse any = router.complete(hello("claude-opus-5-5"));

    assertThat(upstream.takeRequest().getBody().utf8()).contains("\"model\":\"gpt-4.1\"");
    assertThat(upstream.takeRequest().getBody().utf8()).contains("\"model\":\"fallback-model\"");
    assertThat(specific.model()).isEqualTo("openai/gpt-4.1");
    assertThat(any.model()).as("a wildcard alias reports the name asked for").isEqualTo("claude-opus-5-5");
    assertThat(router.models()).as("wildcards are not listed").isEmpty();
  }

  @Test
  void theLongestLiteralPatternWins() throws Exception {
    router("""
        model_list:
          - model_name: "*"
            litellm_params: {model: "openai/any", api_base: "${BASE}", api_key: k}
          - model_name: "claude-*"
            litellm_params: {model: "openai/claudeish", api_base: "${BASE}", api_key: k}
        """);
    upstream.enqueue(OpenAiBodies.completion("a", 1, 1));
    router.complete(hello("claude-haiku-5-5"));
    assertThat(upstream.takeRequest().getBody().utf8()).contains("\"model\":\"claudeish\"");
  }

  @Test
  void aGroupAliasNamesTheAliasThatServes() throws Exception {
    router("""
        model_list:
          - model_name: gw-main
            litellm_params: {model: "openai/gpt-4o", api_base: "${BASE}", api_key: k}
        router_settings:
          model_group_alias: {claude-sonnet-5-5: gw-main, claude-opus-5-5: {model: gw-main, hidden: true}}
        """);
    upstream.enqueue(OpenAiBodies.completion("a", 1, 1));
    upstream.enqueue(OpenAiBodies.completion("b", 1, 1));

    assertThat(router.complete(hello("claude-sonnet-5-5")).model()).isEqualTo("gw-main");
    assertThat(router.complete(hello("claude-opus-5-5")).model()).isEqualTo("gw-main");
    assertThat(router.models()).containsExactly("gw-main", "claude-opus-5-5", "claude-sonnet-5-5");
    assertThatThrownBy(() -> router.complete(hello("claude-haiku-5-5"))).isInstanceOf(ModelNotFoundException.class);
  }

  @Test
  void aGroupAliasToAnUnknownModelIsAConfigError() {
    assertThatThrownBy(() -> router("""
        model_list:
          - model_name: gw
            litellm_params: {model: "mock/x"}
        router_settings:
          model_group_alias: {claude-x: nope}
        """)).isInstanceOf(ConfigException.class).hasMessageContaining("\"nope\" is not a model_name");
  }

  // ---- what the providers accept

  @Test
  void extraFieldsOfADialectReachOnlyProvidersThatSpeakIt() throws Exception {
    router("""
        model_list:
          - model_name: openai-model
            litellm_params: {model: "openai/gpt-4o", api_base: "${BASE}", api_key: k}
          - model_name: mock-model
            litellm_params: {model: "mock/m"}
        """);
    upstream.enqueue(OpenAiBodies.completion("a", 1, 1));
    ChatRequest withExtra = ChatRequest.builder("openai-model").user("Hi").putExtra("frequency_penalty", 0.5).build();

    router.complete(withExtra);
    assertThat(upstream.takeRequest().getBody().utf8()).contains("\"frequency_penalty\":0.5");

    assertThatThrownBy(() -> router.complete(withExtra.withModel("mock-model")))
        .isInstanceOfSatisfying(UnsupportedParameterException.class, e -> {
          assertThat(e.param()).isEqualTo("frequency_penalty");
          assertThat(e.getMessage()).contains("drop_params");
        });
    ChatRequest anthropicExtra = ChatRequest.builder("openai-model").user("Hi").dialect(Dialect.ANTHROPIC)
        .putExtra("container", "c1").build();
    assertThatThrownBy(() -> router.complete(anthropicExtra)).as("Anthropic's fields are not OpenAI's")
        .isInstanceOf(UnsupportedParameterException.class).hasMessageContaining("'container'");
    assertThat(upstream.getRequestCount()).isEqualTo(1);
  }

  @Test
  void underDropParamsForeignExtraFieldsAreDropped() throws Exception {
    router("""
        model_list:
          - model_name: mock-model
            litellm_params: {model: "mock/m", mock_response: "fine"}
        litellm_settings:
          drop_params: true
        """);
    ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
        "dev.llmrouter.internal.ParamCompatibility");
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
        new ch.qos.logback.core.read.ListAppender<>();
    lines.start();
    log.addAppender(lines);
    try {
      for (int i = 0; i < 3; i++) {
        ChatResponse r = router.complete(ChatRequest.builder("mock-model").user("Hi").putExtra("logit_bias", Map.of())
            .build());
        assertThat(r.text()).isEqualTo("fine");
      }
    } finally {
      log.detachAppender(lines);
    }
    assertThat(lines.list).as("a warning once for the model, not a line per call")
        .filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN).singleElement()
        .satisfies(e -> assertThat(e.getFormattedMessage()).contains("logit_bias", "mock-model"));
  }

  @Test
  void toolsImagesAndJsonModeAreRefusedWhenNoProviderBehindTheModelTakesThem() {
    ProviderFactory textOnly = new TextOnlyFactory();
    router("""
        model_list:
          - model_name: plain
            litellm_params: {model: "textonly/t"}
        """, textOnly);
    Tool tool = new Tool("get_weather", "Weather", Map.of("type", "object"));
    assertThatThrownBy(() -> router.complete(ChatRequest.builder("plain").user("Hi").addTool(tool).build()))
        .isInstanceOfSatisfying(UnsupportedParameterException.class, e -> assertThat(e.param()).isEqualTo("tools"));
    ChatRequest image = ChatRequest.builder("plain").addMessage(new Message(Role.USER,
        List.of(ContentBlock.Image.ofUrl("https://example.com/cat.png")))).build();
    assertThatThrownBy(() -> router.complete(image)).isInstanceOf(UnsupportedParameterException.class)
        .hasMessageContaining("images");
    ChatRequest json = ChatRequest.builder("plain").user("Hi").responseFormat(ResponseFormat.jsonObject()).build();
    assertThatThrownBy(() -> router.complete(json)).isInstanceOfSatisfying(UnsupportedParameterException.class,
        e -> assertThat(e.param()).isEqualTo("response_format"));
    assertThat(router.complete(hello("plain")).text()).isEqualTo("plain text");
  }

  // ---- output limits

  @Test
  void maxTokensIsCutToTheModelsOutputLimitUnlessTheRequestGoesAsSent() throws Exception {
    router("""
        model_list:
          - model_name: small
            litellm_params: {model: "openai/gpt-4o", api_base: "${BASE}", api_key: k}
          - model_name: own-limit
            litellm_params: {model: "openai/local-model", api_base: "${BASE}", api_key: k}
            model_info: {max_output_tokens: 4096}
        """);
    for (int i = 0; i < 3; i++) {
      upstream.enqueue(OpenAiBodies.completion("a", 1, 1));
    }
    router.complete(ChatRequest.builder("small").user("Hi").maxTokens(32000).build());
    router.complete(ChatRequest.builder("own-limit").user("Hi").maxTokens(128000).build());
    router.complete(ChatRequest.builder("small").user("Hi").maxTokens(1000).build());

    assertThat(upstream.takeRequest().getBody().utf8()).contains("\"max_tokens\":16384");
    assertThat(upstream.takeRequest().getBody().utf8()).contains("\"max_tokens\":4096");
    assertThat(upstream.takeRequest().getBody().utf8()).contains("\"max_tokens\":1000");
  }

  @Test
  void aNativeRequestSurvivesOnlyWhileTheTypedFieldsSayTheSame() {
    NativeRequest nativeBody = new NativeRequest(Dialect.ANTHROPIC, Map.of("model", "x"), Map.of());
    ChatRequest request = ChatRequest.builder("x").user("Hi").maxTokens(10).nativeRequest(nativeBody).build();
    assertThat(request.withModel("y").nativeRequest()).isSameAs(nativeBody);
    assertThat(request.toBuilder().timeout(java.time.Duration.ofSeconds(1)).build().nativeRequest()).isNotNull();
    assertThat(request.toBuilder().user("more").build().nativeRequest()).isNull();
    assertThat(request.withMaxTokens(5).nativeRequest()).isNull();
    assertThat(request.dialect()).isEqualTo(Dialect.ANTHROPIC);
  }

  // ---- token counts

  @Test
  void tokensAreCountedLocallyForProvidersWithoutACountEndpoint() {
    router("""
        model_list:
          - model_name: gpt
            litellm_params: {model: "openai/gpt-4o", api_base: "${BASE}", api_key: k}
          - model_name: old-gpt
            litellm_params: {model: "openai/gpt-4", api_base: "${BASE}", api_key: k}
        """);
    // o200k_base and cl100k_base both make "Hello, world" 3 tokens; 3 per message, 3 to prime the reply
    assertThat(router.countTokens(hello("gpt").toBuilder().messages(List.of(Message.user("Hello, world"))).build()))
        .isEqualTo(9);
    ChatRequest withSystemAndTool = ChatRequest.builder("old-gpt").system("Be brief.").user("Hello, world")
        .addTool(new Tool("get_weather", "Weather for a city", Map.of("type", "object"))).build();
    assertThat(router.countTokens(withSystemAndTool)).isGreaterThan(9 + 3);
    assertThat(upstream.getRequestCount()).as("nothing was sent").isZero();
    assertThatThrownBy(() -> router.countTokens(hello("nope"))).isInstanceOf(ModelNotFoundException.class);
  }

  /** A provider declaring text chat only. */
  private static final class TextOnlyFactory implements ProviderFactory {
    @Override
    public String id() {
      return "textonly";
    }

    @Override
    public Capabilities capabilities() {
      return new Capabilities(Set.of(), false, false, false);
    }

    @Override
    public Provider create(DeploymentSettings settings) {
      return new Provider() {
        @Override
        public ChatResponse chat(ChatRequest request) {
          return new ChatResponse("t-1", null, null, request.model(), List.of(new ContentBlock.Text("plain text")),
              null, "stop", null, null, null);
        }

        @Override
        public dev.llmrouter.api.spi.Cancellable stream(ChatRequest request, dev.llmrouter.api.StreamListener l) {
          throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
      };
    }
  }
}
