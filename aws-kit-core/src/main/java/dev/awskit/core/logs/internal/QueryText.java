package dev.awskit.core.logs.internal;

import dev.awskit.core.logs.InsightsQuery.Order;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * What the runner needs to know of a Logs Insights query string, read in one linear pass: the
 * commands at the top level (pipes inside quotes, regular expressions and comments do not separate
 * commands), whether one aggregates ({@code stats}) or deduplicates ({@code dedup}) rows, the order of
 * the last {@code sort} when its first key is {@code @timestamp}, and the smallest {@code limit}.
 *
 * <p>The service is the authority on syntax: this reader never rejects a query the service might
 * accept, except a {@code limit} that is not a whole number from 1 to 100,000 (the documented range,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Limit.html).
 */
record QueryText(boolean aggregate, String splitBlocker, Order sortedBy, OptionalInt limit, boolean limitAny) {
    /** The documented maximum of the {@code limit} command. */
    static final int MAX_LIMIT = 100_000;

    /**
     * Reads {@code query}.
     *
     * @throws IllegalArgumentException when a {@code limit} is not a whole number from 1 to 100,000
     */
    static QueryText parse(String query) {
        boolean aggregate = false;
        String blocker = null;
        Order sorted = null;
        int limit = Integer.MAX_VALUE;
        boolean any = false;
        for (String command : commands(query)) {
            List<String> words = words(command, 3);
            if (words.isEmpty()) {
                continue;
            }
            switch (words.get(0).toLowerCase(Locale.ROOT)) {
                case "stats" -> {
                    aggregate = true;
                    blocker = "stats";
                }
                case "dedup" -> {
                    if (blocker == null) {
                        blocker = "dedup";
                    }
                }
                case "sort" -> sorted = sortOrder(words);
                case "limit" -> {
                    int at = 1;
                    boolean thisAny = false;
                    if (words.size() > 2 && words.get(1).equalsIgnoreCase("any")) {
                        thisAny = true;
                        at = 2;
                    }
                    int n = limitValue(words.size() > at ? words.get(at) : "");
                    if (n < limit) {
                        limit = n;
                        any = thisAny;
                    }
                }
                default -> {
                    // fields, filter, parse, display, ...: nothing the runner needs
                }
            }
        }
        return new QueryText(
                aggregate,
                blocker,
                blocker != null ? null : sorted,
                limit == Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of(limit),
                any);
    }

    private static Order sortOrder(List<String> words) {
        // sort @timestamp [asc|desc][, other ...]: only a first key of @timestamp orders rows by time
        if (words.size() < 2) {
            return null;
        }
        String key = words.get(1);
        boolean comma = key.endsWith(",");
        if (comma) {
            key = key.substring(0, key.length() - 1);
        }
        if (!key.equals("@timestamp")) {
            return null;
        }
        if (comma || words.size() < 3) {
            return Order.DESCENDING; // Insights sorts descending unless told otherwise
        }
        String dir = words.get(2).toLowerCase(Locale.ROOT);
        if (dir.endsWith(",")) {
            dir = dir.substring(0, dir.length() - 1);
        }
        return dir.equals("asc") ? Order.ASCENDING : Order.DESCENDING;
    }

    private static int limitValue(String word) {
        String shown = word.length() > 40 ? word.substring(0, 40) + "..." : word;
        boolean digits = !word.isEmpty() && word.length() <= 9 && word.chars().allMatch(c -> c >= '0' && c <= '9');
        int n = digits ? Integer.parseInt(word) : -1;
        if (n < 1 || n > MAX_LIMIT) {
            throw new IllegalArgumentException("'limit " + shown + "' in the Logs Insights query: expected a whole"
                    + " number from 1 to " + MAX_LIMIT + ", e.g. '| limit 500'");
        }
        return n;
    }

    /** The top-level commands: split at '|' outside quotes, regular expressions and '#' comments. */
    static List<String> commands(String q) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int n = q.length();
        int i = 0;
        // the words of the current command so far, tracked so that no character is looked at twice
        int words = 0;
        boolean inWord = false;
        int wordStart = 0;
        String first = "";
        while (i < n) {
            char c = q.charAt(i);
            int end = -1;
            if (c == '|') {
                if (words > 0) {
                    out.add(cur.toString());
                }
                cur.setLength(0);
                words = 0;
                inWord = false;
                first = "";
                i++;
                continue;
            } else if (c == '#') {
                int nl = q.indexOf('\n', i);
                i = nl < 0 ? n : nl;
                continue;
            } else if (c == '\'' || c == '"' || c == '`') {
                end = closing(q, i + 1, c);
            } else if (c == '/' && regexStarts(q, i, cur, first, words, inWord)) {
                end = closing(q, i + 1, '/');
            }
            if (end >= 0) {
                // a literal belongs to the word it touches; its '|' and '#' are text
                if (!inWord) {
                    words++;
                    inWord = true;
                    wordStart = cur.length();
                }
                cur.append(q, i, end);
                i = end;
                continue;
            }
            if (Character.isWhitespace(c)) {
                if (inWord && words == 1) {
                    first = cur.substring(wordStart);
                }
                inWord = false;
            } else if (!inWord) {
                words++;
                inWord = true;
                wordStart = cur.length();
            }
            cur.append(c);
            i++;
        }
        if (words > 0) {
            out.add(cur.toString());
        }
        return out;
    }

    /** The index after the closing {@code quote} (a backslash escapes), or the end of the text. */
    private static int closing(String q, int from, char quote) {
        int n = q.length();
        for (int j = from; j < n; j++) {
            char c = q.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == quote) {
                return j + 1;
            }
        }
        return n;
    }

    /**
     * A '/' opens a regular expression after {@code like}, {@code =~}, '(', ',' or '=', and after the
     * field of {@code parse @message /.../}; elsewhere it divides.
     */
    private static boolean regexStarts(
            String q, int at, StringBuilder command, String first, int words, boolean inWord) {
        if (at + 1 < q.length() && Character.isWhitespace(q.charAt(at + 1))) {
            return false; // "a / b" divides
        }
        if (inWord) {
            // "like/x/" or "a/b": only the keyword like, written right before, opens one
            return command.length() >= 4
                    && words >= 2
                    && command.substring(command.length() - 4).equalsIgnoreCase("like")
                    && (command.length() == 4 || Character.isWhitespace(command.charAt(command.length() - 5)));
        }
        if (words == 0) {
            return true;
        }
        int j = command.length() - 1;
        while (j >= 0 && Character.isWhitespace(command.charAt(j))) {
            j--; // only the whitespace since the last word: each character is passed once
        }
        char p = command.charAt(j);
        if (p == '~' || p == '(' || p == ',' || p == '=') {
            return true;
        }
        int k = j;
        while (k >= 0 && j - k < 4 && Character.isLetter(command.charAt(k))) {
            k--;
        }
        boolean like = j - k == 4
                && (k < 0 || Character.isWhitespace(command.charAt(k)))
                && command.substring(k + 1, j + 1).equalsIgnoreCase("like");
        return like || (words == 2 && first.equalsIgnoreCase("parse"));
    }

    /** The first {@code max} whitespace-separated words of {@code command}. */
    private static List<String> words(CharSequence command, int max) {
        List<String> out = new ArrayList<>(max);
        int n = command.length();
        int i = 0;
        while (i < n && out.size() < max) {
            while (i < n && Character.isWhitespace(command.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(command.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(command.subSequence(start, i).toString());
            }
        }
        return out;
    }
}
