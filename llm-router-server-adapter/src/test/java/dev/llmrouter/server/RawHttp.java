package dev.llmrouter.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** HTTP/1.1 by hand over a socket, for what a well-behaved client never does: stall, vanish, lie about its host. */
final class RawHttp implements AutoCloseable {
  final Socket socket;
  final OutputStream out;
  final BufferedReader in;

  RawHttp(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(15_000);
    out = socket.getOutputStream();
    in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Sends a chat completion request head (with the master key) and {@code body}. */
  RawHttp post(String body) throws IOException {
    return send("POST /v1/chat/completions HTTP/1.1", "Host: localhost", body);
  }

  RawHttp send(String requestLine, String host, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    out.write((requestLine + "\r\n" + host + "\r\nContent-Type: application/json\r\nAuthorization: Bearer "
        + ProxyFixture.MASTER_KEY + "\r\nContent-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    out.write(bytes);
    out.flush();
    return this;
  }

  String statusLine() throws IOException {
    return in.readLine();
  }

  /** The rest of the head, then the body of the Content-Length it gives. */
  String body() throws IOException {
    int length = 0;
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    char[] body = new char[length];
    for (int read = 0; read < length; ) {
      int n = in.read(body, read, length - read);
      if (n < 0) {
        break;
      }
      read += n;
    }
    return new String(body);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
