package dev.llmrouter.config;

import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}}, {@code ${VAR:-default}} and a whole value of {@code os.environ/VAR} with values from
 * the environment. A missing variable without a default is reported, never replaced by an empty string.
 */
final class EnvSubstitution {
  private static final Pattern REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
  private static final String OS_ENVIRON = "os.environ/";

  private final Map<String, String> env;

  EnvSubstitution(Map<String, String> env) {
    this.env = env;
  }

  /** The value with references replaced; {@code missing} is told each variable that is not set. */
  String apply(String value, Consumer<String> missing) {
    if (value.startsWith(OS_ENVIRON)) {
      String name = value.substring(OS_ENVIRON.length()).trim();
      String v = env.get(name);
      if (v == null) {
        missing.accept(name);
        return "";
      }
      return v;
    }
    if (value.indexOf("${") < 0) {
      return value;
    }
    Matcher m = REF.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = env.get(m.group(1));
      if (v == null || (v.isEmpty() && m.group(2) != null)) {
        if (m.group(2) != null) {
          v = m.group(2);
        } else {
          missing.accept(m.group(1));
          v = "";
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }
}
