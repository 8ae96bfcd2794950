package dev.awskit.ecs.internal;

import java.util.Collection;
import java.util.Locale;

/**
 * Suggests the closest known name for a misspelled one (Damerau–Levenshtein, case-insensitive).
 *
 * <p>Bounded: the candidates are short names (JSON keys, enum values, container and volume names),
 * so a value longer than {@link #MAX_LENGTH} cannot be a typo of one and is not compared at all, and a
 * candidate whose length differs by more than the allowed distance is skipped. Memory is three rows
 * of the shorter string, never a full matrix (a 5 MB value used to need hundreds of MB).
 */
public final class DidYouMean {
    /** Longer values are not typos of a known name. */
    static final int MAX_LENGTH = 128;

    private DidYouMean() {}

    /** The closest candidate within a small edit distance, or null. Null candidates are ignored. */
    public static String suggest(String typo, Collection<String> candidates) {
        if (typo == null || typo.isEmpty() || typo.length() > MAX_LENGTH) {
            return null;
        }
        String t = typo.toLowerCase(Locale.ROOT);
        int limit = Math.max(2, t.length() / 3);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            if (c == null || c.length() > MAX_LENGTH || Math.abs(c.length() - t.length()) > limit) {
                continue;
            }
            int d = distance(t, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return bestDistance <= limit ? best : null;
    }

    /** Optimal string alignment distance, in three rows. */
    static int distance(String a, String b) {
        int n = a.length();
        int m = b.length();
        int[] prev2 = new int[m + 1];
        int[] prev = new int[m + 1];
        int[] cur = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= n; i++) {
            cur[0] = i;
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int d = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d = Math.min(d, prev2[j - 2] + 1);
                }
                cur[j] = d;
            }
            int[] t = prev2;
            prev2 = prev;
            prev = cur;
            cur = t;
        }
        return prev[m];
    }
}
