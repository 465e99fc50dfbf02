package dev.llmrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * More streams at once than the proxy has platform threads ({@value #STREAMS} against a pool of
 * {@value Threading#PLATFORM_THREADS}), to one deployment whose upstream answers none until all have arrived. With
 * virtual threads every one is upstream at once and is answered; with platform threads the proxy's in-flight bound
 * holds: those past it are answered 503 at once (none hangs in a queue), and the rest are answered.
 */
class ManyStreamsTest {
  private static final int STREAMS = 300;

  @StartStop
  private final MockWebServer upstream = new MockWebServer();
  private ProxyFixture proxy;

  @AfterEach
  void stop() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void moreStreamsThanPlatformThreadsAreAllServedOrRefusedAtOnce() throws Exception {
    Threading threading = Threading.from(null);
    int admitted = Math.min(STREAMS, threading.defaultMaxInFlight());
    RendezvousUpstream rendezvous = new RendezvousUpstream(admitted, 60,
        () -> UpstreamBodies.openAiStream(UpstreamBodies.openAiTextChunks("Hello", " there.")));
    upstream.setDispatcher(rendezvous);
    proxy = ProxyFixture.start(ProxyFixture.config(upstream.url("/v1").toString(), null), Map.of());
    String body = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < STREAMS; i++) {
      answers.add(client.sendAsync(HttpRequest.newBuilder(URI.create(proxy.baseUrl() + "/v1/chat/completions"))
          .timeout(Duration.ofSeconds(90)).header("Content-Type", "application/json")
          .header("Authorization", "Bearer " + ProxyFixture.MASTER_KEY)
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
    }
    int ok = 0;
    int busy = 0;
    for (CompletableFuture<HttpResponse<String>> a : answers) {
      HttpResponse<String> r = a.get(90, TimeUnit.SECONDS);
      if (r.statusCode() == 200) {
        assertThat(r.body()).contains("Hello").contains("data: [DONE]");
        ok++;
      } else {
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("gateway_busy");
        busy++;
      }
    }
    assertThat(rendezvous.allArrived.getCount()).as("every admitted stream reached the upstream while the others waited").isZero();
    assertThat(rendezvous.most.get()).isEqualTo(admitted);
    assertThat(ok).isEqualTo(admitted);
    assertThat(busy).isEqualTo(STREAMS - admitted);
    assertThat(upstream.getRequestCount()).isEqualTo(admitted);
  }
}
