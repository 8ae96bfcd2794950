package dev.awskit.storage.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One filter pattern with the semantics of Python's {@code fnmatch.fnmatchcase}, which the AWS CLI
 * uses for {@code --exclude} / {@code --include}: {@code *} matches any run of characters including
 * {@code /}, {@code ?} one character, {@code [seq]} one character in seq, {@code [!seq]} one
 * character not in seq; an unclosed {@code [} is a literal; backslash is a literal (there is no
 * escaping); matching is case-sensitive and covers the whole path. Characters are Unicode code
 * points, so {@code ?} matches one emoji.
 *
 * <p>Besides matching, a glob answers two questions about a directory prefix {@code P} (ending in
 * {@code /}) that let listings skip excluded subtrees: {@link #coversPrefix} (every path starting
 * with P matches) and {@link #canMatchUnder} (some path starting with P may match).
 */
public final class Glob {
    private static final int STAR = -1;
    private static final int ANY = -2;
    // >= 0: a literal UTF-16 unit; <= -10: set number (-10 - n)

    private final String pattern;
    private final int[] tokens;
    private final int[][] sets; // each: [negated(0/1), lo0, hi0, lo1, hi1, ...] in code points
    private final Kind kind;
    private final String literal; // for the fast paths

    private enum Kind {
        EXACT,
        PREFIX_STAR,
        STAR_SUFFIX,
        MATCH_ALL,
        GENERAL
    }

    private Glob(String pattern, int[] tokens, int[][] sets) {
        this.pattern = pattern;
        this.tokens = tokens;
        this.sets = sets;
        int stars = 0;
        boolean special = false;
        for (int t : tokens) {
            if (t == STAR) {
                stars++;
            } else if (t < 0) {
                special = true;
            }
        }
        int n = tokens.length;
        if (!special && stars == 0) {
            kind = Kind.EXACT;
            literal = literalOf(0, n);
        } else if (!special && stars == n) {
            kind = Kind.MATCH_ALL;
            literal = "";
        } else if (!special && stars == 1 && tokens[n - 1] == STAR) {
            kind = Kind.PREFIX_STAR;
            literal = literalOf(0, n - 1);
        } else if (!special && stars == 1 && tokens[0] == STAR) {
            kind = Kind.STAR_SUFFIX;
            literal = literalOf(1, n);
        } else {
            kind = Kind.GENERAL;
            literal = null;
        }
    }

    private String literalOf(int from, int to) {
        StringBuilder b = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            b.append((char) tokens[i]);
        }
        return b.toString();
    }

    /**
     * Compiles {@code pattern}.
     *
     * @throws IllegalArgumentException for a reversed range such as {@code [z-a]} (Python silently
     *     matches nothing there)
     */
    public static Glob compile(String pattern) {
        List<Integer> tokens = new ArrayList<>();
        List<int[]> sets = new ArrayList<>();
        int n = pattern.length();
        int i = 0;
        while (i < n) {
            char c = pattern.charAt(i++);
            if (c == '*') {
                if (tokens.isEmpty() || tokens.get(tokens.size() - 1) != STAR) {
                    tokens.add(STAR);
                }
            } else if (c == '?') {
                tokens.add(ANY);
            } else if (c == '[') {
                int j = i;
                if (j < n && pattern.charAt(j) == '!') {
                    j++;
                }
                if (j < n && pattern.charAt(j) == ']') {
                    j++;
                }
                while (j < n && pattern.charAt(j) != ']') {
                    j++;
                }
                if (j >= n) {
                    tokens.add((int) '['); // unclosed: a literal, as in fnmatch
                } else {
                    sets.add(parseSet(pattern, i, j));
                    tokens.add(-10 - (sets.size() - 1));
                    i = j + 1;
                }
            } else {
                tokens.add((int) c);
            }
        }
        return new Glob(pattern, tokens.stream().mapToInt(Integer::intValue).toArray(), sets.toArray(new int[0][]));
    }

    private static int[] parseSet(String pattern, int from, int to) {
        boolean negated = pattern.charAt(from) == '!';
        int start = negated ? from + 1 : from;
        int[] cps = pattern.substring(start, to).codePoints().toArray();
        int[] out = new int[1 + cps.length * 2];
        out[0] = negated ? 1 : 0;
        int k = 1;
        for (int i = 0; i < cps.length; ) {
            if (i + 2 < cps.length && cps[i + 1] == '-') {
                if (cps[i] > cps[i + 2]) {
                    throw new IllegalArgumentException("Invalid filter pattern '" + pattern + "': the range "
                            + new String(cps, i, 3) + " is reversed; write it as "
                            + new String(new int[] {cps[i + 2], '-', cps[i]}, 0, 3));
                }
                out[k++] = cps[i];
                out[k++] = cps[i + 2];
                i += 3;
            } else {
                out[k++] = cps[i];
                out[k++] = cps[i];
                i++;
            }
        }
        return Arrays.copyOf(out, k);
    }

    public String pattern() {
        return pattern;
    }

    /** Whether the whole of {@code path} matches. */
    public boolean matches(String path) {
        switch (kind) {
            case EXACT:
                return path.equals(literal);
            case PREFIX_STAR:
                return path.startsWith(literal);
            case STAR_SUFFIX:
                return path.endsWith(literal) && !splitsPair(path, path.length() - literal.length());
            case MATCH_ALL:
                return true;
            default:
                return matchGeneral(path);
        }
    }

    private static boolean splitsPair(String s, int at) {
        return at > 0
                && at < s.length()
                && Character.isHighSurrogate(s.charAt(at - 1))
                && Character.isLowSurrogate(s.charAt(at));
    }

    private boolean matchGeneral(String text) {
        int m = tokens.length;
        int n = text.length();
        int p = 0;
        int t = 0;
        int starP = -1;
        int starT = -1;
        while (t < n) {
            if (p < m && tokens[p] == STAR) {
                starP = p++;
                starT = t;
                continue;
            }
            if (p < m) {
                int w = matchOne(tokens[p], text, t);
                if (w > 0) {
                    t += w;
                    p++;
                    continue;
                }
            }
            if (starP >= 0) {
                starT += width(text, starT);
                t = starT;
                p = starP + 1;
                continue;
            }
            return false;
        }
        while (p < m && tokens[p] == STAR) {
            p++;
        }
        return p == m;
    }

    /** Characters of {@code text} at {@code t} that token {@code tok} consumes, or 0 for no match. */
    private int matchOne(int tok, String text, int t) {
        if (tok >= 0) {
            return text.charAt(t) == tok ? 1 : 0;
        }
        int w = width(text, t);
        if (tok == ANY) {
            return w;
        }
        int cp = w == 2 ? text.codePointAt(t) : text.charAt(t);
        int[] set = sets[-10 - tok];
        boolean in = false;
        for (int k = 1; k < set.length; k += 2) {
            if (cp >= set[k] && cp <= set[k + 1]) {
                in = true;
                break;
            }
        }
        return in != (set[0] == 1) ? w : 0;
    }

    private static int width(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                ? 2
                : 1;
    }

    /**
     * Whether every path that starts with {@code prefix} matches: the pattern ends in {@code *} and
     * the part before that final star matches some leading part of {@code prefix}. Sound, not
     * complete: {@code true} is always right, {@code false} may be conservative.
     */
    public boolean coversPrefix(String prefix) {
        int m = tokens.length;
        if (m == 0 || tokens[m - 1] != STAR) {
            return false;
        }
        Glob head = new Glob(pattern, Arrays.copyOf(tokens, m - 1), sets);
        for (int k = 0; k <= prefix.length(); k++) {
            if (!splitsPair(prefix, k) && head.matches(prefix.substring(0, k))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether some path starting with {@code prefix} may match. Conservative: {@code true} when in
     * doubt; {@code false} is always right.
     */
    public boolean canMatchUnder(String prefix) {
        int p = 0;
        int t = 0;
        int n = prefix.length();
        while (true) {
            if (t >= n) {
                return true;
            }
            if (p >= tokens.length) {
                return false;
            }
            if (tokens[p] == STAR) {
                return true;
            }
            int w = matchOne(tokens[p], prefix, t);
            if (w == 0) {
                return false;
            }
            t += w;
            p++;
        }
    }

    /** Whether the pattern ends with {@code *}, so it can cover whole directories. */
    public boolean endsWithStar() {
        return tokens.length > 0 && tokens[tokens.length - 1] == STAR;
    }

    /** Whether the pattern starts with {@code *}, so it can match under every directory. */
    public boolean startsWithStar() {
        return tokens.length > 0 && tokens[0] == STAR;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
