package dev.llmrouter.examples;

import dev.llmrouter.Router;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import java.nio.file.Path;

/**
 * Builds a Router from {@code examples/config/basic.yaml} (mock models, no API keys) and asks one question.
 * Run: {@code mvn -q -pl examples exec:java}, or pass another config path as the first argument (and a model alias
 * and a question as the second and third).
 */
public final class BasicExample {
  private BasicExample() {}

  public static void main(String[] args) {
    Path config = Path.of(args.length > 0 ? args[0] : "examples/config/basic.yaml");
    String model = args.length > 1 ? args[1] : "test-model";
    String question = args.length > 2 ? args[2] : "What is 2+2?";
    System.out.println(ask(config, model, question));
  }

  static String ask(Path config, String model, String question) {
    try (Router router = Router.builder().configFile(config).build()) {
      ChatResponse response = router.complete(ChatRequest.builder(model).user(question).build());
      return response.text() + "  [" + response.deployment() + ", " + response.usage().totalTokens()
          + " tokens, cost " + response.cost() + "]";
    }
  }
}
