package dev.llmrouter.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream that reads each request and never answers, and notices when the gateway closes the connection: the
 * way to see that a cancelled call really released its upstream request. Bounded: a connection is dropped after
 * 20 s of silence.
 */
final class HangingUpstream implements AutoCloseable {
  final AtomicInteger requests = new AtomicInteger();
  final CountDownLatch arrived = new CountDownLatch(1);
  final CountDownLatch closedByGateway = new CountDownLatch(1);
  private final ServerSocket server;

  HangingUpstream() throws IOException {
    server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::accept, "hanging-upstream");
    t.setDaemon(true);
    t.start();
  }

  String apiBase() {
    return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread t = new Thread(() -> hold(s), "hanging-upstream-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void hold(Socket s) {
    try (s) {
      s.setSoTimeout(20_000);
      InputStream in = s.getInputStream();
      readHead(in);
      requests.incrementAndGet();
      arrived.countDown();
      while (in.read() != -1) {
        // a request body, or nothing: wait for the gateway to close the connection
      }
      closedByGateway.countDown();
    } catch (SocketTimeoutException e) {
      // the bound: nobody closed it
    } catch (IOException e) {
      closedByGateway.countDown(); // a reset counts as closed
    }
  }

  private static void readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      head.write(b);
      if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
