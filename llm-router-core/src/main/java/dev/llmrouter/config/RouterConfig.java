package dev.llmrouter.config;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * A whole configuration, as read from a LiteLLM-style {@code config.yaml} or built in code.
 *
 * @param redis      the Redis instances share, or null when each keeps its own state
 * @param monitoring how the proxy shows what it does: metrics, the audit log
 */
public record RouterConfig(List<ModelDeployment> modelList, RouterSettings routerSettings, CacheSettings cache,
                           GeneralSettings general, TenancyConfig tenancy, List<String> warnings,
                           RedisSettings redis, MonitoringSettings monitoring) {
  public RouterConfig(List<ModelDeployment> modelList, RouterSettings routerSettings, CacheSettings cache,
                      GeneralSettings general, TenancyConfig tenancy, List<String> warnings, RedisSettings redis) {
    this(modelList, routerSettings, cache, general, tenancy, warnings, redis, MonitoringSettings.DEFAULTS);
  }

  public RouterConfig(List<ModelDeployment> modelList, RouterSettings routerSettings, CacheSettings cache,
                      GeneralSettings general, List<String> warnings) {
    this(modelList, routerSettings, cache, general, TenancyConfig.NONE, warnings, null);
  }

  public RouterConfig(List<ModelDeployment> modelList, RouterSettings routerSettings, CacheSettings cache,
                      GeneralSettings general, TenancyConfig tenancy, List<String> warnings) {
    this(modelList, routerSettings, cache, general, tenancy, warnings, null);
  }

  public RouterConfig {
    tenancy = tenancy == null ? TenancyConfig.NONE : tenancy;
    modelList = List.copyOf(modelList);
    routerSettings = routerSettings == null ? RouterSettings.defaults() : routerSettings;
    cache = cache == null ? CacheSettings.disabled() : cache;
    general = general == null ? GeneralSettings.defaults() : general;
    warnings = List.copyOf(warnings == null ? List.of() : warnings);
    monitoring = monitoring == null ? MonitoringSettings.DEFAULTS : monitoring;
  }

  /** This configuration with other monitoring settings. */
  public RouterConfig withMonitoring(MonitoringSettings newMonitoring) {
    return new RouterConfig(modelList, routerSettings, cache, general, tenancy, warnings, redis, newMonitoring);
  }

  /** LiteLLM's access groups: group name → the aliases with a deployment in it, in config order. */
  public java.util.Map<String, List<String>> accessGroups() {
    java.util.Map<String, List<String>> out = new java.util.LinkedHashMap<>();
    for (ModelDeployment d : modelList) {
      for (String g : d.accessGroups()) {
        List<String> aliases = out.computeIfAbsent(g, k -> new java.util.ArrayList<>());
        if (!aliases.contains(d.modelName())) {
          aliases.add(d.modelName());
        }
      }
    }
    out.replaceAll((k, v) -> List.copyOf(v));
    return java.util.Map.copyOf(out);
  }

  /** The aliases, in the order they first appear. */
  public List<String> aliases() {
    LinkedHashSet<String> names = new LinkedHashSet<>();
    modelList.forEach(d -> names.add(d.modelName()));
    return List.copyOf(names);
  }
}
