package dev.llmrouter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.config.ConfigLoader;
import dev.llmrouter.config.RouterConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnknownParamsTest {
  @Test
  void aMisspeltLitellmParamIsAWarningNamingItsPathAndTheLikelyName() {
    RouterConfig config = new ConfigLoader(Map.of()).parse("""
        model_list:
          - model_name: a
            litellm_params: {model: openai/gpt-4o-mini, api_kee: sk-x, temprature: 0.2, max_tokens: 10}
          - model_name: b
            litellm_params: {model: mock/m, mock_response: hi, mock_latncy_ms: 5, zzzqqq: 1}
        """);
    ProviderRegistry registry = new ProviderRegistry(getClass().getClassLoader(), Map.of());

    assertThat(UnknownParams.warnings(config.modelList(), registry)).containsExactlyInAnyOrder(
        "model_list[0].litellm_params.api_kee: unknown parameter, ignored (did you mean api_key?)",
        "model_list[0].litellm_params.temprature: unknown parameter, ignored (did you mean temperature?)",
        "model_list[1].litellm_params.mock_latncy_ms: unknown parameter, ignored (did you mean mock_latency_ms?)",
        "model_list[1].litellm_params.zzzqqq: unknown parameter, ignored");
  }
}
