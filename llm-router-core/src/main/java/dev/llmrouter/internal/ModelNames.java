package dev.llmrouter.internal;

import dev.llmrouter.api.ModelNotFoundException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which alias serves a model name a caller sent, LiteLLM's way: the alias of that name; else the one
 * {@code router_settings.model_group_alias} names; else the most specific wildcard alias ({@code model_name: "claude-*"}
 * or {@code "*"}; the longest literal part wins, then config order). A wildcard deployment whose model has a
 * {@code *} ({@code model: openai/*}) receives the part of the name the alias's {@code *} matched.
 */
public final class ModelNames {
  private final Set<String> aliases;
  private final Map<String, String> groupAlias;
  private final List<Wildcard> wildcards = new ArrayList<>();
  private final Map<String, List<String>> chains;

  public ModelNames(Set<String> aliases, Map<String, String> groupAlias) {
    this(aliases, groupAlias, Map.of());
  }

  /** @param chains {@code fallback_models}: a name → the model names tried in order */
  public ModelNames(Set<String> aliases, Map<String, String> groupAlias, Map<String, List<String>> chains) {
    this.aliases = Set.copyOf(aliases);
    this.groupAlias = Map.copyOf(groupAlias);
    this.chains = Map.copyOf(chains);
    for (String alias : aliases) {
      if (isPattern(alias)) {
        wildcards.add(new Wildcard(alias, compile(alias), alias.replace("*", "").length()));
      }
    }
    wildcards.sort(Comparator.comparingInt(Wildcard::literalLength).reversed()); // stable: config order on a tie
  }

  /**
   * The alias that serves {@code requested}, or null when none does; for a {@code fallback_models} chain, the chain's
   * name (it has no deployments of its own: {@link #members} are what is tried).
   */
  public String resolve(String requested) {
    if (aliases.contains(requested) || chains.containsKey(requested)) {
      return requested;
    }
    String target = groupAlias.get(requested);
    if (target != null) {
      return target;
    }
    for (Wildcard w : wildcards) {
      if (w.regex.matcher(requested).matches()) {
        return w.alias;
      }
    }
    return null;
  }

  /** The alias that serves {@code requested}; a {@link ModelNotFoundException} listing the aliases when none does. */
  public String resolveOrThrow(String requested) {
    String alias = resolve(requested);
    if (alias == null) {
      throw new ModelNotFoundException("no model named '" + requested + "'; this router serves: "
          + String.join(", ", aliases));
    }
    return alias;
  }

  /**
   * The aliases to try for what {@link #resolve} gave, in order: a chain's members that some alias serves (each
   * resolved), else the alias itself.
   */
  public List<String> members(String resolved) {
    List<String> chain = chains.get(resolved);
    if (chain == null) {
      return List.of(resolved);
    }
    List<String> out = new ArrayList<>();
    for (String member : chain) {
      String alias = resolve(member);
      if (alias != null && !chains.containsKey(alias) && !out.contains(alias)) {
        out.add(alias);
      }
    }
    return out;
  }

  /** The alias whose deployments stand for {@code resolved}: its first member for a chain; null for an empty one. */
  public String first(String resolved) {
    List<String> m = members(resolved);
    return m.isEmpty() ? null : m.get(0);
  }

  /** The name to report for a call {@code alias} served: the alias, or the requested name for a wildcard alias. */
  public static String served(String alias, String requested) {
    return isPattern(alias) ? requested : alias;
  }

  public static boolean isPattern(String alias) {
    return alias.indexOf('*') >= 0;
  }

  /**
   * The provider model for a deployment of {@code alias} whose configured model is {@code model}: {@code model} with its
   * {@code *} replaced by what the alias's {@code *} matched in {@code requested} (the whole name when it didn't).
   */
  public static String providerModel(String model, String alias, String requested) {
    if (model.indexOf('*') < 0) {
      return model;
    }
    String part = requested;
    if (isPattern(alias)) {
      Matcher m = compile(alias).matcher(requested);
      if (m.matches()) {
        part = m.group(1);
      }
    }
    return model.replace("*", part);
  }

  private static Pattern compile(String glob) {
    StringBuilder regex = new StringBuilder();
    int from = 0;
    boolean first = true;
    for (int star = glob.indexOf('*'); star >= 0; star = glob.indexOf('*', from)) {
      regex.append(Pattern.quote(glob.substring(from, star))).append(first ? "(.*)" : ".*");
      first = false;
      from = star + 1;
    }
    return Pattern.compile(regex.append(Pattern.quote(glob.substring(from))).toString(), Pattern.DOTALL);
  }

  private record Wildcard(String alias, Pattern regex, int literalLength) {}
}
