package dev.llmrouter.server;

import dev.llmrouter.Router;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.config.RouterSettings;
import dev.llmrouter.wire.BadRequestException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to OpenAI parameters the API records don't model ({@link ChatRequest#extra()}): passed through when
 * every deployment that may serve the alias (its own, and those of every alias its fallbacks can reach) speaks
 * OpenAI's Chat Completions; otherwise dropped with a warning under {@code drop_params: true}, else refused with a
 * 400 naming the parameter.
 */
final class ParamPolicy {
  /** Provider ids that take OpenAI's request parameters as they are. */
  static final Set<String> OPENAI_COMPATIBLE = Set.of("openai", "azure", "openrouter", "ollama", "ollama_chat",
      "groq", "deepseek", "mistral", "together_ai", "fireworks_ai", "hosted_vllm", "vllm", "lm_studio",
      "openai_compatible", "custom_openai");

  private static final Logger LOG = LoggerFactory.getLogger(ParamPolicy.class);

  private final Map<String, Boolean> passThroughByAlias = new HashMap<>();
  private final boolean dropParams;

  ParamPolicy(List<Router.DeploymentInfo> deployments, RouterSettings routing, boolean dropParams) {
    Map<String, Boolean> ownDeployments = new HashMap<>();
    for (Router.DeploymentInfo d : deployments) {
      ownDeployments.merge(d.modelName(), OPENAI_COMPATIBLE.contains(d.provider()), Boolean::logicalAnd);
    }
    for (String alias : ownDeployments.keySet()) {
      boolean all = routing.reachableFrom(alias).stream().allMatch(a -> ownDeployments.getOrDefault(a, true));
      passThroughByAlias.put(alias, all);
    }
    this.dropParams = dropParams;
  }

  /** The request to route: unchanged, or without its extra parameters. */
  ChatRequest apply(ChatRequest request) {
    if (request.extra().isEmpty()) {
      return request;
    }
    Boolean passThrough = passThroughByAlias.get(request.model());
    if (passThrough == null || passThrough) {
      return request; // an unknown alias is the router's to refuse
    }
    if (dropParams) {
      LOG.warn("dropping parameters {} for model '{}': not every provider behind it or its fallbacks takes OpenAI "
          + "parameters (drop_params: true)", request.extra().keySet(), request.model());
      return request.toBuilder().extra(Map.of()).build();
    }
    String param = request.extra().keySet().iterator().next();
    throw new BadRequestException(param, "'" + param + "' is not supported by every provider that may serve model '"
        + request.model() + "' (its fallbacks included). Remove it, or set litellm_settings.drop_params: true to "
        + "drop unsupported parameters.");
  }
}
