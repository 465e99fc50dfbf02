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

  /**
   * {@code GET /model/info} (LiteLLM's path; the master key's): every deployment, its alias, provider and model, and
   * whether it is cooling down. Never an api key.
   */
  void info(Exchange ex) throws IOException {
    java.util.List<Object> data = new java.util.ArrayList<>();
    for (Router.DeploymentInfo d : router.deployments()) {
      java.util.Map<String, Object> params = new java.util.LinkedHashMap<>();
      params.put("model", d.provider() + "/" + d.model());
      params.put("api_base", d.apiBase());
      java.util.Map<String, Object> info = new java.util.LinkedHashMap<>();
      info.put("id", d.id());
      info.put("provider", d.provider());
      info.put("cooling_down", router.isCoolingDown(d.id()));
      java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
      row.put("model_name", d.modelName());
      row.put("litellm_params", params);
      row.put("model_info", info);
      data.add(row);
    }
    ex.sendJson(200, dev.llmrouter.wire.JsonIo.toJson(java.util.Map.of("data", data)));
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
