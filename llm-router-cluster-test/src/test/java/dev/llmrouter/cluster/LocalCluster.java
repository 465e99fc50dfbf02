package dev.llmrouter.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code deploy/local-cluster.sh}, driven from a test: three proxies from the packaged jar behind nginx, on free
 * ports, with a Redis of the cluster's own (the script starts it, so a test may stop it) and the machine's
 * PostgreSQL (reached through whatever {@code DATABASE_URL} says).
 */
final class LocalCluster implements AutoCloseable {
  static final Path ROOT = Path.of(System.getProperty("llmrouter.root", "..")).toAbsolutePath().normalize();
  static final Path JAR = ROOT.resolve("llm-router-server-adapter/target/llm-router-server.jar");
  static final String MASTER = "sk-cluster-test-master";

  final Path runDir;
  final int lbPort;
  final int[] ports;
  final int redisPort;
  private final Map<String, String> env = new HashMap<>();

  LocalCluster(Path runDir, Path config, Map<String, String> extra) {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException("no proxy jar at " + JAR + ": the cluster tests run in mvn verify, after the "
          + "jar is packaged");
    }
    this.runDir = runDir;
    java.util.Set<Integer> picked = new java.util.LinkedHashSet<>();
    while (picked.size() < 5) {
      picked.add(freePort());
    }
    int[] p = picked.stream().mapToInt(Integer::intValue).toArray();
    this.lbPort = p[0];
    this.ports = new int[] {p[1], p[2], p[3]};
    this.redisPort = p[4];
    env.put("CONFIG", config.toString());
    env.put("JAR", JAR.toString());
    env.put("RUN_DIR", runDir.toString());
    env.put("LB_PORT", Integer.toString(lbPort));
    env.put("PROXY_PORTS", ports[0] + " " + ports[1] + " " + ports[2]);
    env.put("REDIS_PORT", Integer.toString(redisPort));
    env.put("LLM_ROUTER_MASTER_KEY", MASTER);
    env.put("JAVA_OPTS", "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
    env.putAll(extra);
  }

  String url() {
    return "http://127.0.0.1:" + lbPort;
  }

  String proxy(int n) {
    return "http://127.0.0.1:" + ports[n - 1];
  }

  void set(String name, String value) {
    env.put(name, value);
  }

  void start() {
    run("start");
  }

  /** A graceful stop of the three proxies (SIGTERM), then a start: nginx and Redis stay up. */
  void restartProxies() {
    run("restart");
  }

  void stopProxies() {
    run("stop-proxies");
  }

  void startProxies() {
    run("start-proxies");
  }

  void kill(int proxy) {
    run("kill", Integer.toString(proxy));
  }

  void stop() {
    run("stop");
  }

  long redisPid() throws IOException {
    return Long.parseLong(Files.readString(runDir.resolve("redis.pid")).strip());
  }

  /** Stops the cluster's Redis (its data is gone: it keeps nothing on disk). */
  void stopRedis() throws Exception {
    long pid = redisPid(); // Redis removes its pid file as it stops
    signal("TERM", pid);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("redis did not stop");
      }
      Thread.onSpinWait();
    }
  }

  void freezeRedis() throws Exception {
    signal("STOP", redisPid());
  }

  void thawRedis() throws Exception {
    signal("CONT", redisPid());
  }

  private static void signal(String sig, long pid) throws Exception {
    new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start().waitFor();
  }

  String log(int proxy) throws IOException {
    return Files.readString(runDir.resolve("proxy" + proxy + ".log"));
  }

  private void run(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("bash");
    cmd.add(ROOT.resolve("deploy/local-cluster.sh").toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    try {
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("local-cluster.sh " + String.join(" ", args) + " failed:\n"
            + new String(out, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A port free now, below Linux's ephemeral range (32768 and up): the processes bind it seconds later, and a port
   * the kernel handed out (port 0) could meanwhile be taken by some outgoing connection.
   */
  static int freePort() {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = java.util.concurrent.ThreadLocalRandom.current().nextInt(20_000, 32_000);
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        return port;
      } catch (IOException taken) {
        // another
      }
    }
    throw new IllegalStateException("no free port between 20000 and 32000");
  }

  @Override
  public void close() {
    try {
      thawRedis();
    } catch (Exception e) {
      // not running
    }
    stop();
  }
}
