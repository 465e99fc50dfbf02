package dev.llmrouter.config;

import java.util.List;

/** A configuration that cannot be used. The message names every problem with its path, one per line. */
public final class ConfigException extends RuntimeException {
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(problems.size() == 1 ? "invalid configuration: " + problems.get(0)
        : "invalid configuration:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  public ConfigException(String problem) {
    this(List.of(problem));
  }

  /** Each problem, as {@code path: what is wrong}. */
  public List<String> problems() {
    return problems;
  }
}
