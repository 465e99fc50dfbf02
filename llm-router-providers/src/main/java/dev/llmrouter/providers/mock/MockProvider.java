package dev.llmrouter.providers.mock;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.Message;
import dev.llmrouter.api.StreamAccumulator;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.api.StreamListener;
import dev.llmrouter.api.ToolChoice;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.spi.CancelSignal;
import dev.llmrouter.api.spi.Cancellable;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.wire.HttpErrors;
import dev.llmrouter.api.LlmTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A provider that needs no network. It answers deterministically: the configured {@code mock_response}, or
 * an echo of the last user message; with a tool call when the request forces one. Usage is counted as one
 * token per four characters (at least one). Failures and latency are configurable (see {@link MockSettings}).
 */
final class MockProvider implements Provider {
  private final MockSettings settings;
  private final ExecutorService streamThreads;
  private final AtomicLong calls = new AtomicLong();

  MockProvider(MockSettings settings) {
    this.settings = settings;
    this.streamThreads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "mock-provider-stream");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    return chat(request, CancelSignal.NONE);
  }

  @Override
  public ChatResponse chat(ChatRequest request, CancelSignal signal) {
    failIfConfigured();
    CountDownLatch cancelled = new CountDownLatch(1);
    signal.onCancel(cancelled::countDown);
    Duration timeout = request.options().timeout();
    if (timeout != null && settings.latencyMillis() > timeout.toMillis()) {
      if (!pause(timeout.toMillis(), cancelled)) {
        throw new ProviderUnavailableException("mock call cancelled");
      }
      throw new LlmTimeoutException("mock did not answer within " + timeout.toMillis() + " ms (mock_latency_ms: "
          + settings.latencyMillis() + ")", 0, null, null);
    }
    if (!pause(settings.latencyMillis(), cancelled)) {
      throw new ProviderUnavailableException("mock call cancelled");
    }
    StreamAccumulator acc = new StreamAccumulator();
    events(request).forEach(acc::accept);
    return acc.toResponse();
  }

  /**
   * Deterministic embeddings: for each text a unit vector ({@code dimensions} long, default 8) drawn from a
   * generator seeded by the text, so the same text always gets the same vector, on every JVM.
   */
  @Override
  public ChatResponse embed(ChatRequest request, CancelSignal signal) {
    failIfConfigured();
    int dims = request.embedding().dimensions() != null ? request.embedding().dimensions() : 8;
    java.util.List<dev.llmrouter.api.ContentBlock> vectors = new java.util.ArrayList<>();
    long chars = 0;
    for (String text : request.embedding().input()) {
      java.util.SplittableRandom random = new java.util.SplittableRandom(text.hashCode());
      float[] v = new float[dims];
      double norm = 0;
      for (int i = 0; i < dims; i++) {
        v[i] = (float) (random.nextDouble() * 2 - 1);
        norm += v[i] * v[i];
      }
      for (int i = 0; i < dims; i++) {
        v[i] = (float) (v[i] / Math.sqrt(norm));
      }
      vectors.add(new dev.llmrouter.api.ContentBlock.Vector(vectors.size(), v));
      chars += text.length();
    }
    return new ChatResponse("mock-embedding-" + calls.incrementAndGet(), null, null, request.model(), vectors,
        dev.llmrouter.api.FinishReason.STOP, "stop", Usage.of(tokens(chars), 0), null, null);
  }

  @Override
  public Cancellable stream(ChatRequest request, StreamListener listener) {
    CountDownLatch cancelled = new CountDownLatch(1);
    streamThreads.execute(() -> {
      try {
        failIfConfigured();
        if (!pause(settings.latencyMillis(), cancelled)) {
          return;
        }
        StreamAccumulator acc = new StreamAccumulator();
        for (StreamEvent event : events(request)) {
          if (cancelled.getCount() == 0) {
            return;
          }
          acc.accept(event);
          listener.onEvent(event);
          if (event instanceof StreamEvent.TextDelta && !pause(settings.chunkDelayMillis(), cancelled)) {
            return;
          }
        }
        listener.onComplete(acc.toResponse());
      } catch (LlmException e) {
        if (cancelled.getCount() > 0) {
          listener.onError(e);
        }
      }
    });
    return cancelled::countDown;
  }

  private void failIfConfigured() {
    long n = calls.incrementAndGet();
    if (settings.errorStatus() != 0 && n <= settings.failFirst()) {
      throw HttpErrors.map("mock", settings.errorStatus(), "mock failure " + n + " of " + settings.failFirst(),
          "mock_error", settings.retryAfter());
    }
  }

  /** The whole answer as stream events; the plain call assembles the same events. */
  List<StreamEvent> events(ChatRequest request) {
    String prompt = lastUserText(request);
    List<StreamEvent> events = new ArrayList<>();
    events.add(new StreamEvent.MessageStart("mock-" + Integer.toHexString(prompt.hashCode()), request.model()));
    long outputChars;
    FinishReason finish;
    String rawFinish;
    String forcedTool = forcedTool(request);
    if (forcedTool != null) {
      String args = "{\"input\":" + quote(prompt) + "}";
      events.add(StreamEvent.BlockStart.toolCall(0, "call_mock_0", forcedTool));
      int mid = args.length() / 2;
      events.add(new StreamEvent.ToolArgumentsDelta(0, args.substring(0, mid)));
      events.add(new StreamEvent.ToolArgumentsDelta(0, args.substring(mid)));
      events.add(new StreamEvent.BlockStop(0));
      outputChars = args.length();
      finish = FinishReason.TOOL_CALLS;
      rawFinish = "tool_calls";
    } else {
      String text = settings.response() != null ? settings.response() : "This is a mock response to: " + prompt;
      events.add(StreamEvent.BlockStart.text(0));
      for (String piece : text.split("(?<= )")) {
        events.add(new StreamEvent.TextDelta(0, piece));
      }
      events.add(new StreamEvent.BlockStop(0));
      outputChars = text.length();
      finish = FinishReason.STOP;
      rawFinish = "stop";
    }
    events.add(new StreamEvent.MessageDelta(finish, rawFinish, Usage.of(tokens(inputChars(request)),
        tokens(outputChars))));
    events.add(new StreamEvent.MessageStop());
    return events;
  }

  private static String forcedTool(ChatRequest request) {
    ToolChoice choice = request.toolChoice();
    if (choice == null || request.tools().isEmpty()) {
      return null;
    }
    return switch (choice.mode()) {
      case TOOL -> choice.toolName();
      case REQUIRED -> request.tools().get(0).name();
      default -> null;
    };
  }

  private static String lastUserText(ChatRequest request) {
    List<Message> messages = request.messages();
    for (int i = messages.size() - 1; i >= 0; i--) {
      Message m = messages.get(i);
      if (m.role() == dev.llmrouter.api.Role.USER) {
        return m.text();
      }
    }
    return "";
  }

  private static long inputChars(ChatRequest request) {
    long chars = 0;
    for (ContentBlock block : request.system()) {
      if (block instanceof ContentBlock.Text t) {
        chars += t.text().length();
      }
    }
    for (Message m : request.messages()) {
      chars += m.text().length();
    }
    return chars;
  }

  private static long tokens(long chars) {
    return Math.max(1, (chars + 3) / 4);
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /** Waits {@code millis} (the mock's simulated latency); false when the call was cancelled meanwhile. */
  private static boolean pause(long millis, CountDownLatch cancelled) {
    if (millis <= 0) {
      return cancelled.getCount() > 0;
    }
    try {
      return !cancelled.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    streamThreads.shutdownNow();
  }
}
