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
          String near = nearest(key, known);
          out.add("model_list[" + i + "].litellm_params." + key + ": unknown parameter, ignored"
              + (near == null ? "" : " (did you mean " + near + "?)"));
        }
      }
    }
    return out;
  }

  private static String nearest(String key, Set<String> known) {
    String best = null;
    int bestDistance = 3; // only close misspellings
    for (String k : known) {
      int d = distance(key, k);
      if (d < bestDistance || (d == bestDistance && best != null && k.compareTo(best) < 0)) {
        bestDistance = d;
        best = d < 3 ? k : best;
      }
    }
    return best;
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
