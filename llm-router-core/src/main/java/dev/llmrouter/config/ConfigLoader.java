package dev.llmrouter.config;

import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads LiteLLM's {@code config.yaml} schema. Environment references are resolved first; then every section
 * is read with its path, so that an error says where it is, e.g.
 * {@code model_list[2].litellm_params.model: expected "provider/model", got "gpt4"}. Unknown keys are
 * warnings; settings of features not built yet are one "not supported yet" warning each.
 */
public final class ConfigLoader {
  private static final Set<String> TOP = Set.of("model_list", "router_settings", "litellm_settings",
      "general_settings", "environment_variables");
  private static final Set<String> DEPLOYMENT = Set.of("model_name", "litellm_params", "model_info");
  /** litellm_params the router itself reads; all others go to the provider as {@link DeploymentSettings#params()}. */
  public static final Set<String> ROUTER_PARAMS = Set.of("model", "api_key", "api_base", "api_version", "rpm",
      "tpm", "weight", "order", "timeout", "stream_timeout", "max_retries", "extra_headers", "max_parallel_requests",
      "custom_llm_provider");
  private static final Set<String> MODEL_INFO = Set.of("id", "input_cost_per_token", "output_cost_per_token",
      "cache_read_input_token_cost", "cache_creation_input_token_cost", "cost_per_token", "max_input_tokens",
      "max_output_tokens", "max_tokens", "mode", "base_model", "description", "supports_vision",
      "supports_function_calling", "supports_prompt_caching", "supports_reasoning", "access_groups");
  private static final Set<String> ROUTER = Set.of("routing_strategy", "num_retries", "timeout", "fallbacks",
      "default_fallbacks", "context_window_fallbacks", "content_policy_fallbacks", "cooldown_time", "allowed_fails",
      "retry_after", "max_retry_delay", "max_parallel_requests", "default_max_parallel_requests", "model_group_alias",
      "request_timeout", "enable_caching", "redis_host", "redis_port", "redis_password", "redis_url", "redis_timeout",
      "redis_failure_mode");
  private static final Set<String> ROUTER_LATER = Set.of("enable_pre_call_checks", "routing_strategy_args", "provider_budget_config");
  private static final Set<String> LITELLM = Set.of("cache", "cache_params", "drop_params", "num_retries",
      "request_timeout", "require_auth_for_metrics_endpoint");
  private static final Set<String> LITELLM_LATER = Set.of("success_callback", "failure_callback", "callbacks",
      "max_budget", "budget_duration", "set_verbose", "json_logs", "default_team_settings", "max_internal_user_budget");
  private static final Set<String> GENERAL = Set.of("master_key", "request_timeout", "max_request_size_mb",
      "allowed_origins", "allowed_hosts", "request_body_timeout", "tenants_dir", "tenant_files", "cache_enabled",
      "cache_ttl", "database_url", "data_dir", "metrics_port", "metrics", "audit_log", "store_prompts_in_spend_logs",
      "global_max_parallel_requests");
  private static final Set<String> GENERAL_LATER = Set.of("store_model_in_db", "alerting",
      "proxy_budget_rescheduler_min_time", "max_parallel_requests", "ui_username",
      "ui_password", "disable_spend_logs", "allowed_routes", "public_routes");

  private final Map<String, String> env;

