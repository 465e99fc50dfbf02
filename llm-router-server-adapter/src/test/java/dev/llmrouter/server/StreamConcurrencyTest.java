package dev.llmrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Streams to one deployment are not held back by the HTTP client: 12 at once make 12 upstream requests at once
 * (OkHttp's default dispatcher would send 5 and queue the rest; every Claude Code request is a stream).
 */
class StreamConcurrencyTest {
  private static final int STREAMS = 12;

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
  void twelveStreamsToOneDeploymentAreTwelveUpstreamRequestsAtOnce() throws Exception {
    RendezvousUpstream rendezvous = new RendezvousUpstream(STREAMS, 10,
        () -> UpstreamBodies.openAiStream(UpstreamBodies.openAiTextChunks("Hello", " there.")));
    upstream.setDispatcher(rendezvous);
    proxy = ProxyFixture.start(ProxyFixture.config(upstream.url("/v1").toString(), null));
    String body = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < STREAMS; i++) {
      answers.add(proxy.http.sendAsync(HttpRequest.newBuilder(URI.create(proxy.baseUrl() + "/v1/chat/completions"))
          .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
          .header("Authorization", "Bearer " + ProxyFixture.MASTER_KEY)
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<HttpResponse<String>> a : answers) {
      HttpResponse<String> r = a.get(30, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("Hello").contains("data: [DONE]");
    }
    assertThat(rendezvous.allArrived.getCount()).as("every stream reached the upstream while the others waited").isZero();
    assertThat(rendezvous.most.get()).isEqualTo(STREAMS);
    assertThat(upstream.getRequestCount()).isEqualTo(STREAMS);
  }
}
