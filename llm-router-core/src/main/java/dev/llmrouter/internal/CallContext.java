package dev.llmrouter.internal;

import dev.llmrouter.RouterListener;
import dev.llmrouter.api.RateLimitStatus;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.api.spi.CancelSignal;
import dev.llmrouter.api.spi.Cancellable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What the pipeline knows about one call beyond its request: ids, timing, the stream sink, and, inside an
 * attempt, the deployment. Created per call; attempts of a call run one at a time.
 */
public final class CallContext {
  private final String callId;
  private final String alias;
  private final Clock clock;
  private final Instant start;
  private final Instant deadline;
  private final RouterListener listener;
  private final Consumer<StreamEvent> sink;
  private final AtomicInteger attempts = new AtomicInteger();
  private final AtomicLong upstreamNanos = new AtomicLong();
  private volatile boolean cacheHit;
  private volatile boolean outputStarted;
  private volatile boolean startSent;
  private volatile boolean cancelled;
  private volatile Cancellable upstream;
  private volatile Deployment deployment;
  private volatile CallPolicy policy;
  private volatile List<RateLimitStatus> rateLimits = List.of();
  private volatile long inputTokens = -1; // counted once, by the first step that needs it
  private final AtomicLong producedChars = new AtomicLong(); // streamed content that reached the caller
  private volatile dev.llmrouter.api.Usage startUsage = dev.llmrouter.api.Usage.ZERO;
  private volatile dev.llmrouter.api.Usage deltaUsage;
  private volatile Instant firstOutput;
  private volatile dev.llmrouter.api.Principal principal;
  private Thread worker; // guarded by this
  private boolean interruptedWorker; // guarded by this

  CallContext(String callId, String alias, Clock clock, Duration timeout, RouterListener listener,
              Consumer<StreamEvent> sink) {
    this.callId = callId;
    this.alias = alias;
    this.clock = clock;
    this.start = clock.instant();
    this.deadline = start.plus(timeout);
    this.listener = listener;
    this.sink = sink;
  }

  public String callId() {
    return callId;
  }

  public String alias() {
    return alias;
  }

  public Clock clock() {
    return clock;
  }

  public Instant start() {
    return start;
  }

  public Duration elapsed() {
    return Duration.between(start, clock.instant());
  }

  /** Time left before the call's overall timeout; zero or negative once it has passed. */
  public Duration remaining() {
    return Duration.between(clock.instant(), deadline);
  }

  public RouterListener listener() {
    return listener;
  }

  /** Whether this is a streamed call; its events go to {@link #emit}. */
  public boolean streaming() {
    return sink != null;
  }

  /**
   * Forwards a stream event to the caller, naming the deployment on its {@code MessageStart}. The
   * {@code MessageStart} goes out at once but says nothing yet: a call that fails after it may still be retried or
   * fall back, and the next attempt's {@code MessageStart} is not repeated to the caller. The first event with
   * content (text, thinking, a tool call, a finish) makes the call final: from then on it is never retried.
   */
  public void emit(StreamEvent event) {
    if (cancelled) {
      return;
    }
    if (event instanceof StreamEvent.MessageStart start) {
      startUsage = start.usage();
      if (!startSent) {
        startSent = true;
        Deployment d = deployment();
        sink.accept(start.withRouting(d.id(), ModelNames.served(d.alias(), alias)));
      }
      return;
    }
    if (event instanceof StreamEvent.Ping) {
      if (startSent) {
        sink.accept(event); // a keep-alive says nothing: the call may still fall back
      }
      return;
    }
    if (!outputStarted) {
      firstOutput = clock.instant();
      outputStarted = true;
    }
    if (event instanceof StreamEvent.TextDelta t) {
      producedChars.addAndGet(t.text().length());
    } else if (event instanceof StreamEvent.ToolArgumentsDelta a) {
      producedChars.addAndGet(a.partialJson().length());
    } else if (event instanceof StreamEvent.ThinkingDelta k) {
      producedChars.addAndGet(k.thinking().length());
    } else if (event instanceof StreamEvent.MessageDelta d && d.usage() != null) {
      deltaUsage = d.usage();
    }
    sink.accept(event);
  }

