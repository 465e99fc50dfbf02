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
 * Models' limits: the output tokens a call may ask for ({@code model_info.max_output_tokens}) and the input it can
 * take, its context window ({@code model_info.max_input_tokens}); else the bundled table
 * ({@code dev/llmrouter/model-limits.tsv}, looked up by {@code base_model} when set; a dated id falls back to the
 * undated one).
 */
final class ModelLimits {
  private static final String TABLE = "/dev/llmrouter/model-limits.tsv";
  private static final Pattern DATE_SUFFIX = Pattern.compile("[-@](\\d{4}-\\d{2}-\\d{2}|\\d{8})$"); // Vertex: claude-x@20250929

  private final Map<String, Integer> table;
  private final Map<String, Integer> windows;
  private final Map<String, java.util.Optional<Integer>> byDeployment = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, java.util.Optional<Integer>> windowByDeployment =
      new java.util.concurrent.ConcurrentHashMap<>();

  ModelLimits(Map<String, Integer> table) {
    this(table, Map.of());
  }

  ModelLimits(Map<String, Integer> outputs, Map<String, Integer> windows) {
    this.table = Map.copyOf(outputs);
    this.windows = Map.copyOf(windows);
  }

  static ModelLimits bundled() {
    Map<String, Integer> table = new HashMap<>();
    Map<String, Integer> windows = new HashMap<>();
    try (InputStream in = ModelLimits.class.getResourceAsStream(TABLE);
         BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        String[] cols = t.split("\\s+");
        table.put(cols[0], Integer.parseInt(cols[1]));
        if (cols.length > 2) {
          windows.put(cols[0], Integer.parseInt(cols[2]));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + TABLE, e);
    }
    return new ModelLimits(table, windows);
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

  /** The input a deployment's model takes, in tokens, or null when none is known; looked up once per deployment. */
  Integer contextWindow(Deployment d) {
    return windowByDeployment.computeIfAbsent(d.id(), id -> java.util.Optional.ofNullable(lookUpWindow(d)))
        .orElse(null);
  }

  private Integer lookUpWindow(Deployment d) {
    Integer own = d.config().maxInputTokens();
    if (own != null) {
      return own;
    }
    String model = d.config().pricedModel();
    Integer window = windows.get(model);
    return window != null ? window : windows.get(DATE_SUFFIX.matcher(model).replaceFirst(""));
  }
}
