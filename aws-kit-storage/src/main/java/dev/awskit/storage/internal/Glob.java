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
    private final int minLength; // tokens that are not '*'
    private Glob head; // this pattern without its final '*', for coversPrefix

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
        this.minLength = n - stars;
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
        int n = pattern.length();
        int[] tokens = new int[n]; // at most one token per character
        int count = 0;
        List<int[]> sets = new ArrayList<>();
        // a '[' whose set would start after the last ']' is unclosed: known at once, so a pattern of
        // many unclosed '[' compiles in linear time (scanning to the end for each was quadratic)
        int lastClose = pattern.lastIndexOf(']');
        int i = 0;
        while (i < n) {
            char c = pattern.charAt(i++);
            if (c == '*') {
                if (count == 0 || tokens[count - 1] != STAR) {
                    tokens[count++] = STAR;
                }
            } else if (c == '?') {
                tokens[count++] = ANY;
            } else if (c == '[') {
                int j = i;
                if (j < n && pattern.charAt(j) == '!') {
                    j++;
                }
                if (j < n && pattern.charAt(j) == ']') {
                    j++;
                }
                if (j > lastClose) {
                    j = n;
                }
                while (j < n && pattern.charAt(j) != ']') {
                    j++;
                }
                if (j >= n) {
                    tokens[count++] = '['; // unclosed: a literal, as in fnmatch
                } else {
                    sets.add(parseSet(pattern, i, j));
                    tokens[count++] = -10 - (sets.size() - 1);
                    i = j + 1;
                }
            } else {
                tokens[count++] = c;
            }
        }
        return new Glob(pattern, Arrays.copyOf(tokens, count), sets.toArray(new int[0][]));
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
                    throw new IllegalArgumentException(
                            "Invalid filter pattern '" + Keys.shown(pattern) + "': the range "
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
        return merged(out[0], Arrays.copyOfRange(out, 1, k));
    }

    /** The ranges sorted and merged, so that matching one character is a binary search. */
    private static int[] merged(int negated, int[] pairs) {
        int count = pairs.length / 2;
        long[] ranges = new long[count];
        for (int r = 0; r < count; r++) {
            ranges[r] = ((long) pairs[2 * r] << 32) | (pairs[2 * r + 1] & 0xFFFFFFFFL);
        }
        Arrays.sort(ranges);
        int[] out = new int[1 + 2 * count];
        out[0] = negated;
        int k = 1;
        for (long range : ranges) {
            int lo = (int) (range >>> 32);
            int hi = (int) range;
            if (k > 1 && lo <= out[k - 1] + 1) {
                out[k - 1] = Math.max(out[k - 1], hi);
            } else {
                out[k++] = lo;
                out[k++] = hi;
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
        if (n < minLength) {
            return false; // every token but '*' consumes at least one UTF-16 unit
        }
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
        // ranges are sorted and disjoint: find the last range starting at or before cp
        int lo = 0;
        int hi = (set.length - 1) / 2 - 1;
        boolean in = false;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int start = set[1 + 2 * mid];
            if (start > cp) {
                hi = mid - 1;
            } else if (set[2 + 2 * mid] < cp) {
                lo = mid + 1;
            } else {
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
        if (head == null) {
            head = new Glob(pattern, Arrays.copyOf(tokens, m - 1), sets);
        }
        Glob head = this.head;
        for (int k = Math.min(head.minLength, prefix.length() + 1); k <= prefix.length(); k++) {
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
