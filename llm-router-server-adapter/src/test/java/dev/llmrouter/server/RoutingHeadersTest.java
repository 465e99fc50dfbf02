package dev.llmrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoutingHeadersTest {
  @Test
  void anOverheadIsWrittenInMillisecondsWithThreeDecimals() {
    assertThat(RoutingHeaders.millis(0)).isEqualTo("0.000");
    assertThat(RoutingHeaders.millis(999)).isEqualTo("0.000");
    assertThat(RoutingHeaders.millis(7_000)).isEqualTo("0.007");
    assertThat(RoutingHeaders.millis(50_000)).isEqualTo("0.050");
    assertThat(RoutingHeaders.millis(1_005_000)).isEqualTo("1.005");
    assertThat(RoutingHeaders.millis(12_345_678)).isEqualTo("12.345");
    assertThat(RoutingHeaders.millis(100_000_000)).isEqualTo("100.000");
  }
}
