package dev.llmrouter.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An upstream that answers one streamed request in two parts and sends the second only when the test opens the
 * gate: whatever the client sees before that was streamed, not buffered. Bounded: the gate opens by itself after 20 s.
 */
final class GatedUpstream implements AutoCloseable {
  final CountDownLatch gate = new CountDownLatch(1);
  final CountDownLatch finished = new CountDownLatch(1);
  private final ServerSocket server;
  private final String first;
  private final String rest;

  GatedUpstream(String first, String rest) throws IOException {
    this.first = first;
    this.rest = rest;
    server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::serve, "gated-upstream");
    t.setDaemon(true);
    t.start();
  }

  String base() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  private void serve() {
    try (Socket s = server.accept()) {
      InputStream in = s.getInputStream();
      readRequest(in);
      OutputStream out = s.getOutputStream();
      out.write(("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n" + first)
          .getBytes(StandardCharsets.UTF_8));
      out.flush();
      gate.await(20, TimeUnit.SECONDS);
      out.write(rest.getBytes(StandardCharsets.UTF_8));
      out.flush();
      finished.countDown();
    } catch (IOException | InterruptedException e) {
      finished.countDown();
    }
  }

  /** Reads the request's headers and its Content-Length body. */
  private static void readRequest(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        return;
      }
      head.append((char) b);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    in.readNBytes(length);
  }

  @Override
  public void close() throws IOException {
    gate.countDown();
    server.close();
  }
}
