package dev.llmrouter.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The model names a tenant or key may call: exact names, and wildcards such as {@code gpt-*} ({@code *} alone allows
 * every model). The pipeline allows a call when the name the caller sent or the alias it resolves to is allowed. A
 * key's list narrows its tenant's ({@link #and}); it never widens it.
 */
public final class ModelAccess {
  private static final ModelAccess ALL = new ModelAccess(List.of());

  /** Each list must allow a name; no list: every name. */
  private final List<Layer> layers;

  private ModelAccess(List<Layer> layers) {
    this.layers = List.copyOf(layers);
  }

  /** Every model. */
  public static ModelAccess all() {
    return ALL;
  }

  /** Only these names and wildcards; an empty or absent list allows every model (LiteLLM's {@code models: []}). */
  public static ModelAccess of(List<String> models) {
    if (models == null || models.isEmpty() || models.contains("*")) {
      return ALL;
    }
    return new ModelAccess(List.of(Layer.of(models)));
  }

  public boolean allowsAll() {
    return layers.isEmpty();
  }

  public boolean allows(String model) {
    for (Layer layer : layers) {
      if (!layer.allows(model)) {
        return false;
      }
    }
    return true;
  }

  /** What both this and {@code other} allow. */
  public ModelAccess and(ModelAccess other) {
    if (other == null || other.allowsAll()) {
      return this;
    }
    if (allowsAll()) {
      return other;
    }
    List<Layer> both = new ArrayList<>(layers);
    both.addAll(other.layers);
    return new ModelAccess(both);
  }

  /**
   * This access with LiteLLM's access groups opened up: a list that names a group ({@code model_info.access_groups})
   * also allows every alias of that group.
   *
   * @param groups group name → the aliases with a deployment in it
   */
  public ModelAccess withGroups(java.util.Map<String, List<String>> groups) {
    if (layers.isEmpty() || groups.isEmpty()) {
      return this;
    }
    List<Layer> expanded = new ArrayList<>(layers.size());
    boolean changed = false;
    for (Layer layer : layers) {
      List<String> entries = new ArrayList<>(layer.entries());
      for (String e : layer.entries()) {
        List<String> members = groups.get(e);
        if (members != null) {
          entries.addAll(members);
          changed = true;
        }
      }
      expanded.add(Layer.of(entries));
    }
    return changed ? new ModelAccess(expanded) : this;
  }

  /** The names and wildcards of the narrowest list, as configured; empty for every model. */
  public List<String> entries() {
    return layers.isEmpty() ? List.of() : layers.get(layers.size() - 1).entries();
  }

  @Override
  public String toString() {
    if (layers.isEmpty()) {
      return "every model";
    }
    List<String> parts = new ArrayList<>();
    layers.forEach(l -> parts.add(String.join(", ", l.entries())));
    return String.join(" and ", parts);
  }

  private record Layer(List<String> entries, List<Pattern> patterns) {
    static Layer of(List<String> entries) {
      List<Pattern> patterns = new ArrayList<>();
      for (String e : entries) {
        Objects.requireNonNull(e, "model name");
        if (e.indexOf('*') >= 0) {
          patterns.add(glob(e));
        }
      }
      return new Layer(List.copyOf(entries), List.copyOf(patterns));
    }

    boolean allows(String model) {
      if (entries.contains(model)) {
        return true;
      }
      for (Pattern p : patterns) {
        if (p.matcher(model).matches()) {
          return true;
        }
      }
      return false;
    }

    private static Pattern glob(String glob) {
      StringBuilder regex = new StringBuilder();
      String[] parts = glob.split("\\*", -1);
      for (int i = 0; i < parts.length; i++) {
        if (i > 0) {
          regex.append(".*");
        }
        regex.append(Pattern.quote(parts[i]));
      }
      return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
  }
}
