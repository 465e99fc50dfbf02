package dev.llmrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The watcher on real loopback sockets: the proxy's end of a connection, and the client's. */
class DisconnectWatcherTest {
  private ServerSocketChannel server;
  private SocketChannel client;
  private SocketChannel proxySide;

  @BeforeEach
  void connect() throws Exception {
    server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    client = SocketChannel.open(server.getLocalAddress());
    proxySide = server.accept();
    proxySide.configureBlocking(false); // as Jetty's channels are
  }

  @AfterEach
  void close() throws Exception {
    client.close();
    proxySide.close();
    server.close();
  }

  @Test
  void aClosedWatchLetsGoOfItsCallBeforeItFallsDue() throws Exception {
    try (DisconnectWatcher watcher = new DisconnectWatcher(Duration.ofHours(1))) {
      Object call = new byte[1 << 20]; // what a call holds: its request, its answer, its context
      WeakReference<Object> held = new WeakReference<>(call);
      DisconnectWatcher.Watch watch = watcher.watch(proxySide, call::hashCode);
      call = null;
      watch.close(); // the call ended; the watch still waits in the watcher's queue for the hour

      for (int i = 0; i < 20 && held.get() != null; i++) {
        System.gc();
      }
      assertThat(held.get()).as("the ended call, kept by its closed watch").isNull();
    }
  }

  @Test
  void aClientThatGoesWhileItsCallRunsIsSeen() throws Exception {
    try (DisconnectWatcher watcher = new DisconnectWatcher(Duration.ZERO)) {
      CountDownLatch gone = new CountDownLatch(1);
      try (DisconnectWatcher.Watch watch = watcher.watch(proxySide, gone::countDown)) {
        client.close();
        assertThat(gone.await(10, TimeUnit.SECONDS)).isTrue();
      }
    }
  }
}
