package dev.llmrouter.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A value of the parsed YAML with its path, for reading with messages that say where a problem is.
 * Problems and warnings go to the shared {@link Report}; reading goes on so that all problems are found at once.
 */
final class Node {
  final String path;
  final Object value;
  final Report report;

  Node(String path, Object value, Report report) {
    this.path = path;
    this.value = value;
    this.report = report;
  }

  static final class Report {
    final List<String> problems = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
  }

  boolean isPresent() {
    return value != null;
  }

  Node get(String key) {
    Map<String, Object> map = asMap();
    return new Node(path.isEmpty() ? key : path + "." + key, map.get(key), report);
  }

  Map<String, Object> asMap() {
    if (value == null) {
      return Map.of();
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), v));
      return out;
    }
    problem("expected a mapping, got " + describe(value));
    return Map.of();
  }

  List<Node> asList() {
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> list) {
      List<Node> out = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        out.add(new Node(path + "[" + i + "]", list.get(i), report));
      }
      return out;
    }
    problem("expected a list, got " + describe(value));
    return List.of();
  }

  /**
   * Refuses keys not in {@code known}, naming each and the likely one meant: a misspelt section (a
   * {@code general_setings:} would silently turn authentication off) must stop the start.
   */
  void refuseUnknownKeys(Set<String> known) {
    for (String key : asMap().keySet()) {
      if (!known.contains(key)) {
        String near = dev.llmrouter.internal.Spelling.nearest(key, known);
        report.problems.add((path.isEmpty() ? key : path + "." + key) + ": unknown section"
            + (near != null ? " (did you mean " + near + "?)" : "; known: " + String.join(", ",
            known.stream().sorted().toList())));
      }
    }
  }

  /** Warns about keys not in {@code known}, naming each path. */
  void warnUnknownKeys(Set<String> known) {
    for (String key : asMap().keySet()) {
      if (!known.contains(key)) {
        report.warnings.add((path.isEmpty() ? key : path + "." + key) + ": unknown key, ignored");
      }
    }
  }

  String string(String fallback) {
    if (value == null) {
      return fallback;
    }
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return String.valueOf(value);
    }
    problem("expected a string, got " + describe(value));
    return fallback;
  }

  String requiredString() {
    if (value == null) {
      problem("is required");
      return null;
    }
    return string(null);
  }

  Integer integer(Integer fallback) {
    BigDecimal d = decimal(null);
    if (d == null) {
      return fallback;
    }
    try {
      return d.intValueExact();
    } catch (ArithmeticException e) {
      problem("expected a whole number, got " + describe(value));
      return fallback;
    }
  }

  BigDecimal decimal(BigDecimal fallback) {
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n) {
      return new BigDecimal(n.toString());
    }
    if (value instanceof String s && !s.isBlank()) {
      try {
        return new BigDecimal(s.trim());
      } catch (NumberFormatException ignored) {
        // reported below
      }
    }
    problem("expected a number, got " + describe(value));
    return fallback;
  }

  boolean bool(boolean fallback) {
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s);
    }
    problem("expected true or false, got " + describe(value));
    return fallback;
  }

  /** A number of seconds (fractions allowed), as LiteLLM's timeouts are given. */
  Duration seconds(Duration fallback) {
    BigDecimal s = decimal(null);
    if (s == null) {
      return fallback;
    }
    if (s.signum() < 0) {
      problem("must not be negative, got " + describe(value));
      return fallback;
    }
    return Duration.ofMillis(s.movePointRight(3).longValue());
  }

  List<String> stringList() {
    if (value instanceof String s) {
      return List.of(s);
    }
    List<String> out = new ArrayList<>();
    for (Node item : asList()) {
      String s = item.string(null);
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  void problem(String message) {
    report.problems.add(path + ": " + message);
  }

  static String describe(Object v) {
    if (v == null) {
      return "nothing";
    }
    if (v instanceof String s) {
      return "\"" + s + "\"";
    }
    if (v instanceof Map) {
      return "a mapping";
    }
    if (v instanceof List) {
      return "a list";
    }
    return String.valueOf(v);
  }
}
