package dev.llmrouter.metrics;

import com.squareup.moshi.JsonWriter;
import dev.llmrouter.RouterListener;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.Message;
import dev.llmrouter.spi.state.SpendRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;
import okio.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line per call, however it ended, to the logger {@value #LOGGER} (at INFO), so that it can go to a file,
 * to standard output for Loki, or nowhere, by the logging configuration alone. The fields:
 *
 * <p>{@code call_id}, {@code time} (its start, ISO-8601), {@code tenant}, {@code key_id} (the key's id, never the
 * key), {@code model} (as asked), {@code deployment}, {@code provider_model}, {@code status} ({@code success} or
 * {@code failure}), {@code http_status} (what the caller was answered; absent outside the proxy), {@code error_type},
 * {@code input_tokens}, {@code output_tokens}, {@code cache_read_tokens}, {@code cache_write_tokens},
 * {@code reasoning_tokens}, {@code cost_usd} (absent when the deployment has no price), {@code latency_ms},
 * {@code ttft_ms}, {@code upstream_ms}, {@code attempts}, {@code cache_hit}, {@code stream}, {@code ingress},
 * {@code user_agent}, {@code session}, {@code end_user}.
 *
 * <p>No prompt and no completion text, unless {@code withContent} (LiteLLM's
 * {@code general_settings.store_prompts_in_spend_logs}) adds {@code messages} and {@code completion}.
 *
 * <p>A call only queues its record (no lock, no formatting on its thread); one thread of the log's own formats the
 * lines and hands them to the logger, in batches ({@value #BATCH} lines, or what came within {@link #LINGER}), so
 * that calls neither queue up on a logging lock nor wake a thread each. When more than
 * {@value #BOUND} lines wait, a call writes its own: nothing is dropped. {@link #close} writes what waits.
 */
public final class AuditLog implements RouterListener, AutoCloseable {
  public static final String LOGGER = "dev.llmrouter.audit";

  private final Logger log;
  private final ToIntFunction<Throwable> statusOf;
  private final boolean withContent;
  /** With content only: a call's request, then its record, until it ends. */
  private final Map<String, ChatRequest> requests = new ConcurrentHashMap<>();
  private final Map<String, SpendRecord> records = new ConcurrentHashMap<>();
  static final int BOUND = 65_536;
  static final int BATCH = 256;
  /** The longest a line waits to be written. */
  static final java.time.Duration LINGER = java.time.Duration.ofMillis(100);

  /** A line to write: the call's record and what it ended with. */
  private record Entry(SpendRecord record, Throwable error, ChatRequest request, ChatResponse response) {}

  private final java.util.Queue<Entry> waiting = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final java.util.concurrent.atomic.AtomicInteger size = new java.util.concurrent.atomic.AtomicInteger();
  private final Object writing = new Object();
  private final Thread writer;
  private volatile boolean closed;

  public AuditLog(ToIntFunction<Throwable> statusOf, boolean withContent) {
    this(LoggerFactory.getLogger(LOGGER), statusOf, withContent);
  }

  AuditLog(Logger log, ToIntFunction<Throwable> statusOf, boolean withContent) {
    this.log = log;
    this.statusOf = statusOf;
    this.withContent = withContent;
    this.writer = new Thread(this::run, "llm-router-audit");
    writer.setDaemon(true);
    writer.start();
  }

  private void add(Entry e) {
    if (closed || size.get() >= BOUND) {
      log.info(line(e.record(), e.error(), e.request(), e.response())); // the writer is behind: this call writes
      return;
    }
    waiting.add(e);
    if (size.incrementAndGet() == BATCH) {
      java.util.concurrent.locks.LockSupport.unpark(writer); // a batch is full: write it now
    }
  }

  /**
   * Writes every {@link #LINGER} or when a {@link #BATCH} is waiting, whichever is first: waking the writer for each
   * call would cost two context switches a call, more than writing the line.
   */
  private void run() {
    while (!closed) {
      if (size.get() < BATCH) {
        java.util.concurrent.locks.LockSupport.parkNanos(this, LINGER.toNanos());
      }
      flush();
    }
    flush();
  }

  /** Writes every line queued so far, on this thread. */
  public void flush() {
    synchronized (writing) {
      Entry e;
      while ((e = waiting.poll()) != null) {
        size.decrementAndGet();
        try {
          log.info(line(e.record(), e.error(), e.request(), e.response()));
        } catch (RuntimeException failure) {
          LoggerFactory.getLogger(AuditLog.class).warn("audit line of {} not written: {}", e.record().callId(),
              failure.toString());
        }
      }
    }
  }

  /** Writes what waits, then stops the writer. */
  @Override
  public void close() {
    closed = true;
    java.util.concurrent.locks.LockSupport.unpark(writer);
    try {
      writer.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
  }

  @Override
  public void callStart(String callId, ChatRequest request) {
    if (withContent && log.isInfoEnabled()) {
      requests.put(callId, request);
    }
  }

  @Override
  public void callRecorded(SpendRecord record, Throwable error) {
    if (!log.isInfoEnabled()) {
      return;
    }
    if (withContent) {
      records.put(record.callId(), record);
      return;
    }
    add(new Entry(record, error, null, null));
  }

  @Override
  public void callEnd(String callId, ChatResponse response, Throwable error) {
    if (!withContent) {
      return;
    }
    ChatRequest request = requests.remove(callId);
    SpendRecord record = records.remove(callId);
    if (record != null) {
      add(new Entry(record, error, request, response));
    }
  }

  String line(SpendRecord r, Throwable error, ChatRequest request, ChatResponse response) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.setSerializeNulls(false);
      w.beginObject();
      w.name("call_id").value(r.callId());
      w.name("time").value(r.time().toString());
      w.name("tenant").value(r.tenantId());
      w.name("key_id").value(r.keyId());
      w.name("model").value(r.alias());
      w.name("deployment").value(r.deploymentId());
      w.name("provider_model").value(r.providerModel());
      w.name("status").value(r.status());
      int http = r.succeeded() ? 200 : error == null ? 0 : statusOf.applyAsInt(error);
      if (http > 0) {
        w.name("http_status").value(http);
      }
      w.name("error_type").value(r.errorType());
      w.name("input_tokens").value(r.usage().inputTokens());
      w.name("output_tokens").value(r.usage().outputTokens());
      w.name("cache_read_tokens").value(r.usage().cacheReadTokens());
      w.name("cache_write_tokens").value(r.usage().cacheWriteTokens());
      w.name("reasoning_tokens").value(r.usage().reasoningTokens());
      if (r.cost() != null) {
        w.name("cost_usd").value(r.cost());
      }
      w.name("latency_ms").value(millis(r.latency()));
      if (r.timeToFirstToken() != null) {
        w.name("ttft_ms").value(millis(r.timeToFirstToken()));
      }
      w.name("upstream_ms").value(millis(r.upstreamLatency()));
      w.name("attempts").value(r.attempts());
      w.name("cache_hit").value(r.cacheHit());
      w.name("stream").value(r.stream());
      w.name("ingress").value(r.ingress());
      w.name("user_agent").value(r.client());
      w.name("session").value(r.session());
      w.name("end_user").value(r.endUser());
      if (request != null) {
        w.name("messages").beginArray();
        for (ContentBlock b : request.system()) {
          w.beginObject().name("role").value("system").name("content").value(text(b)).endObject();
        }
        for (Message m : request.messages()) {
          w.beginObject().name("role").value(m.role().name().toLowerCase(java.util.Locale.ROOT))
              .name("content").value(m.text()).endObject();
        }
        w.endArray();
      }
      if (response != null) {
        w.name("completion").value(response.text());
      }
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readUtf8();
  }

  private static long millis(Duration d) {
    return d == null ? 0 : d.toMillis();
  }

  private static String text(ContentBlock b) {
    return b instanceof ContentBlock.Text t ? t.text() : "";
  }
}
