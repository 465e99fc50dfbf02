package dev.llmrouter.server;

import dev.llmrouter.Router;
import dev.llmrouter.wire.openai.ModelsEncoder;
import java.io.IOException;
import java.time.Clock;

/** {@code GET /v1/models}: the aliases the key may use (with one master key: all of them). */
final class ModelsEndpoint {
  private final Router router;
  private final Clock clock;

  ModelsEndpoint(Router router, Clock clock) {
    this.router = router;
    this.clock = clock;
  }

  void handle(Exchange ex) throws IOException {
    ex.sendJson(200, ModelsEncoder.encode(router.models(), clock.instant().getEpochSecond()));
  }
}