  /** @param env the environment to resolve references from, usually {@code System.getenv()} */
  public ConfigLoader(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  public RouterConfig load(Path file) {
    try {
      return parse(Files.readString(file), file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read config " + file, e);
    }
  }

  public RouterConfig parse(String yaml) {
    return parse(yaml, Path.of("").toAbsolutePath());
  }

  /** @param baseDir where relative paths in the config (tenant files) are resolved */
  public RouterConfig parse(String yaml, Path baseDir) {
    Object tree = yaml("config", yaml);
    Node.Report report = new Node.Report();
    Map<String, String> vars = new HashMap<>(env);
    Node raw = new Node("", tree == null ? Map.of() : tree, report);
    raw.get("environment_variables").asMap().forEach((k, v) -> vars.putIfAbsent(k, String.valueOf(v)));
    Node root = new Node("", resolve("", raw.value, new EnvSubstitution(vars), report), report);
    root.asMap();
    root.refuseUnknownKeys(union(TOP, Set.of("fallback_models", "tenants", "budgets", "rate_limits")));
    notYet(root, Set.of("budgets"));

    List<ModelDeployment> deployments = new ArrayList<>();
    List<Node> entries = root.get("model_list").asList();
    if (entries.isEmpty()) {
      root.get("model_list").problem("at least one model is required");
    }
    Node routerNode = root.get("router_settings");
    Integer defaultParallel = positiveInteger(routerNode.get("max_parallel_requests").isPresent()
        ? routerNode.get("max_parallel_requests") : routerNode.get("default_max_parallel_requests"));
    for (Node entry : entries) {
      ModelDeployment d = deployment(entry, deployments.size(), defaultParallel);
      if (d != null) {
        deployments.add(d);
      }
    }
    Node litellm = root.get("litellm_settings");
    RouterSettings router = routerSettings(root.get("router_settings"), litellm, root.get("general_settings"),
        deployments);
    router = router.withModelChains(modelChains(root.get("fallback_models"), router, deployments));
    CacheSettings cache = cacheSettings(litellm, root.get("general_settings"), root.get("router_settings"));
    GeneralSettings general = generalSettings(root.get("general_settings"), litellm);
    TenancyConfig tenancy = tenancy(root, baseDir, vars, report);
    RedisSettings redis = redisSettings(root.get("router_settings"), litellm.get("cache_params"));
    MonitoringSettings monitoring = monitoring(root.get("general_settings"), litellm);
    if (!report.problems.isEmpty()) {
      throw new ConfigException(report.problems);
    }
    return new RouterConfig(deployments, router, cache, general, tenancy, report.warnings, redis, monitoring);
  }

  /**
   * The top-level {@code fallback_models}: {@code code_chain: [gpt-4o-mini, qwen-coder, local-codellama]} makes
   * {@code code_chain} a model name callers may send, served by its first member that answers. A member no alias
   * serves is skipped, with a warning; a chain named like an alias is an error.
   */
  private static Map<String, List<String>> modelChains(Node node, RouterSettings router,
                                                       List<ModelDeployment> deployments) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    Set<String> aliases = new java.util.HashSet<>();
    deployments.forEach(m -> aliases.add(m.modelName()));
    dev.llmrouter.internal.ModelNames names = new dev.llmrouter.internal.ModelNames(aliases,
        router.modelGroupAlias());
    node.asMap().forEach((name, v) -> {
      Node members = node.get(name);
      if (aliases.contains(name) || router.modelGroupAlias().containsKey(name)) {
        members.problem("\"" + name + "\" is already a model name; a chain needs a name of its own");
        return;
      }
      List<String> list = members.stringList();
      if (list.isEmpty()) {
        members.problem("a chain needs at least one model");
        return;
      }
      for (int i = 0; i < list.size(); i++) {
        if (names.resolve(list.get(i)) == null) {
          members.report.warnings.add(members.path + "[" + i + "]: \"" + list.get(i)
              + "\" is not served by model_list; the chain skips it");
        }
      }
      out.put(name, List.copyOf(list));
    });
    return out;
  }

  private static Object yaml(String label, String text) {
    try {
      return new Load(LoadSettings.builder().setLabel(label).build()).loadFromString(text);
    } catch (YamlEngineException e) {
      throw new ConfigException(label + ": not valid YAML: " + e.getMessage());
    }
  }

  /**
   * The tenants, from the files in {@code general_settings.tenants_dir} ({@code *.yaml} and {@code *.yml}, in name
   * order), the files {@code general_settings.tenant_files} lists, and {@code tenants:} (a list of tenant documents
   * or file names); the top-level {@code rate_limits} is the gateway's.
   */
  private TenancyConfig tenancy(Node root, Path baseDir, Map<String, String> vars, Node.Report report) {
    List<dev.llmrouter.policy.TenantPolicy> tenants = new ArrayList<>();
    List<TenancyConfig.ConfiguredKey> keys = new ArrayList<>();
    Node general = root.get("general_settings");
    Node dir = general.get("tenants_dir");
    if (dir.isPresent()) {
      String name = dir.requiredString();
      Path path = name == null ? null : baseDir.resolve(name);
      if (path != null && !Files.isDirectory(path)) {
        dir.problem("no directory " + path);
      } else if (path != null) {
        try (java.util.stream.Stream<Path> files = Files.list(path)) {
          files.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml$")).sorted()
              .forEach(f -> tenantFile(f, vars, report, tenants, keys));
        } catch (IOException e) {
          dir.problem("cannot list " + path + ": " + e.getMessage());
        }
      }
    }
    for (Node file : general.get("tenant_files").asList()) {
      String name = file.requiredString();
      if (name != null) {
        tenantFile(baseDir.resolve(name), vars, report, tenants, keys);
      }
    }
    for (Node entry : root.get("tenants").asList()) {
      if (entry.value instanceof String name) {
        tenantFile(baseDir.resolve(name), vars, report, tenants, keys);
      } else {
        TenantReader.read(entry, tenants, keys);
      }
    }
    java.util.Set<String> ids = new java.util.HashSet<>();
    tenants.forEach(t -> {
      if (!ids.add(t.id())) {
        report.problems.add("tenant '" + t.id() + "' is configured twice");
      }
    });
    java.util.Set<String> hashes = new java.util.HashSet<>();
    keys.forEach(k -> {
      if (!hashes.add(k.hash())) {
        report.problems.add("a key of tenant '" + k.policy().tenantId() + "' is also another tenant's or its own "
            + "twice; every key must be unique");
      }
    });
    Node limits = root.get("rate_limits");
    return new TenancyConfig(tenants, keys, limits.isPresent() ? TenantReader.limits(limits) : null);
  }

  private static void tenantFile(Path file, Map<String, String> vars, Node.Report report,
                                 List<dev.llmrouter.policy.TenantPolicy> tenants,
                                 List<TenancyConfig.ConfiguredKey> keys) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      report.problems.add(file + ": cannot read: " + e.getMessage());
      return;
    }
    String label = file.getFileName().toString();
    Object tree;
    try {
      tree = yaml(label, text);
    } catch (ConfigException e) {
      report.problems.add(e.getMessage());
      return;
    }
    Node doc = new Node(label, resolve(label, tree, new EnvSubstitution(vars), report), report);
    TenantReader.read(doc, tenants, keys);
  }

  @SuppressWarnings("unchecked")
  private static Object resolve(String path, Object value, EnvSubstitution subst, Node.Report report) {
    if (value instanceof String s) {
      return subst.apply(s, name -> report.problems.add(path + ": environment variable " + name + " is not set"));
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      ((Map<Object, Object>) m).forEach((k, v) -> {
        String key = String.valueOf(k);
        out.put(key, resolve(path.isEmpty() ? key : path + "." + key, v, subst, report));
      });
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        out.add(resolve(path + "[" + i + "]", list.get(i), subst, report));
      }
      return out;
    }
    return value;
  }

  private ModelDeployment deployment(Node entry, int index, Integer defaultParallel) {
    entry.warnUnknownKeys(DEPLOYMENT);
    String alias = entry.get("model_name").requiredString();
    Node params = entry.get("litellm_params");
    if (!params.isPresent()) {
      params.problem("is required");
      return null;
    }
    Node modelNode = params.get("model");
    String model = modelNode.requiredString();
    if (model == null) {
      return null;
    }
    String custom = params.get("custom_llm_provider").string(null);
    int slash = model.indexOf('/');
    if (custom == null && (slash <= 0 || slash == model.length() - 1)) {
      modelNode.problem("expected \"provider/model\", got \"" + model + "\"");
      return null;
    }
    // LiteLLM's custom_llm_provider names the provider; the model goes to it whole
    String providerId = custom != null ? custom : model.substring(0, slash);
    String providerModel = custom != null ? model : model.substring(slash + 1);
    Node info = entry.get("model_info");
    info.warnUnknownKeys(MODEL_INFO);
    String id = info.get("id").string(null);
    if (id == null) {
      id = alias + "#" + index;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    params.get("extra_headers").asMap().forEach((k, v) -> headers.put(k, String.valueOf(v)));
    Map<String, Object> providerParams = new LinkedHashMap<>();
    params.asMap().forEach((k, v) -> {
      if (!ROUTER_PARAMS.contains(k)) {
        providerParams.put(k, v);
      }
    });
    Duration timeout = params.get("timeout").seconds(null);
    if (custom != null) {
      providerParams.put("custom_llm_provider", custom); // so that an unknown one with an api_base is served
    }
    DeploymentSettings settings = new DeploymentSettings(id, providerId, providerModel,
        Secret.of(params.get("api_key").string(null)), params.get("api_base").string(null),
        params.get("api_version").string(null), timeout, params.get("stream_timeout").seconds(timeout), headers,
        providerParams);
    Integer rpm = positiveInteger(params.get("rpm"));
    Integer tpm = positiveInteger(params.get("tpm"));
    double weight = weight(params, rpm, tpm);
    Integer maxRetries = params.get("max_retries").integer(null);
    return new ModelDeployment(alias == null ? "" : alias, settings, weight, params.get("order").integer(0),
        maxRetries, prices(info), info.get("max_input_tokens").integer(null), rpm, tpm,
        params.get("max_parallel_requests").isPresent() ? positiveInteger(params.get("max_parallel_requests"))
            : defaultParallel,
        positiveInteger(info.get("max_output_tokens").isPresent() ? info.get("max_output_tokens") : info.get("max_tokens")),
        info.get("access_groups").stringList(), info.get("base_model").string(null));
  }

  /** {@code weight}, else {@code rpm}, else {@code tpm}, else 1. */
  private static double weight(Node params, Integer rpm, Integer tpm) {
    BigDecimal weight = params.get("weight").decimal(null);
    if (weight != null && weight.signum() <= 0) {
      params.get("weight").problem("must be positive, got " + weight);
      return 1;
    }
    return weight != null ? weight.doubleValue() : rpm != null ? rpm : tpm != null ? tpm : 1;
  }

  private static Integer positiveInteger(Node node) {
    Integer n = node.integer(null);
    if (n != null && n <= 0) {
      node.problem("must be positive, got " + n);
      return null;
    }
    return n;
  }

  private static Prices prices(Node info) {
    BigDecimal both = info.get("cost_per_token").decimal(null);
    BigDecimal in = info.get("input_cost_per_token").decimal(both);
    BigDecimal out = info.get("output_cost_per_token").decimal(both);
    if (in == null && out == null) {
      return null;
    }
    if (in == null || out == null) {
      info.problem("input_cost_per_token and output_cost_per_token go together (or use cost_per_token)");
      return null;
    }
    return new Prices(in, out, info.get("cache_read_input_token_cost").decimal(null),
        info.get("cache_creation_input_token_cost").decimal(null));
  }

  private static RouterSettings routerSettings(Node node, Node litellm, Node general,
                                               List<ModelDeployment> deployments) {
    node.asMap();
    node.warnUnknownKeys(union(ROUTER, ROUTER_LATER));
    notYet(node, ROUTER_LATER);
    RouterSettings d = RouterSettings.defaults();
    String strategy = node.get("routing_strategy").string(d.routingStrategy());
    if (!RouterSettings.ROUTING_STRATEGIES.contains(strategy)) {
      node.get("routing_strategy").problem("unknown strategy \"" + strategy + "\"; use one of "
          + String.join(", ", new java.util.TreeSet<>(RouterSettings.ROUTING_STRATEGIES)));
    }
    Set<String> aliases = new java.util.HashSet<>();
    deployments.forEach(m -> aliases.add(m.modelName()));
    int retries = node.get("num_retries").integer(litellm.get("num_retries").integer(d.numRetries()));
    if (retries < 0) {
      node.get("num_retries").problem("must not be negative");
    }
    return new RouterSettings(strategy, Math.max(0, retries),
        callTimeout(node, litellm, general, d.timeout()),
        fallbackMap(node.get("fallbacks"), aliases), checked(node.get("default_fallbacks"), aliases),
        fallbackMap(node.get("context_window_fallbacks"), aliases),
        fallbackMap(node.get("content_policy_fallbacks"), aliases),
        node.get("cooldown_time").seconds(d.cooldownTime()), node.get("allowed_fails").integer(d.allowedFails()),
        node.get("retry_after").seconds(d.retryBaseDelay()), node.get("max_retry_delay").seconds(d.maxRetryDelay()),
        groupAliases(node.get("model_group_alias"), aliases));
  }

  /**
   * {@code model_group_alias}: {@code {"claude-sonnet-5-5": "gw-model"}}, or LiteLLM's long form
   * {@code {"name": {"model": "gw-model", "hidden": true}}}. LiteLLM leaves {@code hidden} names out of its models
   * list; this router accepts the flag but lists every name (see {@code Router.models()}).
   */
  private static Map<String, String> groupAliases(Node node, Set<String> aliases) {
    Map<String, String> out = new LinkedHashMap<>();
    if (!node.isPresent()) {
      return out;
    }
    node.asMap().forEach((from, to) -> {
      Node target = node.get(from);
      String name = target.value instanceof Map ? target.get("model").requiredString() : target.requiredString();
      if (!aliases.contains(name)) {
        target.problem("\"" + name + "\" is not a model_name in model_list");
      } else if (aliases.contains(from)) {
        target.problem("\"" + from + "\" is already a model_name in model_list; an alias can't also name another");
      }
      out.put(from, name);
    });
    return out;
  }

  /** The whole-call timeout: router_settings.timeout, else litellm_settings or general_settings.request_timeout. */
  private static Duration callTimeout(Node router, Node litellm, Node general, Duration fallback) {
    Duration t = router.get("timeout").seconds(null);
    if (t == null) {
      t = router.get("request_timeout").seconds(null);
    }
    if (t == null) {
      t = litellm.get("request_timeout").seconds(null);
    }
    if (t == null) {
      t = general.get("request_timeout").seconds(null);
    }
    return t == null ? fallback : t;
  }

  /** LiteLLM writes fallbacks as a list of one-key mappings: {@code [{"gpt-4o": ["gpt-4o-mini"]}]}. */
  private static Map<String, List<String>> fallbackMap(Node node, Set<String> aliases) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    List<Node> items = node.value instanceof Map ? List.of(node) : node.asList();
    for (Node item : items) {
      item.asMap().forEach((from, to) -> {
        Node target = item.get(from);
        if (!aliases.contains(from)) {
          target.problem("\"" + from + "\" is not a model_name in model_list");
        }
        out.put(from, checked(target, aliases));
      });
    }
    return out;
  }

  private static List<String> checked(Node node, Set<String> aliases) {
    List<String> names = node.stringList();
    for (String name : names) {
      if (!aliases.contains(name)) {
        node.problem("\"" + name + "\" is not a model_name in model_list");
      }
    }
    return names;
  }

  /**
   * The response cache: {@code litellm_settings.cache} with {@code cache_params}, LiteLLM's way; also the seed's
   * {@code general_settings.cache_enabled} / {@code cache_ttl} and {@code router_settings.enable_caching}, which turn
   * the same cache on.
   */
  private static CacheSettings cacheSettings(Node litellm, Node general, Node router) {
    litellm.asMap();
    litellm.warnUnknownKeys(union(LITELLM, LITELLM_LATER));
    notYet(litellm, LITELLM_LATER);
    CacheSettings d = CacheSettings.disabled();
    Node params = litellm.get("cache_params");
    params.warnUnknownKeys(Set.of("type", "ttl", "max_size", "namespace", "host", "port", "password"));
    String type = params.get("type").string("local");
    if (!type.equals("local") && !type.equals("in-memory") && !type.equals("redis")) {
      params.get("type").problem("\"" + type + "\" is not supported yet; use local or redis");
    }
    long maxSize = params.get("max_size").integer((int) d.maxSize());
    boolean on = litellm.get("cache").bool(false) | general.get("cache_enabled").bool(false)
        | router.get("enable_caching").bool(false);
    Duration ttl = params.get("ttl").seconds(general.get("cache_ttl").seconds(d.ttl()));
    return new CacheSettings(on, ttl, maxSize);
  }

  /**
   * The shared Redis: {@code router_settings.redis_url}, or {@code redis_host} (with {@code redis_port}, default
   * 6379, and {@code redis_password}), for limits, budgets, cooldowns and, when the cache is on, the cache; else
   * {@code cache_params} of {@code type: redis} ({@code host}, {@code port}, {@code password}) for the cache only.
   * {@code redis_timeout} (seconds, default 0.5) bounds every wait on it; {@code redis_failure_mode} is
   * {@code closed} (default) or {@code open}.
   */
  private static RedisSettings redisSettings(Node router, Node cacheParams) {
    boolean state = router.get("redis_url").isPresent() || router.get("redis_host").isPresent();
    boolean cache = cacheParams.get("type").string("local").equals("redis");
    if (!state && !cache) {
      for (String k : List.of("redis_port", "redis_password", "redis_timeout", "redis_failure_mode")) {
        if (router.get(k).isPresent()) {
          router.get(k).problem("needs router_settings.redis_host or redis_url");
        }
      }
      return null;
    }
    Node from = state ? router : cacheParams;
    String prefix = state ? "redis_" : "";
    String url = state ? router.get("redis_url").string(null) : null;
    String host = from.get(prefix + "host").string(url == null ? "127.0.0.1" : null);
    Integer port = from.get(prefix + "port").integer(6379);
    if (port != null && (port < 1 || port > 65535)) {
      from.get(prefix + "port").problem("must be a port number (1-65535)");
    }
    if (url != null && !url.startsWith("redis://") && !url.startsWith("rediss://")) {
      router.get("redis_url").problem("expected redis://[:password@]host:port[/db] or rediss://...");
    }
    String secretValue = from.get(prefix + "password").string(null);
    Duration timeout = router.get("redis_timeout").seconds(RedisSettings.DEFAULT_TIMEOUT);
    if (timeout.isZero() || timeout.isNegative()) {
      router.get("redis_timeout").problem("must be more than 0 seconds");
    }
    String mode = router.get("redis_failure_mode").string("closed");
    RedisSettings.FailureMode failureMode = switch (mode) {
      case "closed", "fail_closed" -> RedisSettings.FailureMode.CLOSED;
      case "open", "fail_open" -> RedisSettings.FailureMode.OPEN;
      default -> {
        router.get("redis_failure_mode").problem("must be closed or open, got \"" + mode + "\"");
        yield RedisSettings.FailureMode.CLOSED;
      }
    };
    String namespace = cacheParams.get("namespace").string("llmrouter");
    return new RedisSettings(host, port == null ? 6379 : port, Secret.of(secretValue), url, namespace, timeout,
        failureMode, state, cache || state && !cacheParams.get("type").isPresent());
  }

  private static MonitoringSettings monitoring(Node general, Node litellm) {
    Node portNode = general.get("metrics_port");
    Integer port = portNode.integer(null);
    if (port != null && (port < 0 || port > 65_535)) {
      portNode.problem("must be a port, 1 to 65535, or 0 for any free one (got " + port + ")");
      port = null;
    }
    return new MonitoringSettings(litellm.get("require_auth_for_metrics_endpoint").bool(true), port,
        general.get("metrics").bool(true), general.get("audit_log").bool(true), general.get("store_prompts_in_spend_logs").bool(false));
  }

  private static GeneralSettings generalSettings(Node general, Node litellm) {
    general.asMap();
    general.warnUnknownKeys(union(GENERAL, GENERAL_LATER));
    notYet(general, GENERAL_LATER);
    GeneralSettings d = GeneralSettings.defaults();
    BigDecimal mb = general.get("max_request_size_mb").decimal(null);
    long limit = mb == null ? d.maxRequestBodyBytes() : mb.multiply(BigDecimal.valueOf(1024 * 1024)).longValue();
    Node parallelNode = general.get("global_max_parallel_requests");
    Integer parallel = parallelNode.integer(null);
    if (parallel != null && parallel < 1) {
      parallelNode.problem("must be at least 1 (got " + parallel + ")");
      parallel = null;
    }
    return new GeneralSettings(Secret.of(general.get("master_key").string(null)),
        general.get("request_timeout").seconds(null), limit, litellm.get("drop_params").bool(false),
        general.get("allowed_origins").stringList(), general.get("allowed_hosts").stringList(),
        general.get("request_body_timeout").seconds(null), Secret.of(general.get("database_url").string(null)),
        general.get("data_dir").string(null), parallel);
  }

  private static void notYet(Node node, Set<String> later) {
    List<String> present = new ArrayList<>();
    for (String key : node.asMap().keySet()) {
      if (later.contains(key)) {
        present.add(node.path.isEmpty() ? key : node.path + "." + key);
      }
    }
    if (!present.isEmpty()) {
      node.report.warnings.add("not supported yet, ignored: " + String.join(", ", present));
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new java.util.HashSet<>(a);
    out.addAll(b);
    return out;
  }
}
