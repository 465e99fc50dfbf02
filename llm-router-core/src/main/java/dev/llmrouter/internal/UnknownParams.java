package dev.llmrouter.internal;

import dev.llmrouter.api.spi.ProviderFactory;
import dev.llmrouter.config.ConfigLoader;
import dev.llmrouter.config.ModelDeployment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Warnings for {@code litellm_params} entries that nothing reads: not the router, not the request defaults, not the
 * deployment's provider. A misspelt {@code api_kee} would otherwise send calls without a key, silently.
 */
public final class UnknownParams {
  private UnknownParams() {}

  /** One warning per unknown entry, naming its path and the nearest known name when one is close. */
  public static List<String> warnings(List<ModelDeployment> deployments, ProviderRegistry registry) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < deployments.size(); i++) {
      ModelDeployment d = deployments.get(i);
      ProviderFactory factory = registry.get(d.settings().providerId());
      Set<String> known = new HashSet<>(ConfigLoader.ROUTER_PARAMS);
      known.addAll(DeploymentDefaults.PARAMS);
      if (factory != null) {
        known.addAll(factory.parameters());
      }
      for (String key : d.settings().params().keySet()) {
        if (!known.contains(key)) {
          String near = Spelling.nearest(key, known);
          out.add("model_list[" + i + "].litellm_params." + key + ": unknown parameter, ignored"
              + (near == null ? "" : " (did you mean " + near + "?)"));
        }
      }
    }
    return out;
  }
}
