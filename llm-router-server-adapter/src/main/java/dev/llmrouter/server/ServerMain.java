package dev.llmrouter.server;

import ch.qos.logback.classic.LoggerContext;
import dev.llmrouter.Router;
import dev.llmrouter.config.ConfigException;
import dev.llmrouter.config.ConfigLoader;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.internal.InMemorySpendLedger;
import dev.llmrouter.policy.StateKey;
import dev.llmrouter.redis.RedisState;
import dev.llmrouter.redis.SpendHistory;
import dev.llmrouter.redis.WindowHistory;
import dev.llmrouter.spi.state.SpendLedger;
import dev.llmrouter.store.StoreException;
import dev.llmrouter.store.TenantStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar llm-router-server.jar [--config FILE] [--port N] [--host ADDR] [--allow-unauthenticated]}: starts
 * the proxy on a config file, or with none on the embedded default whose models use the mock provider.
 */
public final class ServerMain {
  private static final Logger LOG = LoggerFactory.getLogger(ServerMain.class);
  static final String DEFAULT_CONFIG = "default-config.yaml";
  static final String USAGE = """
      Usage: java -jar llm-router-server.jar [options]

        --config FILE            LiteLLM-style config.yaml (default: $LLM_ROUTER_CONFIG, else an embedded
                                 config whose models, e.g. test-model, use the built-in mock provider)
        --port N                 port to listen on (default: $PORT, else 4000)
        --host ADDR              address to bind (default: 127.0.0.1)
        --allow-unauthenticated  allow a non-loopback address without a master key
        --help                   print this help

      The master key is general_settings.master_key, else $LLM_ROUTER_MASTER_KEY, else $LITELLM_MASTER_KEY.
      Tenants and keys: java -jar llm-router-server.jar tenants --help
      """;

  private ServerMain() {}

  /** The command line, resolved against the environment. {@code config} is null for the embedded default. */
  record Options(Path config, int port, String host, boolean allowUnauthenticated, boolean help) {}

  /** A command line that cannot be run; the message says why. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  /**
   * Jetty's thread pool pads its queue against false sharing by the size of an object reference, and without this
   * property asks the JVM's diagnostic MBean for it: starting the platform MBean server took a tenth of the
   * start-up's wall time on one core. 16 is right for compressed references (heaps under 32 GB); with wider ones the
   * padding is merely twice what it needs. Set on the command line to override.
   */
  static final String JETTY_REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

  public static void main(String[] args) {
    if (System.getProperty(JETTY_REFERENCES_PER_CACHE_LINE) == null) {
      System.setProperty(JETTY_REFERENCES_PER_CACHE_LINE, "16");
    }
    if (AdminCli.isCommand(args)) {
      System.exit(new AdminCli(System.out, System.err).run(args, System.getenv()));
      return;
    }
    Options options;
    try {
      options = parse(args, System.getenv());
    } catch (UsageException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println();
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.print(USAGE);
      return;
    }
    try {
      run(options, System.getenv());
    } catch (ConfigException | StartupException | ProxyServer.PortInUseException | StoreException e) {
      fail(e.getMessage());
    } catch (Exception e) {
      fail("cannot start: " + e);
    }
  }

