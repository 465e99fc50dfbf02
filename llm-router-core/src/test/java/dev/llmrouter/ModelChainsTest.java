package dev.llmrouter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.Principal;
import dev.llmrouter.config.ConfigException;
import dev.llmrouter.policy.Limits;
import dev.llmrouter.policy.ModelAccess;
import dev.llmrouter.policy.TenantPolicy;
import dev.llmrouter.testing.OpenAiBodies;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The seed's {@code fallback_models}: a chain name callers send, served by its first member that answers. */
class ModelChainsTest {
  @StartStop
  private final MockWebServer first = new MockWebServer();
  @StartStop
  private final MockWebServer second = new MockWebServer();
  private Router router;

  @AfterEach
  void close() {
    if (router != null) {
      router.close();
    }
  }

  private Router router(TenantPolicy... tenants) {
    Router.Builder b = Router.builder().configYaml("""
        model_list:
          - model_name: gpt-4o-mini
            litellm_params: {model: openai/gpt-4o-mini, api_base: "${FIRST}", api_key: sk-x}
          - model_name: qwen-coder
            litellm_params: {model: openai/qwen-coder, api_base: "${SECOND}", api_key: sk-x}
        router_settings:
          num_retries: 0
        fallback_models:
          code_chain:
            - gpt-4o-mini      # Fast, cheap
            - qwen-coder       # Alternative
            - local-codellama  # not served here: skipped
        """).environment(Map.of("FIRST", first.url("/v1").toString(), "SECOND", second.url("/v1").toString()));
    for (TenantPolicy t : tenants) {
      b.tenant(t);
    }
    router = b.build();
    return router;
  }

  @Test
  void aChainIsServedByItsFirstMemberThatAnswersInOrder() {
    router();
    first.enqueue(OpenAiBodies.error(503, "server_error", "overloaded").build());
    second.enqueue(OpenAiBodies.completion("from qwen", 3, 2));

    ChatResponse r = router.complete(ChatRequest.builder("code_chain").user("Hi").build());

    assertThat(r.text()).isEqualTo("from qwen");
    assertThat(r.model()).isEqualTo("qwen-coder");
    assertThat(first.getRequestCount()).isEqualTo(1);
    assertThat(router.models()).containsExactly("gpt-4o-mini", "qwen-coder", "code_chain");
    assertThat(router.config().warnings()).contains(
        "fallback_models.code_chain[2]: \"local-codellama\" is not served by model_list; the chain skips it");
  }

  @Test
  void aHealthyFirstMemberServesAlone() {
    router();
    first.enqueue(OpenAiBodies.completion("from mini", 3, 2));
    assertThat(router.complete(ChatRequest.builder("code_chain").user("Hi").build()).text()).isEqualTo("from mini");
    assertThat(second.getRequestCount()).isZero();
  }

  @Test
  void aTenantGetsOnlyTheMembersItMayUse() {
    router(new TenantPolicy("t", ModelAccess.of(List.of("code_chain", "qwen-coder")), List.of(), Limits.NONE));
    second.enqueue(OpenAiBodies.completion("from qwen", 3, 2));

    ChatResponse r = router.complete(ChatRequest.builder("code_chain").user("Hi")
        .principal(Principal.tenant("t")).build());

    assertThat(r.text()).isEqualTo("from qwen");
    assertThat(first.getRequestCount()).isZero();
  }

  @Test
  void aChainNamedLikeAModelIsAnError() {
    assertThatThrownBy(() -> Router.builder().configYaml("""
        model_list:
          - model_name: a
            litellm_params: {model: mock/a}
        fallback_models:
          a: [a]
        """).build()).isInstanceOf(ConfigException.class).hasMessageContaining("already a model name");
  }
}
