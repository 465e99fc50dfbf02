package dev.llmrouter.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Models' output token limits: a deployment's {@code model_info.max_output_tokens}, else the bundled table
 * ({@code dev/llmrouter/output-limits.tsv}; a dated id falls back to the undated one).
 */
final class OutputLimits {
  private static final String TABLE = "/dev/llmrouter/output-limits.tsv";
  private static final Pattern DATE_SUFFIX = Pattern.compile("-(\\d{4}-\\d{2}-\\d{2}|\\d{8})$");

  private final Map<String, Integer> table;
  private final Map<String, java.util.Optional<Integer>> byDeployment = new java.util.concurrent.ConcurrentHashMap<>();

  OutputLimits(Map<String, Integer> table) {
    this.table = Map.copyOf(table);
  }

  static OutputLimits bundled() {
    Map<String, Integer> table = new HashMap<>();
    try (InputStream in = OutputLimits.class.getResourceAsStream(TABLE);
         BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        String[] cols = t.split("\\s+");
        table.put(cols[0], Integer.parseInt(cols[1]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + TABLE, e);
    }
    return new OutputLimits(table);
  }

  /** The limit for a deployment, or null when none is known; looked up once per deployment. */
  Integer of(Deployment d) {
    return byDeployment.computeIfAbsent(d.id(), id -> java.util.Optional.ofNullable(lookUp(d))).orElse(null);
  }

  private Integer lookUp(Deployment d) {
    Integer own = d.config().maxOutputTokens();
    if (own != null) {
      return own;
    }
    String model = d.config().pricedModel();
    Integer limit = table.get(model);
    return limit != null ? limit : table.get(DATE_SUFFIX.matcher(model).replaceFirst(""));
  }
}
