package dev.llmrouter.sample;

import dev.llmrouter.Router;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;

/** One call through the bundled mock provider, and where the router came from. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    try (Router router = Router.builder().configYaml("""
        model_list:
          - model_name: hello
            litellm_params: {model: mock/hello, mock_response: "Hello through the BOM."}
        """).build()) {
      ChatResponse response = router.complete(ChatRequest.builder("hello").user("Hi").build());
      System.out.println(response.text() + " [" + response.deployment() + "] from "
          + Router.class.getModule().getName() + " on the "
          + (Router.class.getModule().isNamed() ? "module path" : "class path"));
    }
  }
}
