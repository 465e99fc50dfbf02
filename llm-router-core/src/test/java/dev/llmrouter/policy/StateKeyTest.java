package dev.llmrouter.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class StateKeyTest {
  @Test
  void aBudgetsLedgerKeyReadsBackAsItsOwnerAndName() {
    String key = Budget.daily(BigDecimal.ONE).ledgerKey("tenant", "acme");
    assertThat(key).isEqualTo("tenant:acme:daily");
    assertThat(StateKey.parse(key)).isEqualTo(new StateKey("tenant", "acme", "daily"));
  }

  @Test
  void anIdMayHoldColonsAndTheGatewayHasNone() {
    StateKey k = StateKey.parse("key:sso:alice@example.com:tokens_per_minute");
    assertThat(k.id()).isEqualTo("sso:alice@example.com");
    assertThat(k.countsTokens()).isTrue();
    StateKey g = StateKey.parse(StateKey.owner("gateway", null) + ":requests_per_minute");
    assertThat(g).isEqualTo(new StateKey("gateway", null, "requests_per_minute"));
    assertThat(g.countsTokens()).isFalse();
    assertThat(g.toString()).isEqualTo("gateway:requests_per_minute");
  }

  @Test
  void somethingElseIsRefusedByName() {
    assertThatThrownBy(() -> StateKey.parse("daily")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("daily");
    assertThatThrownBy(() -> StateKey.parse("tenant:acme:")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StateKey.parse("tenant:daily")).hasMessageContaining("needs an id");
  }
}
