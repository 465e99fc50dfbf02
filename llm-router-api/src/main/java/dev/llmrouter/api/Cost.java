package dev.llmrouter.api;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * What a call cost in US dollars, or "unknown" when no price was known for the model. Unknown is not
 * zero: a budget must not treat an unpriced call as free.
 */
public final class Cost {
  private static final Cost UNKNOWN = new Cost(null);
  private final BigDecimal usd;

  private Cost(BigDecimal usd) {
    this.usd = usd;
  }

  public static Cost unknown() {
    return UNKNOWN;
  }

  public static Cost usd(BigDecimal usd) {
    return new Cost(Objects.requireNonNull(usd, "usd").stripTrailingZeros());
  }

  public boolean isKnown() {
    return usd != null;
  }

  /** The amount without trailing zeros, or empty when unknown. */
  public Optional<BigDecimal> usd() {
    return Optional.ofNullable(usd);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cost other
        && (usd == null ? other.usd == null : other.usd != null && usd.compareTo(other.usd) == 0);
  }

  @Override
  public int hashCode() {
    return usd == null ? 0 : usd.stripTrailingZeros().hashCode();
  }

  @Override
  public String toString() {
    return usd == null ? "unknown" : "$" + usd.toPlainString();
  }
}
