package dev.llmrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an open client connection costs the proxy's heap once it has served calls: a gateway holds one for every
 * engineer's editor and agent, kept alive between their calls, so it must be a few kilobytes, not Jetty's default
 * per-connection header cache (a trie of about 110 kB, built on a connection's first request).
 */
class KeepAliveMemoryTest {
  private static final int CONNECTIONS = 200;
  private static final String BODY =
      "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
  /** The head an SDK sends: its own headers besides the key and the body's. */
  private static final String HEAD = "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
      + "Content-Type: application/json\r\nAccept: application/json\r\nAuthorization: Bearer "
      + ProxyFixture.MASTER_KEY + "\r\nUser-Agent: OpenAI/Python 1.109.1\r\nX-Stainless-Lang: python\r\n"
      + "X-Stainless-Package-Version: 1.109.1\r\nX-Stainless-OS: Linux\r\nX-Stainless-Arch: x64\r\n"
      + "X-Stainless-Runtime: CPython\r\nX-Stainless-Runtime-Version: 3.12.3\r\nX-Stainless-Retry-Count: 0\r\n"
      + "Accept-Encoding: gzip, deflate\r\nContent-Length: " + BODY.getBytes(StandardCharsets.UTF_8).length
      + "\r\n\r\n";

  private ProxyFixture proxy;
  private final List<Socket> clients = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    proxy = ProxyFixture.start("""
        model_list:
          - model_name: gpt-4o-mini
            litellm_params: {model: mock/gpt-4o-mini, mock_response: "Hello."}
        general_settings:
          master_key: %s
        """.formatted(ProxyFixture.MASTER_KEY));
  }

  @AfterEach
  void stop() throws Exception {
    for (Socket s : clients) {
      s.close();
    }
    proxy.close();
  }

  @Test
  void anOpenConnectionThatServedCallsKeepsAFewKilobytes() throws Exception {
    try (Socket warm = connect()) { // the proxy's code paths loaded and its pools made, outside the measure
      call(warm);
      call(warm);
    }
    long before = liveHeap();
    for (int i = 0; i < CONNECTIONS; i++) {
      Socket s = connect();
      clients.add(s);
      call(s);
      call(s); // kept alive: the same connection again, then left open
    }
    long perConnection = (liveHeap() - before) / CONNECTIONS;

    assertThat(perConnection).as("heap bytes an open connection holds").isLessThan(24 * 1024);
  }

  private Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", proxy.server.port());
    s.setSoTimeout(15_000);
    return s;
  }

  /** One call on {@code s}, its answer read to its last byte (a 200 with a Content-Length). */
  private static void call(Socket s) throws IOException {
    s.getOutputStream().write((HEAD + BODY).getBytes(StandardCharsets.UTF_8));
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      assertThat(b).as("the answer's head ended early: %s", head).isNotNegative();
      head.append((char) b);
    }
    assertThat(head.toString()).startsWith("HTTP/1.1 200");
    String lower = head.toString().toLowerCase(java.util.Locale.ROOT);
    int at = lower.indexOf("content-length:");
    int length = Integer.parseInt(lower.substring(at + 15, lower.indexOf('\r', at)).trim());
    assertThat(in.readNBytes(length)).hasSize(length);
  }

  /** The heap in use after full collections: what is reachable. */
  private static long liveHeap() {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return least;
  }
}
