package dev.llmrouter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdTest {

  @Test
  void isAVersion7UuidWhoseFirst48BitsAreTheMillis() {
    long millis = 1_796_256_000_123L; // 2026-12-03T00:00:00.123Z
    UUID id = RouterEngine.timeOrderedId(millis);
    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2); // RFC 9562
    assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
  }

  @Test
  void laterMillisSortAfterAsStrings() {
    String earlier = RouterEngine.timeOrderedId(1_796_256_000_123L).toString();
    String later = RouterEngine.timeOrderedId(1_796_256_000_124L).toString();
    assertThat(later).isGreaterThan(earlier);
    assertThat(RouterEngine.timeOrderedId(1_796_256_999_999L).toString()).isGreaterThan(later);
  }

  @Test
  void idsOfTheSameMillisecondDiffer() {
    Set<UUID> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(RouterEngine.timeOrderedId(1_796_256_000_123L));
    }
    assertThat(ids).hasSize(10_000);
  }
}
