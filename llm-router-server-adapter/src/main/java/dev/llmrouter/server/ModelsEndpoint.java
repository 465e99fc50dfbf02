package dev.llmrouter.server;

import dev.llmrouter.Router;
import dev.llmrouter.wire.anthropic.ModelsListEncoder;
import dev.llmrouter.wire.openai.ModelsEncoder;
import java.io.IOException;
import java.time.Clock;

/**
 * {@code GET /v1/models}: the model names the key may use (with one master key: all of them), in Anthropic's list
 * shape for an Anthropic client (one that sends {@code anthropic-version}), else in OpenAI's.
 */
final class ModelsEndpoint {
  private final Router router;
  private final Clock clock;

  ModelsEndpoint(Router router, Clock clock) {
    this.router = router;
    this.clock = clock;
  }

  void handle(Exchange ex) throws IOException {
    java.util.List<String> models = router.models(ex.principal());
    if (ex.ingress() == Ingress.ANTHROPIC) {
      ex.sendJson(200, ModelsListEncoder.encode(models, clock.instant()));
    } else {
      ex.sendJson(200, ModelsEncoder.encode(models, clock.instant().getEpochSecond()));
    }
  }
}
