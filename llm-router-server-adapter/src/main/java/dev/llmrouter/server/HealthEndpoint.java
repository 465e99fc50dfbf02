package dev.llmrouter.server;

import dev.llmrouter.Router;
import dev.llmrouter.api.ChatRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code GET /health}: probes every deployment in parallel with a one-token call, each bounded by a timeout, and
 * lists them as healthy or not. Endpoints are described by model, {@code api_base} and alias, never with keys.
 * {@code /health/liveliness} and {@code /health/readiness} answer without calling any provider; readiness reports
 * the shared Redis and database.
 */
final class HealthEndpoint {
  private final Router router;
  private final ExecutorService probes;
  private final Duration timeout;
  private final Readiness readiness;

  HealthEndpoint(Router router, ExecutorService probes, Duration timeout, Readiness readiness) {
    this.router = router;
    this.probes = probes;
    this.timeout = timeout;
    this.readiness = readiness;
  }

  void handle(Exchange ex) throws IOException {
    List<Router.DeploymentInfo> deployments = router.deployments();
    List<CompletableFuture<String>> checks = new ArrayList<>();
    for (Router.DeploymentInfo d : deployments) {
      checks.add(CompletableFuture.supplyAsync(() -> probe(d), probes)
          .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .exceptionally(HealthEndpoint::describe));
    }
    List<HealthEncoder.Endpoint> healthy = new ArrayList<>();
    List<HealthEncoder.Endpoint> unhealthy = new ArrayList<>();
    for (int i = 0; i < deployments.size(); i++) {
      Router.DeploymentInfo d = deployments.get(i);
      String error = checks.get(i).join();
      HealthEncoder.Endpoint e = new HealthEncoder.Endpoint(d.provider() + "/" + d.model(), d.apiBase(), d.modelName(), error);
      (error == null ? healthy : unhealthy).add(e);
    }
    ex.sendJson(200, HealthEncoder.health(healthy, unhealthy));
  }

  /**
   * {@code {"status":"healthy"}} when some deployment is not cooling down, else 503 {@code {"status":"unhealthy"}}:
   * from the router's state, without calling any provider.
   */
  void status(Exchange ex) throws IOException {
    boolean any = router.deployments().stream().anyMatch(d -> !router.isCoolingDown(d.id()));
    ex.sendJson(any ? 200 : 503, HealthEncoder.status(any));
  }

  void liveliness(Exchange ex) throws IOException {
    ex.sendJson(200, "\"I'm alive!\"");
  }

  /** 200 while the proxy can answer calls; the shared stores' state in the body (see {@link Readiness}). */
  void readiness(Exchange ex) throws IOException {
    int cooling = (int) router.deployments().stream().filter(d -> router.isCoolingDown(d.id())).count();
    ex.sendJson(200, HealthEncoder.readiness(router.models().size(), cooling, readiness.check(probes)));
  }

  /** Null when the deployment answered, else why not. */
  private String probe(Router.DeploymentInfo d) {
    router.checkDeployment(d.id(), ChatRequest.builder(d.modelName()).user("ping").maxTokens(1).build());
    return null;
  }

  private static String describe(Throwable t) {
    Throwable e = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (e instanceof TimeoutException) {
      return "no answer within the health check timeout";
    }
    if (e instanceof dev.llmrouter.api.LlmException) {
      return e.getMessage();
    }
    return "health check failed: " + e.getClass().getSimpleName();
  }
}
