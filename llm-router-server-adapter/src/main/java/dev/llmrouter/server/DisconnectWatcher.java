package dev.llmrouter.server;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices that a client went away while its call is still running. Jetty reads a connection only when a handler
 * asks for content, so once the body is read, a client that closes its socket goes unseen until the next write;
 * for a plain call that is the whole call. This watcher registers the connection's channel for reading with a
 * selector of its own: a readable socket with no bytes to read has reached end of stream (the client closed or
 * reset it). Bytes to read mean the client pipelined its next request; then watching stops, and nothing is read.
 *
 * <p>A call is watched only once it has run for {@code delay}, so the common short call costs no system call
 * (neither watching nor closing a watch wakes the watcher). One thread serves every connection of a proxy.
 */
final class DisconnectWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DisconnectWatcher.class);

  private final Selector selector;
  private final Thread thread;
  private final long delayNanos;
  private final Queue<Watch> added = new ConcurrentLinkedQueue<>();
  private final Queue<Watch> removed = new ConcurrentLinkedQueue<>();
  private final ArrayDeque<Watch> waiting = new ArrayDeque<>(); // the watcher thread's only, in due order
  private volatile boolean open = true;

  DisconnectWatcher(Duration delay) throws IOException {
    this.selector = Selector.open();
    this.delayNanos = delay.toNanos();
    this.thread = new Thread(this::loop, "proxy-disconnect-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * One watched call; {@link #close()} stops watching it (call it when the call ends). A closed watch may wait in the
   * watcher's queue until it falls due, so it lets go of {@code onGone} (and with it the call) at once: else every call
   * of the last {@code delay} stays reachable after it ended, and the young collections copy them all.
   */
  final class Watch implements AutoCloseable {
    private final SocketChannel channel;
    private volatile Runnable onGone;
    private final long due;
    private volatile boolean closed;
    private SelectionKey key; // the watcher thread's

    private Watch(SocketChannel channel, Runnable onGone) {
      this.channel = channel;
      this.onGone = onGone;
      this.due = System.nanoTime() + delayNanos;
    }

    /**
     * Does not wake the watcher (a system call on every request): its loop wakes at least every {@code delay}, drops
     * a closed watch that was never registered, and cancels the key of one that was before it registers anything.
     */
    @Override
    public void close() {
      if (!closed) {
        onGone = null;
        closed = true;
        removed.add(this);
      }
    }
  }

  /** Runs {@code onGone} (once, on the watcher's thread) if the client of {@code request} disconnects. */
  Watch watch(Request request, Runnable onGone) {
    Object transport = request.getConnectionMetaData().getConnection().getEndPoint().getTransport();
    return watch(transport instanceof SocketChannel c ? c : null, onGone);
  }

  /** Runs {@code onGone} (once, on the watcher's thread) if the client at the other end of {@code channel} goes. */
  Watch watch(SocketChannel channel, Runnable onGone) {
    Watch w = new Watch(channel, onGone);
    if (w.channel != null && open) {
      added.add(w);
      if (delayNanos == 0) {
        selector.wakeup();
      }
    }
    return w;
  }

  private void loop() {
    while (open) {
      try {
        long timeoutMillis = nextDueMillis();
        if (timeoutMillis < 0) {
          selector.selectNow();
        } else {
          selector.select(timeoutMillis);
        }
        for (Watch w; (w = added.poll()) != null; ) {
          waiting.addLast(w);
        }
        for (Watch w; (w = removed.poll()) != null; ) {
          if (w.key != null) {
            w.key.cancel();
          }
        }
        registerDue();
        checkSelected();
      } catch (IOException | RuntimeException e) {
        if (open) {
          LOG.warn("disconnect watcher: {}", e.toString());
        }
      }
    }
  }

  /**
   * Milliseconds until the first waiting watch is due, but no fewer than a quarter of the delay, or -1 when one is
   * overdue. With none waiting, the delay: a watch added meanwhile is due no sooner (adding one does not wake the
   * selector, which saves a system call on every request). The floor makes the watcher register the watches that
   * fell due meanwhile in one wake-up, not one wake-up a millisecond while calls arrive: a watch starts up to a
   * quarter of the delay late, and a registered one is still seen at once when its client goes.
   */
  private long nextDueMillis() {
    Watch first = waiting.peekFirst();
    long delayMillis = Math.max(1, delayNanos / 1_000_000);
    if (first == null) {
      return delayMillis;
    }
    long left = first.due - System.nanoTime();
    return left <= 0 ? -1 : Math.max(Math.max(1, delayMillis / 4), left / 1_000_000);
  }

  private void registerDue() throws IOException {
    long now = System.nanoTime();
    while (!waiting.isEmpty() && waiting.peekFirst().due - now <= 0) {
      Watch w = waiting.removeFirst();
      if (w.closed) {
        continue;
      }
      try {
        w.key = register(w);
      } catch (ClosedChannelException gone) {
        notifyGone(w);
      }
    }
  }

  private SelectionKey register(Watch w) throws IOException {
    try {
      return w.channel.register(selector, SelectionKey.OP_READ, w);
    } catch (CancelledKeyException previousCallsKey) {
      selector.selectNow(); // deregisters the connection's cancelled key from its previous call
      return w.channel.register(selector, SelectionKey.OP_READ, w);
    }
  }

  private void checkSelected() {
    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
    while (it.hasNext()) {
      SelectionKey key = it.next();
      it.remove();
      Watch w = (Watch) key.attachment();
      key.cancel();
      if (w.closed) {
        continue;
      }
      int available;
      try {
        available = w.channel.socket().getInputStream().available();
      } catch (IOException | RuntimeException reset) {
        available = 0;
      }
      if (available == 0) {
        notifyGone(w); // readable with nothing to read: end of stream
      } // else: a pipelined request is waiting; Jetty reads it after this one
    }
  }

  private static void notifyGone(Watch w) {
    Runnable onGone = w.onGone;
    if (onGone == null) {
      return; // closed meanwhile: the call ended
    }
    try {
      onGone.run();
    } catch (RuntimeException e) {
      LOG.warn("disconnect watcher: cancelling a call failed", e);
    }
  }

  @Override
  public void close() {
    open = false;
    selector.wakeup();
    try {
      thread.join(1000);
      selector.close();
    } catch (IOException | InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
