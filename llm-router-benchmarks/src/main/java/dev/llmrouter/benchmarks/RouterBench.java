package dev.llmrouter.benchmarks;

import dev.llmrouter.Router;
import dev.llmrouter.RouterListener;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.Message;
import dev.llmrouter.metrics.RouterMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the router costs over a direct provider call: {@code direct} calls the deployment's provider (the built-in
 * mock, so no network) through {@link Router#checkDeployment}, which skips the pipeline; {@code complete} is the same
 * call through {@link Router#complete}, every step of the pipeline, with or without the meters listening. The
 * difference is the router's own time a call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RouterBench {
  private static final String CONFIG = """
      model_list:
        - model_name: gpt-4o-mini
          litellm_params: {model: mock/gpt-4o-mini, mock_response: "Hello from the mock."}
      router_settings:
        num_retries: 0
      """;

  @Param({"false", "true"})
  public boolean metrics;

  private Router router;
  private String deployment;
  private ChatRequest request;

  @Setup(Level.Trial)
  public void start() {
    RouterListener listener = RouterListener.NONE;
    RouterMetrics meters = null;
    if (metrics) {
      meters = new RouterMetrics(new SimpleMeterRegistry());
      listener = meters;
    }
    router = Router.builder().configYaml(CONFIG).listener(listener).build();
    if (meters != null) {
      meters.watch(router);
    }
    deployment = router.deployments().get(0).id();
    request = ChatRequest.builder("gpt-4o-mini").messages(List.of(Message.system("You are a helpful assistant."),
        Message.user("Say hello in five words."))).maxTokens(16).temperature(0.0).build();
  }

  @TearDown(Level.Trial)
  public void stop() {
    router.close();
  }

  @Benchmark
  public ChatResponse direct() {
    return router.checkDeployment(deployment, request);
  }

  @Benchmark
  public ChatResponse complete() {
    return router.complete(request);
  }
}
