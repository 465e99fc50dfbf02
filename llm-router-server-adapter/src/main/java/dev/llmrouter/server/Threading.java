package dev.llmrouter.server;

import java.util.Locale;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * How the proxy runs its handlers, chosen at start from the runtime: on a JDK with virtual threads (21+) every
 * request runs on a virtual thread of its own, so a call that waits for its upstream (a plain call, or a stream for
 * minutes) holds no platform thread, and a thousand open streams cost a thousand small stacks on the heap; on JDK 17
 * they run on a bounded pool of platform threads. Either way the number of model calls at once is bounded
 * ({@link #defaultMaxInFlight()}, or {@code global_max_parallel_requests}): one more is answered 503 at once.
 *
 * <p>{@code LLM_ROUTER_VIRTUAL_THREADS}: {@code auto} (the default: virtual where the runtime has them), {@code true}
 * (virtual, or fail at start), {@code false} (platform threads).
 */
public enum Threading {
  VIRTUAL,
  PLATFORM;

  /** The platform pool's size: Jetty's selector and acceptor, plus the handlers when threads are not virtual. */
  static final int PLATFORM_THREADS = 256;

  /** The threading {@code setting} (the value of {@code LLM_ROUTER_VIRTUAL_THREADS}, or null) asks for. */
  public static Threading from(String setting) {
    String s = setting == null ? "auto" : setting.strip().toLowerCase(Locale.ROOT);
    return switch (s) {
      case "", "auto" -> VirtualThreads.areSupported() ? VIRTUAL : PLATFORM;
      case "true" -> {
        if (!VirtualThreads.areSupported()) {
          throw new IllegalArgumentException("LLM_ROUTER_VIRTUAL_THREADS=true, but this Java runtime ("
              + Runtime.version() + ") has no virtual threads: run on JDK 21 or later, or set it to auto or false");
        }
        yield VIRTUAL;
      }
      case "false" -> PLATFORM;
      default -> throw new IllegalArgumentException("LLM_ROUTER_VIRTUAL_THREADS must be auto, true or false, got "
          + setting);
    };
  }

  /**
   * Model calls at once when the config does not say: with virtual threads, a bound on memory (a stream in flight
   * keeps a few kB of buffers and a stack); with platform threads, the pool less room for the selector, the
   * acceptor and the health and admin requests that must still be answered when the calls fill it.
   */
  public int defaultMaxInFlight() {
    return this == VIRTUAL ? 10_000 : PLATFORM_THREADS - 32;
  }

  /** Jetty's pool for this threading. */
  QueuedThreadPool pool() {
    QueuedThreadPool threads = new QueuedThreadPool(PLATFORM_THREADS, this == VIRTUAL ? 2 : 8);
    threads.setName("proxy");
    if (this == VIRTUAL) {
      threads.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("proxy-call"));
    }
    return threads;
  }
}
