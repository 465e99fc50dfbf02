package dev.llmrouter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.config.ConfigLoader;
import dev.llmrouter.config.RedisSettings;
import dev.llmrouter.config.RouterConfig;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files users copy from {@code deploy/} (Docker is not run here): {@code deploy/check.py} checks their
 * structure and runs {@code nginx -t} on the nginx.conf; then the config.yaml of the compose stack and the one in the
 * Kubernetes ConfigMap are loaded by the proxy's own config loader, with the environment each deployment gives it.
 */
class DeployArtifactsTest {
  @TempDir
  Path dir;

  @Test
  void theStaticChecksPassAndBothDeployedConfigsLoad() throws Exception {
    Process p = new ProcessBuilder("python3", LocalCluster.ROOT.resolve("deploy/check.py").toString(), "--emit-configs",
        dir.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("checks passed").doesNotContain("FAIL");

    for (String name : new String[] {"compose-config", "kubernetes-config"}) {
      Properties props = new Properties();
      try (Reader r = Files.newBufferedReader(dir.resolve(name + ".env"))) {
        props.load(r);
      }
      Map<String, String> env = new HashMap<>();
      props.forEach((k, v) -> env.put((String) k, (String) v));
      RouterConfig config = new ConfigLoader(env).load(dir.resolve(name + ".yaml"));
      RedisSettings redis = config.redis();
      assertThat(redis).as(name).isNotNull();
      assertThat(redis.sharedState()).isTrue();
      assertThat(redis.sharedCache()).isTrue();
      assertThat(redis.failureMode()).isEqualTo(RedisSettings.FailureMode.CLOSED);
      assertThat(config.cache().enabled()).isTrue();
      assertThat(config.general().masterKey()).isNotNull();
      assertThat(config.general().databaseUrl()).isNotNull();
      assertThat(config.aliases()).contains("gpt-4o-mini", "claude-sonnet-4-5", "claude-*");
      assertThat(config.warnings()).as(name + " warnings")
          .allMatch(w -> w.contains("metrics_port"), "only metrics_port, which the metrics issue brings");
    }
  }
}