  /**
   * What a streamed call that ended early (the client left, the upstream broke off) produced, as usage: the
   * provider's own counts where it sent them, else its input as counted before the call and its output at
   * {@value #CHARS_PER_TOKEN} characters a token (rounded up: a cut stream is charged rather more than less).
   */
  public dev.llmrouter.api.Usage producedUsage() {
    dev.llmrouter.api.Usage last = deltaUsage;
    if (last != null && last.outputTokens() > 0) {
      return last.inputTokens() > 0 ? last : new dev.llmrouter.api.Usage(startUsage.inputTokens(),
          last.outputTokens(), startUsage.cacheReadTokens(), startUsage.cacheWriteTokens(), last.reasoningTokens());
    }
    long input = startUsage.inputTokens() > 0 ? startUsage.inputTokens() : Math.max(0, inputTokens);
    long output = (producedChars.get() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    return new dev.llmrouter.api.Usage(input, output, startUsage.cacheReadTokens(), startUsage.cacheWriteTokens(), 0);
  }

  /** Characters a token, for {@link #producedUsage()}: English text has about 4, code about 3. */
  static final int CHARS_PER_TOKEN = 3;

  /** For a stream whose content began, the time from the call's start to its first content; else null. */
  public Duration timeToFirstOutput() {
    Instant first = firstOutput;
    return first == null ? null : Duration.between(start, first);
  }

  /** Who the call is for, as the tenancy step saw it; null for a trusted caller. */
  public dev.llmrouter.api.Principal principal() {
    return principal;
  }

  void principal(dev.llmrouter.api.Principal p) {
    this.principal = p;
  }

  /** The deployment of the last attempt, or null before any. */
  Deployment lastDeployment() {
    return deployment;
  }

  /** Whether content already reached the caller (a streamed call past its {@code MessageStart}). */
  public boolean outputStarted() {
    return outputStarted;
  }

  public int attempts() {
    return attempts.get();
  }

  int nextAttempt() {
    return attempts.incrementAndGet();
  }

  public Duration upstreamTime() {
    return Duration.ofNanos(upstreamNanos.get());
  }

  void addUpstreamTime(Duration d) {
    upstreamNanos.addAndGet(d.toNanos());
  }

  public boolean cacheHit() {
    return cacheHit;
  }

  void markCacheHit() {
    cacheHit = true;
  }

  /** The tenant's and key's policy of this call, or null for a trusted caller (no principal). */
  public CallPolicy policy() {
    return policy;
  }

  void policy(CallPolicy p) {
    this.policy = p;
  }

  /** Whether the caller may use {@code alias}: a fallback it may not use is skipped, never taken. */
  public boolean mayUse(String alias) {
    CallPolicy p = policy;
    return p == null || p.models().allows(alias);
  }

  /** The caller's standing against its rate limits, once the rate-limit step has run; else empty. */
  public List<RateLimitStatus> rateLimits() {
    return rateLimits;
  }

  void rateLimits(List<RateLimitStatus> status) {
    this.rateLimits = List.copyOf(status);
  }

  long inputTokens() {
    return inputTokens;
  }

  void inputTokens(long counted) {
    this.inputTokens = counted;
  }

  /** The deployment of the running attempt; only inside the attempt tier. */
  public Deployment deployment() {
    Deployment d = deployment;
    if (d == null) {
      throw new IllegalStateException("no deployment outside an attempt");
    }
    return d;
  }

  void enterAttempt(Deployment d) {
    this.deployment = d;
  }

  /** What a blocking provider call registers its abort with: {@link #cancel()} runs it. */
  CancelSignal cancelSignal() {
    return this::upstream;
  }

  /**
   * The thread running this call, interrupted by {@link #cancel()} so that a wait between retries ends at once;
   * the thread sets itself when it starts the call and {@code null} when it is done with it.
   */
  public void worker(Thread thread) {
    synchronized (this) {
      worker = thread;
      if (thread == null && interruptedWorker) {
        Thread.interrupted(); // our interrupt must not leak into the thread's next task
      }
    }
  }

  /** Registers the running upstream call so that {@link #cancel()} can close it. */
  void upstream(Cancellable c) {
    upstream = c;
    if (cancelled) {
      c.cancel();
    }
  }

  void cancel() {
    cancelled = true;
    Cancellable c = upstream;
    if (c != null) {
      c.cancel();
    }
    synchronized (this) {
      if (worker != null) {
        interruptedWorker = true;
        worker.interrupt();
      }
    }
  }

  boolean cancelled() {
    return cancelled;
  }

  void throwIfCancelled() {
    if (cancelled) {
      throw new CancellationException("call " + callId + " was cancelled");
    }
  }
}
