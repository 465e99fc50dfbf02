package dev.llmrouter.providers.internal;

import dev.llmrouter.api.spi.DeploymentSettings;

/** Reading provider-specific {@code litellm_params} entries. */
public final class Params {
  private Params() {}

  /** A boolean entry ({@code true}/{@code false}, or those strings), false when absent; anything else is an error. */
  public static boolean flag(DeploymentSettings s, String name) {
    Object v = s.param(name).orElse(false);
    if (v instanceof Boolean b) {
      return b;
    }
    String text = String.valueOf(v).trim();
    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new IllegalArgumentException(s.deploymentId() + ": " + name + " must be true or false, got \"" + v + "\"");
  }
}
