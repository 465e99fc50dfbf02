package dev.llmrouter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.api.spi.ProviderContext;
import dev.llmrouter.api.spi.ProviderFactory;
import dev.llmrouter.testing.OpenAiBodies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** The deployments of one router share one HTTP transport; the router closes what it shares. */
class SharedTransportTest {
  @StartStop
  private final MockWebServer upstream = new MockWebServer();

  private static final String TWO_DEPLOYMENTS = """
      model_list:
        - model_name: a
          litellm_params: {model: openai/gpt-4o-mini, api_base: "${BASE}", api_key: sk-a}
        - model_name: b
          litellm_params: {model: openai/gpt-4o, api_base: "${BASE}", api_key: sk-b}
      """;

  @Test
  void twoDeploymentsOnOneUpstreamUseOneConnection() throws Exception {
    upstream.enqueue(OpenAiBodies.completion("one", 3, 1));
    upstream.enqueue(OpenAiBodies.completion("two", 3, 1));
    try (Router router = Router.builder().configYaml(TWO_DEPLOYMENTS)
        .environment(Map.of("BASE", upstream.url("/v1").toString())).build()) {
      router.complete(ChatRequest.builder("a").user("Hi").build());
      router.complete(ChatRequest.builder("b").user("Hi").build());
    }
    RecordedRequest first = upstream.takeRequest();
    RecordedRequest second = upstream.takeRequest();
    assertThat(second.getHeaders().get("Authorization")).isEqualTo("Bearer sk-b");
    // One pool: deployment b's call reuses the connection deployment a's call opened (a pool per deployment
    // would open a second one).
    assertThat(second.getConnectionIndex()).isEqualTo(first.getConnectionIndex());
  }

  @Test
  void theRouterHandsEveryFactoryTheSameContextAndClosesWhatItHoldsOnce() {
    List<ProviderContext> seen = new ArrayList<>();
    List<String> closed = new ArrayList<>();
    class Counted implements AutoCloseable {
      @Override
      public void close() {
        closed.add("shared");
      }
    }
    ProviderFactory factory = new ProviderFactory() {
      @Override
      public String id() {
        return "counted";
      }

      @Override
      public Provider create(DeploymentSettings settings) {
        throw new AssertionError("a router passes its context");
      }

      @Override
      public Provider create(DeploymentSettings settings, ProviderContext context) {
        seen.add(context);
        Counted shared = context.shared(Counted.class, Counted::new);
        assertThat(context.shared(Counted.class, Counted::new)).isSameAs(shared);
        return new dev.llmrouter.providers.mock.MockProviderFactory().create(settings);
      }
    };
    Router router = Router.builder().provider(factory).configYaml("""
        model_list:
          - model_name: x
            litellm_params: {model: counted/one}
          - model_name: y
            litellm_params: {model: counted/two}
        """).build();
    assertThat(seen).hasSize(2);
    assertThat(seen.get(1)).isSameAs(seen.get(0));
    assertThat(closed).isEmpty();
    router.close();
    assertThat(closed).containsExactly("shared");
  }
}
