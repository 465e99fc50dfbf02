package dev.llmrouter.providers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.llmrouter.api.LlmTimeoutException;
import dev.llmrouter.api.spi.CancelSignal;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.ProviderContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

class HttpTransportTest {
  @StartStop
  private final MockWebServer server = new MockWebServer();

  private static DeploymentSettings timeout(Duration timeout) {
    return new DeploymentSettings("d", "openai", "m", null, null, null, timeout, null, null, null);
  }

  private Request get() {
    return new Request.Builder().url(server.url("/x")).build();
  }

  @Test
  void aCallWithoutALimitOfItsOwnHasTheDeploymentsTimeout() {
    server.enqueue(new MockResponse.Builder().body("late").headersDelay(30, TimeUnit.SECONDS).build());
    try (HttpTransport transport = new HttpTransport()) {
      HttpTransport.Calls calls = transport.forCalls(timeout(Duration.ofMillis(300)));
      assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThatThrownBy(
          () -> calls.execute(get(), null, CancelSignal.NONE, "upstream"))
          .isInstanceOf(LlmTimeoutException.class)
          .hasMessageContaining("did not answer in time"));
    }
  }

  @Test
  void aViewOfARoutersTransportClosesNothing() throws Exception {
    Map<Class<?>, Object> held = new HashMap<>();
    ProviderContext context = new ProviderContext() {
      @Override
      public <T> T shared(Class<T> type, Supplier<? extends T> make) {
        return type.cast(held.computeIfAbsent(type, k -> make.get()));
      }
    };
    server.enqueue(new MockResponse.Builder().body("one").build());
    server.enqueue(new MockResponse.Builder().body("two").build());
    HttpTransport first = HttpTransport.of(context);
    HttpTransport second = HttpTransport.of(context);
    assertThat(first.deadlines()).isSameAs(second.deadlines());
    HttpTransport.Calls calls = second.forCalls(timeout(Duration.ofSeconds(5)));
    assertThat(first.forCalls(timeout(Duration.ofSeconds(5))).execute(get(), null, CancelSignal.NONE, "u").body())
        .isEqualTo("one");
    first.close(); // one deployment's provider closes: the other's calls go on, on the same connection
    assertThat(calls.execute(get(), null, CancelSignal.NONE, "u").body()).isEqualTo("two");
    assertThat(server.takeRequest().getConnectionIndex()).isEqualTo(server.takeRequest().getConnectionIndex());
    ((HttpTransport) held.get(HttpTransport.class)).close();
  }

  private static DeploymentSettings at(String apiBase) {
    return new DeploymentSettings("d", "openai", "m", null, apiBase, null, Duration.ofSeconds(5), null, null, null);
  }

  @Test
  void anHttpApiBaseGetsAPlainTextClientAndTheRestOneWithTlsOnTheSamePool() {
    Map<Class<?>, Object> held = new HashMap<>();
    ProviderContext context = new ProviderContext() {
      @Override
      public <T> T shared(Class<T> type, Supplier<? extends T> make) {
        return type.cast(held.computeIfAbsent(type, k -> make.get()));
      }
    };
    HttpTransport local = HttpTransport.of(context);
    okhttp3.OkHttpClient plain = local.forCalls(at(" HTTP://127.0.0.1:11434/v1")).client();
    assertThat(plain.connectionSpecs()).containsExactly(okhttp3.ConnectionSpec.CLEARTEXT);
    assertThatThrownBy(plain::sslSocketFactory).isInstanceOf(IllegalStateException.class); // no TLS was set up

    okhttp3.OkHttpClient remote = HttpTransport.of(context).forCalls(at("https://api.openai.com/v1")).client();
    // the provider's default address: may be https
    okhttp3.OkHttpClient byDefault = local.forStreams(at(null)).client();
    assertThat(remote.connectionSpecs()).contains(okhttp3.ConnectionSpec.MODERN_TLS, okhttp3.ConnectionSpec.CLEARTEXT);
    assertThat(byDefault.sslSocketFactory()).isSameAs(remote.sslSocketFactory()); // made once for the router
    assertThat(remote.connectionPool()).isSameAs(plain.connectionPool()).isSameAs(byDefault.connectionPool());
    assertThat(remote.dispatcher()).isSameAs(plain.dispatcher());
    assertThat(local.forStreams(at("http://127.0.0.1:8000")).client().connectionSpecs())
        .containsExactly(okhttp3.ConnectionSpec.CLEARTEXT);
    ((HttpTransport) held.get(HttpTransport.class)).close();
  }

  @Test
  void aPlainTextClientStillCallsAnHttpUpstream() {
    server.enqueue(new MockResponse.Builder().body("plain").build());
    try (HttpTransport transport = new HttpTransport()) {
      HttpTransport.Calls calls = transport.forCalls(at(server.url("/").toString()));
      assertThat(calls.client().connectionSpecs()).containsExactly(okhttp3.ConnectionSpec.CLEARTEXT);
      assertThat(calls.execute(get(), null, CancelSignal.NONE, "u").body()).isEqualTo("plain");
    }
  }

  @Test
  void anAnswerIsKeptAsUtf8WhateverCharsetItDeclaresAndWithoutAByteOrderMark() {
    okio.Buffer latin1 = new okio.Buffer().writeString("{\"content\":\"caf\u00e9\"}", java.nio.charset.StandardCharsets.ISO_8859_1);
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json; charset=ISO-8859-1")
        .body(latin1).build());
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .body(new okio.Buffer().write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}).writeUtf8("{\"a\":\"\u00e9\"}"))
        .build());
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json; charset=utf-8")
        .body("{\"b\":\"\u00e9\"}").build());
    try (HttpTransport transport = new HttpTransport()) {
      HttpTransport.Calls calls = transport.forCalls(at(server.url("/").toString()));
      BlockingCall transcoded = calls.execute(get(), null, CancelSignal.NONE, "u");
      assertThat(transcoded.body()).isEqualTo("{\"content\":\"caf\u00e9\"}");
      assertThat(transcoded.utf8()).isEqualTo("{\"content\":\"caf\u00e9\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(calls.execute(get(), null, CancelSignal.NONE, "u").body()).isEqualTo("{\"a\":\"\u00e9\"}");
      BlockingCall plain = calls.execute(get(), null, CancelSignal.NONE, "u");
      assertThat(plain.body()).isEqualTo("{\"b\":\"\u00e9\"}");
      assertThat(plain.response().header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    }
  }
}
