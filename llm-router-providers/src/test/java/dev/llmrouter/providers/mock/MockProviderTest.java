package dev.llmrouter.providers.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.RateLimitedException;
import dev.llmrouter.api.Tool;
import dev.llmrouter.api.ToolChoice;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MockProviderTest {
  private static Provider mock(Map<String, Object> params) {
    return new MockProviderFactory().create(new DeploymentSettings("m", "mock", "echo", null, null, null, null,
        null, null, params));
  }

  @Test
  void embeddingsAreUnitVectorsTheSameForTheSameText() {
    try (Provider p = mock(Map.of())) {
      ChatRequest request = ChatRequest.ofEmbedding("echo", java.util.List.of("alpha", "beta", "alpha"), 16, null,
          null);
      ChatResponse answer = p.embed(request, dev.llmrouter.api.spi.CancelSignal.NONE);
      java.util.List<float[]> v = dev.llmrouter.api.EmbeddingResponse.from(answer).vectors();
      assertThat(v).hasSize(3);
      assertThat(v.get(0)).hasSize(16).containsExactly(v.get(2));
      assertThat(v.get(1)).isNotEqualTo(v.get(0));
      double norm = 0;
      for (float f : v.get(1)) {
        norm += f * f;
      }
      assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
      assertThat(answer.usage().inputTokens()).isEqualTo(4); // 14 characters
      assertThat(dev.llmrouter.api.EmbeddingResponse.from(p.embed(ChatRequest.ofEmbedding("echo",
          java.util.List.of("x"), null, null, null), dev.llmrouter.api.spi.CancelSignal.NONE)).vectors().get(0))
          .hasSize(8);
    }
  }

  @Test
  void echoesTheLastUserMessageDeterministically() {
    try (Provider p = mock(Map.of())) {
      ChatRequest request = ChatRequest.builder("echo").user("Hello").build();
      ChatResponse first = p.chat(request);
      assertThat(first.text()).isEqualTo("This is a mock response to: Hello");
      assertThat(first.finishReason()).isEqualTo(FinishReason.STOP);
      assertThat(first.usage().inputTokens()).isEqualTo(2);
      assertThat(first.usage().outputTokens()).isEqualTo(9);
      assertThat(p.chat(request)).isEqualTo(first);
    }
  }

  @Test
  void configuredFailuresComeFirstThenAnswers() {
    try (Provider p = mock(Map.of("mock_error_status", 429, "mock_fail_first", 1, "mock_retry_after_s", 2,
        "mock_response", "ok"))) {
      ChatRequest request = ChatRequest.builder("echo").user("Hi").build();
      assertThatThrownBy(() -> p.chat(request)).isInstanceOf(RateLimitedException.class)
          .satisfies(e -> assertThat(((RateLimitedException) e).retryAfter()).contains(Duration.ofSeconds(2)));
      assertThat(p.chat(request).text()).isEqualTo("ok");
    }
  }

  @Test
  void aForcedToolChoiceYieldsAToolCall() {
    try (Provider p = mock(Map.of())) {
      ChatRequest request = ChatRequest.builder("echo").user("Paris")
          .addTool(new Tool("lookup", "", Map.of("type", "object"))).toolChoice(ToolChoice.tool("lookup")).build();
      ChatResponse response = p.chat(request);
      assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
      assertThat(response.toolCalls().get(0).argumentsJson()).isEqualTo("{\"input\":\"Paris\"}");
    }
  }
}
