package dev.llmrouter.internal;

import dev.llmrouter.api.Cost;
import dev.llmrouter.api.Usage;
import dev.llmrouter.config.Prices;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prices usage: a deployment's own {@code model_info} prices, else the bundled table
 * ({@code dev/llmrouter/prices.tsv}, USD per million tokens; by model id, dated ids falling back to the undated
 * one, then by {@code <provider>/*}). A model with no price costs "unknown", with one
 * warning per deployment.
 */
final class PriceBook {
  private static final Logger LOG = LoggerFactory.getLogger(PriceBook.class);
  private static final String TABLE = "/dev/llmrouter/prices.tsv";

  private final Map<String, Prices> table;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  private final Map<String, Optional<Prices>> resolved = new ConcurrentHashMap<>();

  PriceBook(Map<String, Prices> table) {
    this.table = Map.copyOf(table);
  }

  static PriceBook bundled() {
    try (InputStream in = PriceBook.class.getResourceAsStream(TABLE)) {
      if (in == null) {
        throw new IllegalStateException(TABLE + " is missing from the classpath");
      }
      return new PriceBook(parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Prices> parse(BufferedReader reader) throws IOException {
    Map<String, Prices> out = new HashMap<>();
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.trim().split("\\s+");
      out.put(f[0], Prices.perMillion(f[1], f[2], f.length > 3 && !f[3].equals("-") ? f[3] : null,
          f.length > 4 && !f[4].equals("-") ? f[4] : null));
    }
    return out;
  }

  /** The prices that apply to a deployment, or null; looked up once per deployment, not per call. */
  Prices pricesFor(Deployment d) {
    return resolved.computeIfAbsent(d.id(), id -> Optional.ofNullable(lookup(d))).orElse(null);
  }

  private Prices lookup(Deployment d) {
    if (d.config().prices() != null) {
      return d.config().prices();
    }
    String model = d.config().pricedModel();
    Prices p = table.get(model);
    if (p == null) {
      p = table.get(d.config().settings().providerId() + "/" + model);
    }
    if (p == null && model.contains("/")) {
      p = table.get(model.substring(model.lastIndexOf('/') + 1));
    }
    if (p == null) {
      p = table.get(model.replaceFirst("[-@](\\d{8}|\\d{4}-\\d{2}-\\d{2})$", "").replaceFirst("-latest$", ""));
    }
    if (p == null) {
      p = table.get(d.config().settings().providerId() + "/*");
    }
    return p;
  }

  Cost cost(Deployment d, Usage usage) {
    Prices p = pricesFor(d);
    if (p == null) {
      if (warned.add(d.id())) {
        LOG.warn("no price known for deployment {} ({}); its calls cost \"unknown\". Set model_info."
            + "input_cost_per_token and output_cost_per_token to price it.", d.id(), d.describe());
      }
      return Cost.unknown();
    }
    BigDecimal usd = p.inputPerToken().multiply(BigDecimal.valueOf(usage.uncachedInputTokens()))
        .add(p.cacheReadPerToken().multiply(BigDecimal.valueOf(usage.cacheReadTokens())))
        .add(p.cacheWritePerToken().multiply(BigDecimal.valueOf(usage.cacheWriteTokens())))
        .add(p.outputPerToken().multiply(BigDecimal.valueOf(usage.outputTokens())));
    return Cost.usd(usd);
  }
}
