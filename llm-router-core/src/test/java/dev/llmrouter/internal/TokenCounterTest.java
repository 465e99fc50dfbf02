package dev.llmrouter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.Tool;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What is counted once is counted the same again, and a changed text or tool is counted anew. */
class TokenCounterTest {
  private static final String LONG = "You are a careful assistant. ".repeat(100);

  private static ChatRequest request(String system, String description) {
    return ChatRequest.builder("m").system(system).user("Hello there")
        .addTool(new Tool("get_weather", description, Map.of("type", "object", "properties",
            Map.of("city", Map.of("type", "string")))))
        .build();
  }

  @Test
  void repeatedTextsAndToolsCountAsTheyDidAndChangedOnesAnew() {
    TokenCounter warm = new TokenCounter();
    long first = warm.count(request(LONG, "Weather for a city."), "gpt-4o");
    long again = warm.count(request(new String(LONG.toCharArray()), "Weather for a city."), "gpt-4o");
    long fresh = new TokenCounter().count(request(LONG, "Weather for a city."), "gpt-4o");
    assertThat(again).isEqualTo(first).isEqualTo(fresh);

    long longerSystem = warm.count(request(LONG + " Be brief and precise.", "Weather for a city."), "gpt-4o");
    long longerTool = warm.count(request(LONG, "Weather for a city, today and the next five days."), "gpt-4o");
    assertThat(longerSystem).isGreaterThan(first);
    assertThat(longerTool).isGreaterThan(first);
    assertThat(longerSystem).isEqualTo(new TokenCounter().count(request(LONG + " Be brief and precise.",
        "Weather for a city."), "gpt-4o"));
  }
}
