package dev.llmrouter.config;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * USD per token. Cache prices default to the input price when unknown.
 */
public record Prices(BigDecimal inputPerToken, BigDecimal outputPerToken, BigDecimal cacheReadPerToken,
                     BigDecimal cacheWritePerToken) {
  public Prices {
    Objects.requireNonNull(inputPerToken, "inputPerToken");
    Objects.requireNonNull(outputPerToken, "outputPerToken");
    cacheReadPerToken = cacheReadPerToken == null ? inputPerToken : cacheReadPerToken;
    cacheWritePerToken = cacheWritePerToken == null ? inputPerToken : cacheWritePerToken;
  }

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  /** Prices given per million tokens, as price lists state them. */
  public static Prices perMillion(String input, String output, String cacheRead, String cacheWrite) {
    return new Prices(perToken(input), perToken(output), cacheRead == null ? null : perToken(cacheRead),
        cacheWrite == null ? null : perToken(cacheWrite));
  }

  private static BigDecimal perToken(String perMillion) {
    return new BigDecimal(perMillion).divide(MILLION);
  }
}
