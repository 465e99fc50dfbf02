package dev.llmrouter.internal;

import dev.llmrouter.spi.state.SpendLog;
import dev.llmrouter.spi.state.SpendRecord;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link SpendLog} in this process, one record per call id; for tests and a single process's reports. */
public final class InMemorySpendLog implements SpendLog {
  private final Map<String, SpendRecord> records = new LinkedHashMap<>(); // guarded by this

  @Override
  public synchronized void record(SpendRecord record) {
    if (records.putIfAbsent(record.callId(), record) != null) {
      throw new IllegalStateException("call " + record.callId() + " was recorded twice");
    }
  }

  public synchronized List<SpendRecord> records() {
    return new ArrayList<>(records.values());
  }

  /** What {@code tenantId}'s calls cost, unknown prices counted as nothing. */
  public synchronized BigDecimal total(String tenantId) {
    BigDecimal sum = BigDecimal.ZERO;
    for (SpendRecord r : records.values()) {
      if (tenantId.equals(r.tenantId()) && r.cost() != null) {
        sum = sum.add(r.cost());
      }
    }
    return sum;
  }
}
