package dev.llmrouter.internal;

import java.util.Collection;

/** "Did you mean": the known name closest to a misspelt one. */
public final class Spelling {
  private Spelling() {}

  /** The name of {@code known} within 2 edits of {@code key} (the closest; the first in order on a tie), or null. */
  public static String nearest(String key, Collection<String> known) {
    String best = null;
    int bestDistance = 3; // only close misspellings
    for (String k : known) {
      int d = distance(key, k);
      if (d < bestDistance || (d == bestDistance && best != null && k.compareTo(best) < 0)) {
        bestDistance = d;
        best = d < 3 ? k : best;
      }
    }
    return best;
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
