package dev.llmrouter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.testing.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** routing_strategy from the config, end to end through the Router (mock deployments, fake time). */
class RouterRoutingStrategiesTest {

  private static List<String> servedBy(Router router, String alias, int calls) {
    List<String> deployments = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      deployments.add(router.complete(ChatRequest.builder(alias).user("call " + i).build()).deployment());
    }
    return deployments;
  }

  @Test
  void costBasedRoutingSendsEveryCallToTheCheapestDeployment() {
    try (Router router = Router.builder().configYaml("""
        model_list:
          - model_name: chat
            litellm_params: {model: mock/big}
            model_info: {id: big, input_cost_per_token: 0.000003, output_cost_per_token: 0.000015}
          - model_name: chat
            litellm_params: {model: mock/small}
            model_info: {id: small, input_cost_per_token: 0.00000015, output_cost_per_token: 0.0000006}
        router_settings: {routing_strategy: cost-based-routing}
        """).build()) {
      assertThat(servedBy(router, "chat", 10)).containsOnly("small");
    }
  }

  @Test
  void usageBasedRoutingKeepsToRpmThenFallsBackUntilTheNextMinute() {
    FakeClock clock = new FakeClock();
    try (Router router = Router.builder().clock(clock).configYaml("""
        model_list:
          - model_name: chat
            litellm_params: {model: mock/a, rpm: 2}
            model_info: {id: a}
          - model_name: chat
            litellm_params: {model: mock/b, rpm: 2}
            model_info: {id: b}
          - model_name: backup
            litellm_params: {model: mock/c}
            model_info: {id: c}
        router_settings:
          routing_strategy: usage-based-routing-v2
          fallbacks: [{chat: [backup]}]
        """).build()) {
      List<String> firstMinute = servedBy(router, "chat", 5);
      assertThat(firstMinute.subList(0, 4)).containsExactlyInAnyOrder("a", "a", "b", "b");
      assertThat(firstMinute.get(4)).as("a and b are at their rpm").isEqualTo("c");

      clock.advance(Duration.ofMinutes(1));
      assertThat(servedBy(router, "chat", 1)).containsAnyOf("a", "b");
    }
  }

  @Test
  void leastBusyAndLatencyBasedRoutingServeCalls() {
    for (String strategy : List.of("least-busy", "latency-based-routing", "simple-shuffle")) {
      try (Router router = Router.builder().configYaml("""
          model_list:
            - model_name: chat
              litellm_params: {model: mock/a}
              model_info: {id: a}
            - model_name: chat
              litellm_params: {model: mock/b}
              model_info: {id: b}
          router_settings: {routing_strategy: %s}
          """.formatted(strategy)).build()) {
        assertThat(servedBy(router, "chat", 6)).as(strategy).isSubsetOf("a", "b").hasSize(6);
      }
    }
  }
}
