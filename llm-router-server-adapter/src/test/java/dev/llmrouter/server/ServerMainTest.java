package dev.llmrouter.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: options, environment, the loopback rule, and the embedded default answering the seed checks. */
class ServerMainTest {
  @Test
  void defaultsAreLoopbackPort4000AndTheEmbeddedConfig() throws Exception {
    ServerMain.Options o = ServerMain.parse(new String[0], Map.of());
    assertThat(o).isEqualTo(new ServerMain.Options(null, 4000, "127.0.0.1", false, false));
  }

  @Test
  void optionsWinOverTheEnvironment(@TempDir Path dir) throws Exception {
    Path fromEnv = Files.writeString(dir.resolve("env.yaml"), "model_list: []");
    Path fromArg = Files.writeString(dir.resolve("arg.yaml"), "model_list: []");
    Map<String, String> env = Map.of("LLM_ROUTER_CONFIG", fromEnv.toString(), "PORT", "5000");

    assertThat(ServerMain.parse(new String[0], env)).isEqualTo(new ServerMain.Options(fromEnv, 5000, "127.0.0.1",
        false, false));
    assertThat(ServerMain.parse(new String[] {"--config", fromArg.toString(), "--port=6000", "--host", "0.0.0.0",
        "--allow-unauthenticated"}, env))
        .isEqualTo(new ServerMain.Options(fromArg, 6000, "0.0.0.0", true, false));
    assertThat(ServerMain.parse(new String[] {"--help"}, Map.of()).help()).isTrue();
  }

  @Test
  void theEnvironmentsMetricsPortReplacesTheConfigsSoInstancesOnOneMachineDoNotCollide() throws Exception {
    dev.llmrouter.config.RouterConfig config = new dev.llmrouter.config.ConfigLoader(Map.of()).parse("""
        model_list:
          - model_name: m
            litellm_params: {model: mock/m}
        general_settings: {metrics_port: 9090, audit_log: false}
        """);
    assertThat(ServerMain.metricsPortFromEnvironment(config, Map.of()).monitoring().metricsPort()).isEqualTo(9090);
    dev.llmrouter.config.RouterConfig local = ServerMain.metricsPortFromEnvironment(config,
        Map.of("LLM_ROUTER_METRICS_PORT", "0"));
    assertThat(local.monitoring().metricsPort()).isZero();
    assertThat(local.monitoring().auditLog()).isFalse();
    assertThatThrownBy(() -> ServerMain.metricsPortFromEnvironment(config, Map.of("LLM_ROUTER_METRICS_PORT", "x")))
        .hasMessageContaining("LLM_ROUTER_METRICS_PORT must be a port");
  }

  @Test
  void badCommandLinesSayWhatIsWrong() {
    assertThatThrownBy(() -> ServerMain.parse(new String[] {"--port", "abc"}, Map.of()))
        .hasMessageContaining("port must be a number");
    assertThatThrownBy(() -> ServerMain.parse(new String[] {"--port"}, Map.of())).hasMessageContaining("needs a value");
    assertThatThrownBy(() -> ServerMain.parse(new String[] {"--verbose"}, Map.of()))
        .hasMessageContaining("unknown option --verbose");
    assertThatThrownBy(() -> ServerMain.parse(new String[] {"--config", "/no/such/file.yaml"}, Map.of()))
        .hasMessageContaining("does not exist");
  }

  @Test
  void aConfigDirectoryIsNamedAsADirectory(@TempDir Path dir) {
    assertThatThrownBy(() -> ServerMain.parse(new String[] {"--config", dir.toString()}, Map.of()))
        .hasMessageContaining("is a directory").hasMessageNotContaining("does not exist");
  }

  @Test
  void aPortInUseIsOneLineNamingThePort() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
         Router router = ServerMain.buildRouter(null, Map.of())) {
      ProxySettings settings = ProxySettings.from(router.config().general(), Map.of(), "127.0.0.1",
          taken.getLocalPort());
      assertThatThrownBy(() -> new ProxyServer(router, settings).start())
          .isInstanceOf(ProxyServer.PortInUseException.class)
          .hasMessage("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use (is another proxy "
              + "running?); pick another with --port");
    }
  }

  @Test
  void aNonLoopbackAddressNeedsAMasterKeyOrAnExplicitOptOut() {
    assertThat(ServerMain.bindingProblem("0.0.0.0", false, false)).contains("refusing to listen on 0.0.0.0")
        .contains("--allow-unauthenticated");
    assertThat(ServerMain.bindingProblem("0.0.0.0", true, false)).isNull();
    assertThat(ServerMain.bindingProblem("0.0.0.0", false, true)).isNull();
    assertThat(ServerMain.bindingProblem("127.0.0.1", false, false)).isNull();
    assertThat(ServerMain.bindingProblem("localhost", false, false)).isNull();
    assertThat(ServerMain.bindingProblem("::1", false, false)).isNull();
  }

  @Test
  void theMasterKeyFallsBackToTheEnvironment() {
    Router router = ServerMain.buildRouter(null, Map.of());
    try {
      assertThat(ProxySettings.from(router.config().general(), Map.of(), "127.0.0.1", 0).masterKey()).isNull();
      assertThat(ProxySettings.from(router.config().general(), Map.of("LITELLM_MASTER_KEY", "sk-a"), "127.0.0.1", 0)
          .masterKey().reveal()).isEqualTo("sk-a");
      assertThat(ProxySettings.from(router.config().general(),
          Map.of("LITELLM_MASTER_KEY", "sk-a", "LLM_ROUTER_MASTER_KEY", "sk-b"), "127.0.0.1", 0)
          .masterKey().reveal()).isEqualTo("sk-b");
    } finally {
      router.close();
    }
  }

  @Test
  void theEmbeddedDefaultAnswersTheSeedChecksWithNoKeys() throws Exception {
    Router router = ServerMain.buildRouter(null, Map.of());
    ProxyServer server = new ProxyServer(router, ProxySettings.from(router.config().general(), Map.of(),
        "127.0.0.1", 0)).start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.port();

      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health"))
          .header("Authorization", "Bearer sk-1234567890").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"healthy_endpoints\":[").contains("\"unhealthy_count\":0")
          .contains("\"model_name\":\"test-model\"");

      for (String path : new String[] {"/v1/models", "/models"}) {
        HttpResponse<String> models = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(models.body()).contains("\"id\":\"test-model\"").contains("\"id\":\"gpt-4o-mini\"");
      }

      for (String path : new String[] {"/v1/chat/completions", "/chat/completions"}) {
        HttpResponse<String> chat = http.send(HttpRequest.newBuilder(URI.create(base + path))
            .POST(HttpRequest.BodyPublishers.ofString(
                "{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chat.statusCode()).isEqualTo(200);
        assertThat(chat.body()).contains("\"object\":\"chat.completion\"").contains("\"model\":\"test-model\"")
            .contains("\"role\":\"assistant\"").contains("mock provider");
      }
    } finally {
      server.stop();
      router.close();
    }
  }
}
