package dev.llmrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.RouterListener;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Every call's start and end as the router reports them, to check that each call is accounted for exactly once. */
final class CallLedger implements RouterListener {
  final Map<String, Integer> starts = new ConcurrentHashMap<>();
  final Map<String, List<Object>> ends = new ConcurrentHashMap<>();
  /** The ledger's records, as the router wrote them. */
  final List<dev.llmrouter.spi.state.SpendRecord> records = new CopyOnWriteArrayList<>();

  @Override
  public void callRecorded(dev.llmrouter.spi.state.SpendRecord record, Throwable error) {
    records.add(record);
  }

  @Override
  public void callStart(String callId, ChatRequest request) {
    starts.merge(callId, 1, Integer::sum);
  }

  @Override
  public void callEnd(String callId, ChatResponse response, Throwable error) {
    ends.computeIfAbsent(callId, k -> new CopyOnWriteArrayList<>()).add(response != null ? response : error);
  }

  /** Waits (bounded) until {@code callId} has ended, then checks it started and ended exactly once. */
  Object endOf(String callId, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!ends.containsKey(callId) && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(10);
    }
    assertThat(starts.get(callId)).as("starts of " + callId).isEqualTo(1);
    assertThat(ends.get(callId)).as("ends of " + callId).hasSize(1);
    return ends.get(callId).get(0);
  }

  /** Every call that started has ended exactly once. */
  void assertBalanced() {
    assertThat(ends.keySet()).containsExactlyInAnyOrderElementsOf(starts.keySet());
    starts.forEach((id, n) -> assertThat(n).as(id).isEqualTo(1));
    ends.forEach((id, list) -> assertThat(list).as(id).hasSize(1));
  }
}
