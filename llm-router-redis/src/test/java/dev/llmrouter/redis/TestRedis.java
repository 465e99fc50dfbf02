package dev.llmrouter.redis;

import dev.llmrouter.api.spi.Secret;
import dev.llmrouter.config.RedisSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** The machine's Redis (127.0.0.1:6379), a namespace per test; or a redis-server of the test's own. */
final class TestRedis {
  static final String HOST = "127.0.0.1";
  static final int PORT = 6379;

  private TestRedis() {}

  static String namespace() {
    return "t" + UUID.randomUUID().toString().substring(0, 8);
  }

  static RedisSettings settings(String ns, int port, RedisSettings.FailureMode mode) {
    return new RedisSettings(HOST, port, Secret.of(null), null, ns, Duration.ofMillis(250), mode, true, true);
  }

  /** Deletes every key of {@code ns}: what a FLUSHALL or an eviction does to them. */
  static void wipe(String ns, int port) {
    try (RedisClient c = RedisClient.create(HOST, port)) {
      String cursor = ScanParams.SCAN_POINTER_START;
      do {
        ScanResult<String> page = c.scan(cursor, new ScanParams().match(ns + ":*").count(1000));
        if (!page.getResult().isEmpty()) {
          c.del(page.getResult().toArray(String[]::new));
        }
        cursor = page.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A redis-server of the test's own, which the test may stop, freeze and start again. */
  static final class Own implements AutoCloseable {
    final int port;
    private Process process;

    Own() {
      this.port = freePort();
      start();
    }

    void start() {
      try {
        process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", HOST, "--save", "",
            "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      } catch (IOException e) {
        throw new IllegalStateException("redis-server: " + e.getMessage(), e);
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < deadline) {
        try (RedisClient c = RedisClient.create(HOST, port)) {
          if ("PONG".equals(c.ping())) {
            return;
          }
        } catch (RuntimeException e) {
          Thread.onSpinWait();
        }
      }
      throw new IllegalStateException("redis-server on " + port + " did not start");
    }

    /** Stops it; its data is gone (it keeps nothing on disk). */
    void stop() throws InterruptedException {
      process.destroy();
      process.waitFor();
    }

    /** Freezes it (SIGSTOP): connections stay open but nothing answers, as with a hung or partitioned Redis. */
    void freeze() throws IOException, InterruptedException {
      signal("STOP");
    }

    void thaw() throws IOException, InterruptedException {
      signal("CONT");
    }

    private void signal(String sig) throws IOException, InterruptedException {
      new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    @Override
    public void close() throws Exception {
      thaw();
      stop();
    }
  }
}
