package dev.llmrouter.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.Router;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ExamplesTest {
  @Test
  void theBasicExampleAnswersFromTheMockModelWithoutKeys() {
    String answer = BasicExample.ask(Path.of("config", "basic.yaml"), "test-model", "What is 2+2?");
    assertThat(answer).startsWith("Hello from the mock model.").contains("test-model#0");
  }

  @Test
  void aProviderListedInMetaInfServicesIsDiscoveredAndUsed() {
    try (Router router = Router.builder().configYaml("""
        model_list:
          - model_name: loud
            litellm_params: {model: shout/v1}
        """).build()) {
      ChatResponse response = router.complete(ChatRequest.builder("loud").user("hello there").build());
      assertThat(response.text()).isEqualTo("HELLO THERE");
      assertThat(response.deployment()).isEqualTo("loud#0");
    }
  }

  @Test
  void aTenantsDailyBudgetRefusesTheCallThatWouldPassIt() {
    // each call may cost up to 100 output tokens x $0.00001 = $0.001 and costs what the mock writes (a few tokens):
    // a $0.01 budget takes more than 10 calls, since only the real cost is kept, and refuses one before it is passed
    int served = TenantExample.callsWithin(Path.of("config", "priced.yaml"), "priced", new java.math.BigDecimal("0.01"));
    assertThat(served).isGreaterThan(10).isLessThan(1000);
  }
}
