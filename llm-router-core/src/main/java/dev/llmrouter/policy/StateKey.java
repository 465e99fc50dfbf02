package dev.llmrouter.policy;

import java.util.Objects;

/**
 * The name a budget or a rate-limit counter is kept under in the state stores: {@code <scope>:<id>:<name>}, such as
 * {@code tenant:acme:daily} or {@code key:k-7:requests_per_minute}, or {@code gateway:<name>} for the gateway's own
 * limits. The one place that writes and reads that form: a store that must find a counter's owner again (to rebuild
 * a lost counter from the spend log) parses it here.
 *
 * @param scope {@code tenant}, {@code key} or {@code gateway}
 * @param id    the tenant's or the key's id; {@code null} for the gateway
 * @param name  the budget's name ({@link Budget#name}) or the limit's ({@code requests_per_minute},
 *              {@code requests_per_hour}, {@code tokens_per_minute}, {@code max_parallel_requests})
 */
public record StateKey(String scope, String id, String name) {
  public StateKey {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(name, "name");
    if (scope.equals("gateway") != (id == null)) {
      throw new IllegalArgumentException("scope " + scope + (id == null ? " needs an id" : " takes no id"));
    }
  }

  /** The part before the name: {@code tenant:<id>}, {@code key:<id>} or {@code gateway}. */
  public static String owner(String scope, String id) {
    return id == null ? scope : scope + ":" + id;
  }

  /**
   * Reads a key this class wrote; an id may itself hold colons.
   *
   * @throws IllegalArgumentException when {@code key} is not of that form
   */
  public static StateKey parse(String key) {
    int first = key.indexOf(':');
    int last = key.lastIndexOf(':');
    if (first <= 0 || last == key.length() - 1) {
      throw new IllegalArgumentException("not a state key (<scope>:<id>:<name> or gateway:<name>): " + key);
    }
    String scope = key.substring(0, first);
    return new StateKey(scope, last > first ? key.substring(first + 1, last) : null, key.substring(last + 1));
  }

  /** Whether the counter counts tokens rather than calls. */
  public boolean countsTokens() {
    return name.startsWith("tokens");
  }

  @Override
  public String toString() {
    return owner(scope, id) + ":" + name;
  }
}
