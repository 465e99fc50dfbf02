package dev.llmrouter.config;

import java.util.LinkedHashSet;
import java.util.List;

/** A whole configuration, as read from a LiteLLM-style {@code config.yaml} or built in code. */
public record RouterConfig(List<ModelDeployment> modelList, RouterSettings routerSettings, CacheSettings cache,
                           GeneralSettings general, TenancyConfig tenancy, List<String> warnings) {
  public RouterConfig(List<ModelDeployment> modelList, RouterSettings routerSettings, CacheSettings cache,
                      GeneralSettings general, List<String> warnings) {
    this(modelList, routerSettings, cache, general, TenancyConfig.NONE, warnings);
  }

  public RouterConfig {
    tenancy = tenancy == null ? TenancyConfig.NONE : tenancy;
    modelList = List.copyOf(modelList);
    routerSettings = routerSettings == null ? RouterSettings.defaults() : routerSettings;
    cache = cache == null ? CacheSettings.disabled() : cache;
    general = general == null ? GeneralSettings.defaults() : general;
    warnings = List.copyOf(warnings == null ? List.of() : warnings);
  }

  /** The aliases, in the order they first appear. */
  public List<String> aliases() {
    LinkedHashSet<String> names = new LinkedHashSet<>();
    modelList.forEach(d -> names.add(d.modelName()));
    return List.copyOf(names);
  }
}
