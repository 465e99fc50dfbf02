package dev.llmrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged proxy started as a real process twice: from the module path ({@code java -p DIR -m
 * dev.llmrouter.server/dev.llmrouter.server.ServerMain}, so every module descriptor, its {@code requires}, its
 * {@code opens} to Moshi and its {@code provides} of the providers are what the JVM resolves) and from the class
 * path. Each answers an OpenAI and an Anthropic call and a stream from the mock model, serves the dashboard page and
 * {@code /metrics}, and creates a virtual key in the embedded H2 store, which the Flyway migrations on the module path
 * set up, then serves a call with that key. Runs after {@code package} (failsafe): {@code target/modules} holds the
 * runtime dependencies; {@code llm-router.jar} names the module's own jar.
 */
class ModulePathIT {
  private static final String MASTER = "sk-module-path-master";
  private static final Pattern LISTENING = Pattern.compile("llm-router proxy on http://[^:]+:(\\d+)");
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"module-path", "class-path"})
  void theProxyServesBothApisFrom(String path, @TempDir Path data) throws Exception {
    Path modules = Path.of(System.getProperty("llm-router.modules", "target/modules"));
    Path jar = Path.of(System.getProperty("llm-router.jar"));
    List<String> command = new ArrayList<>(List.of(javaExecutable()));
    if (path.equals("module-path")) {
      command.addAll(List.of("-p", modules + java.io.File.pathSeparator + jar, "-m", "dev.llmrouter.server/dev.llmrouter.server.ServerMain"));
    } else {
      command.addAll(List.of("-cp", classPath(modules) + java.io.File.pathSeparator + jar,
          "dev.llmrouter.server.ServerMain"));
    }
    command.addAll(List.of("--port", "0", "--host", "127.0.0.1"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("LLM_ROUTER_MASTER_KEY", MASTER);
    builder.environment().put("LLM_ROUTER_DATA_DIR", data.toString());
    builder.environment().remove("LLM_ROUTER_CONFIG");
    Process process = builder.start();
    StringBuilder log = new StringBuilder();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader = new Thread(() -> readLog(process, log, port), "proxy-log");
    reader.setDaemon(true);
    reader.start();
    try {
      int p = port.get(60, TimeUnit.SECONDS);
      String base = "http://127.0.0.1:" + p;

      HttpResponse<String> chat = post(base + "/v1/chat/completions", MASTER,
          "{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
      assertThat(chat.statusCode()).as(log::toString).isEqualTo(200);
      assertThat(chat.body()).contains("\"object\":\"chat.completion\"").contains("\"role\":\"assistant\"");

      HttpResponse<String> messages = post(base + "/v1/messages", MASTER,
          "{\"model\":\"test-model\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
      assertThat(messages.statusCode()).as(log::toString).isEqualTo(200);
      assertThat(messages.body()).contains("\"type\":\"message\"").contains("\"stop_reason\":\"end_turn\"");

      HttpResponse<String> stream = post(base + "/v1/messages", MASTER, "{\"model\":\"test-model\",\"max_tokens\":50,"
          + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
      assertThat(stream.statusCode()).as(log::toString).isEqualTo(200);
      assertThat(stream.body()).startsWith("event: message_start").contains("event: message_stop");

      HttpResponse<String> team = post(base + "/team/new", MASTER, "{\"team_id\":\"mp\",\"models\":[\"test-model\"]}");
      assertThat(team.statusCode()).as(team::body).isEqualTo(200);
      HttpResponse<String> key = post(base + "/key/generate", MASTER, "{\"team_id\":\"mp\"}");
      assertThat(key.statusCode()).as(key::body).isEqualTo(200);
      Matcher virtualKey = Pattern.compile("\"key\":\"(sk-[^\"]+)\"").matcher(key.body());
      assertThat(virtualKey.find()).as(key.body()).isTrue();
      HttpResponse<String> withKey = post(base + "/v1/chat/completions", virtualKey.group(1),
          "{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
      assertThat(withKey.statusCode()).as(log::toString).isEqualTo(200);

      HttpResponse<String> ui = get(base + "/ui", null);
      assertThat(ui.statusCode()).isEqualTo(200);
      assertThat(ui.body()).contains("<canvas id=\"chart-tenant-spend\">");
      HttpResponse<String> metrics = get(base + "/metrics", MASTER);
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("llm_router_requests_total{");
    } finally {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    assertThat(log.toString()).doesNotContain("Exception").doesNotContain(MASTER);
  }

  private static void readLog(Process process, StringBuilder log, CompletableFuture<Integer> port) {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        synchronized (log) {
          log.append(line).append('\n');
        }
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          port.complete(Integer.parseInt(m.group(1)));
        }
      }
    } catch (IOException e) {
      port.completeExceptionally(e);
    }
    port.completeExceptionally(new IllegalStateException("the proxy exited before it listened:\n" + log));
  }

  private HttpResponse<String> post(String url, String key, String json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json").header("anthropic-version", "2023-06-01")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String url, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String javaExecutable() {
    return ProcessHandle.current().info().command().orElse(
        Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  static String classPath(Path modules) throws IOException {
    try (Stream<Path> jars = Files.list(modules)) {
      return jars.filter(j -> j.toString().endsWith(".jar")).sorted().map(Path::toString)
          .collect(Collectors.joining(java.io.File.pathSeparator));
    }
  }
}