  /** Starts the proxy and blocks until it is stopped (SIGTERM drains in-flight requests first). */
  static void run(Options options, Map<String, String> env) throws Exception {
    RouterConfig config = metricsPortFromEnvironment(loadConfig(options.config(), env), env);
    ProxySettings settings = ProxySettings.from(config.general(), env, options.host(), options.port());
    TenantStore store = StoreSetup.open(config.general(), settings.masterKey() != null, env, Clock.systemUTC());
    RedisState redis = config.redis() == null ? null : RedisState.connect(config.redis(), Clock.systemUTC());
    Observability observability = new Observability(config.monitoring());
    Router router;
    try {
      router = buildRouter(config, env, store, redis, observability);
    } catch (RuntimeException e) {
      closeStores(redis, store);
      throw e;
    }
    ProxyServer server;
    try {
      String problem = bindingProblem(settings.host(), settings.masterKey() != null || router.hasTenants(),
          options.allowUnauthenticated());
      if (problem != null) {
        throw new StartupException(problem);
      }
      server = new ProxyServer(router, settings, Clock.systemUTC(), ProxyServer.KEEP_ALIVE_INTERVAL, store,
          new Readiness(redis, store), observability).start();
      LOG.info("llm-router proxy on http://{}:{}{} | config: {} | models: {} | auth: {} | threads: {}, at most {} "
              + "calls at once", hostForUrl(settings.host()),
          server.port(), server.metricsPort() < 0 ? "" : " (metrics on :" + server.metricsPort() + ")", options.config() == null ? "embedded default (mock provider)" : options.config(),
          String.join(", ", router.models()), authMode(settings.masterKey() != null, router),
          settings.threading() == Threading.VIRTUAL ? "virtual" : "platform", settings.maxInFlight());
    } catch (Exception e) {
      router.close();
      closeStores(redis, store);
      throw e;
    }
    ProxyServer started = server;
    Thread hook = new Thread(() -> {
      LOG.info("stopping: draining in-flight requests");
      try {
        started.stop();
      } catch (Exception e) {
        LOG.warn("stop: {}", e.toString());
      } finally {
        router.close();
        observability.close(); // writes the audit lines still queued
        closeStores(redis, store); // writes the spend records still queued
      }
      LOG.info("stopped");
      flushLogs();
    }, "shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    started.join();
  }

  private static void closeStores(RedisState redis, TenantStore store) {
    if (redis != null) {
      redis.close();
    }
    if (store != null) {
      store.close();
    }
  }

  /** Startup failures go straight to stderr: the log appender is asynchronous and the JVM exits right away. */
  private static void fail(String message) {
    flushLogs();
    System.err.println("error: " + message);
    System.exit(1);
  }

  private static void flushLogs() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
      logback.stop(); // drains the asynchronous appender
    }
  }

  static Options parse(String[] args, Map<String, String> env) throws UsageException {
    String config = env.get("LLM_ROUTER_CONFIG");
    String port = env.get("PORT");
    String host = ProxySettings.DEFAULT_HOST;
    boolean allow = false;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        value = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      }
      switch (arg) {
        case "--help", "-h" -> help = true;
        case "--allow-unauthenticated" -> allow = true;
        case "--config", "--port", "--host" -> {
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new UsageException(arg + " needs a value");
            }
            value = args[++i];
          }
          switch (arg) {
            case "--config" -> config = value;
            case "--port" -> port = value;
            default -> host = value;
          }
        }
        default -> throw new UsageException("unknown option " + arg);
      }
    }
    Path configPath = config == null || config.isBlank() ? null : Path.of(config);
    if (configPath != null && !help && Files.isDirectory(configPath)) {
      throw new UsageException("--config " + configPath + " is a directory; give the config.yaml file inside it");
    }
    if (configPath != null && !help && !Files.isRegularFile(configPath)) {
      throw new UsageException("config file " + configPath + " does not exist");
    }
    return new Options(configPath, port(port), host, allow, help);
  }

  private static int port(String value) throws UsageException {
    if (value == null || value.isBlank()) {
      return ProxySettings.DEFAULT_PORT;
    }
    try {
      int port = Integer.parseInt(value.strip());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new UsageException("port must be a number from 0 to 65535, got \"" + value + "\"");
    }
  }

  /**
   * Why the proxy must not listen on {@code host}, or null when it may: a non-loopback address needs a master
   * key, unless the operator said {@code --allow-unauthenticated}.
   */
  private static String authMode(boolean masterKey, Router router) {
    if (router.hasTenants()) {
      return (masterKey ? "master key and " : "") + "tenant keys (" + router.config().tenancy().tenants().size()
          + " tenants from the config)";
    }
    return masterKey ? "on (master key)" : "off";
  }

  static String bindingProblem(String host, boolean hasMasterKey, boolean allowUnauthenticated) {
    if (hasMasterKey || allowUnauthenticated || isLoopback(host)) {
      return null;
    }
    return "refusing to listen on " + host + " without a master key: anyone who can reach it could use your "
        + "providers. Set general_settings.master_key (or LLM_ROUTER_MASTER_KEY), bind to 127.0.0.1, or pass "
        + "--allow-unauthenticated.";
  }

  static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    try {
      InetAddress[] addresses = InetAddress.getAllByName(host);
      for (InetAddress a : addresses) {
        if (!a.isLoopbackAddress()) {
          return false;
        }
      }
      return addresses.length > 0;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * {@code LLM_ROUTER_METRICS_PORT} in place of {@code general_settings.metrics_port}: instances sharing one config on
   * one machine ({@code deploy/local-cluster.sh}) cannot share a port; 0 takes any free one.
   */
  static RouterConfig metricsPortFromEnvironment(RouterConfig config, Map<String, String> env)
      throws StartupException {
    String value = env.get("LLM_ROUTER_METRICS_PORT");
    if (value == null || value.isBlank()) {
      return config;
    }
    int port;
    try {
      port = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65_535) {
      throw new StartupException("LLM_ROUTER_METRICS_PORT must be a port, 1 to 65535, or 0 for any free one (got '"
          + value + "')");
    }
    return config.withMonitoring(config.monitoring().withMetricsPort(port));
  }

  static Router buildRouter(Path config, Map<String, String> env) {
    return buildRouter(loadConfig(config, env), env, null);
  }

  static RouterConfig loadConfig(Path config, Map<String, String> env) {
    ConfigLoader loader = new ConfigLoader(env);
    return config == null ? loader.parse(defaultConfig()) : loader.load(config);
  }

  /**
   * The router of a config; with a store, its tenants and keys come after the config's, each call's spend is
   * recorded there, and the budgets start from what the store says was spent in their current periods. With a
   * shared Redis ({@code router_settings.redis_*}), rate limits, calls in flight, budgets and cooldowns are counted
   * there, a budget Redis lost starting again from the store; with a Redis cache, answers are cached there.
   */
  static Router buildRouter(RouterConfig config, Map<String, String> env, TenantStore store, RedisState redis) {
    return buildRouter(config, env, store, redis, null);
  }

  /** @param observability the meters and the audit log the router reports to (and then watches it), or null */
  static Router buildRouter(RouterConfig config, Map<String, String> env, TenantStore store, RedisState redis,
                            Observability observability) {
    Router.Builder builder = Router.builder().environment(env).config(config);
    if (observability != null) {
      builder.listener(observability.listener());
    }
    SpendLedger ledger = null;
    if (redis != null && redis.settings().sharedState()) {
      SpendHistory history = store == null ? SpendHistory.NONE
          : (key, start) -> store.spentOn(key, start, config.tenancy().tenants());
      ledger = redis.spendLedger(history);
      builder.windowCounter(redis.windowCounter(store == null ? WindowHistory.NONE : windowHistory(store)))
          .parallelCounter(redis.parallelCounter())
          .cooldownStore(redis.cooldownStore()).spendLedger(ledger);
    }
    if (redis != null && redis.settings().sharedCache()) {
      builder.responseStore(redis.responseStore());
    }
    if (store != null) {
      if (ledger == null) {
        ledger = new InMemorySpendLedger();
        builder.spendLedger(ledger);
      }
      store.restore(ledger, config.tenancy().tenants(), Instant.now());
      builder.tenantDirectory(store).spendLog(store.spendLog());
    }
    Router router = builder.build();
    if (observability != null) {
      observability.watch(router, store, redis);
    }
    return router;
  }

  /**
   * A window's use from the spend log, by its key: {@code key:<id>:<limit>}, {@code tenant:<id>:<limit>} or
   * {@code gateway:<limit>}; a {@code tokens_*} limit counts tokens, the others calls.
   */
  static WindowHistory windowHistory(TenantStore store) {
    return (key, start, window) -> {
      StateKey counter = StateKey.parse(key);
      TenantStore.WindowUsage used = store.windowUsage(counter.scope(), counter.id(), start, start.plus(window));
      return counter.countsTokens() ? used.tokens() : used.calls();
    };
  }

  static Router buildRouter(RouterConfig config, Map<String, String> env, TenantStore store) {
    return buildRouter(config, env, store, null);
  }

  static String defaultConfig() {
    try (InputStream in = ServerMain.class.getResourceAsStream("/" + DEFAULT_CONFIG)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULT_CONFIG + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String hostForUrl(String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }

  /** The proxy refuses to start; the message says why. */
  static final class StartupException extends Exception {
    StartupException(String message) {
      super(message);
    }
  }

}
