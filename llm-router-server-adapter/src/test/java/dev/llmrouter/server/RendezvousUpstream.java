package dev.llmrouter.server;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A MockWebServer dispatcher that answers no request until {@code expected} are upstream at the same time (or
 * {@code maxWait} has passed), and counts the most that were in flight at once.
 */
final class RendezvousUpstream extends Dispatcher {
  final CountDownLatch allArrived;
  final AtomicInteger most = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final long maxWaitSeconds;
  private final Supplier<MockResponse> answer;

  RendezvousUpstream(int expected, long maxWaitSeconds, Supplier<MockResponse> answer) {
    this.allArrived = new CountDownLatch(expected);
    this.maxWaitSeconds = maxWaitSeconds;
    this.answer = answer;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    allArrived.countDown();
    try {
      allArrived.await(maxWaitSeconds, TimeUnit.SECONDS);
      return answer.get();
    } finally {
      inFlight.decrementAndGet();
    }
  }
}
