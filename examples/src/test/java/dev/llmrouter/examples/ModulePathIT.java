package dev.llmrouter.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged example run as a process from the module path ({@code -p DIR -m dev.llmrouter.examples/...}) and from
 * the class path: one call to the bundled mock provider (found through the providers module's {@code provides}) and
 * one to this module's own {@code ShoutingProviderFactory} (found through this module's {@code provides}). Runs after
 * {@code package} (failsafe).
 */
class ModulePathIT {
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"module-path", "class-path"})
  void theExampleCallsTheMockAndTheCustomProviderFrom(String path, @TempDir Path dir) throws Exception {
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, """
        model_list:
          - model_name: test-model
            litellm_params: {model: mock/test-model, mock_response: "Hello from the mock model."}
          - model_name: loud
            litellm_params: {model: shout/v1}
        """);
    assertThat(run(path, config, "test-model", "What is 2+2?")).startsWith("Hello from the mock model.")
        .contains("test-model#0");
    assertThat(run(path, config, "loud", "hello there")).startsWith("HELLO THERE").contains("[loud#");
  }

  private static String run(String path, Path config, String model, String question) throws Exception {
    Path modules = Path.of(System.getProperty("llm-router.modules", "target/modules"));
    Path jar = Path.of(System.getProperty("llm-router.jar"));
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow()));
    if (path.equals("module-path")) {
      command.addAll(List.of("-p", modules + File.pathSeparator + jar,
          "-m", "dev.llmrouter.examples/dev.llmrouter.examples.BasicExample"));
    } else {
      String cp;
      try (Stream<Path> jars = Files.list(modules)) {
        cp = jars.map(Path::toString).sorted().collect(Collectors.joining(File.pathSeparator));
      }
      command.addAll(List.of("-cp", cp + File.pathSeparator + jar, "dev.llmrouter.examples.BasicExample"));
    }
    command.addAll(List.of(config.toString(), model, question));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("");
  }
}
