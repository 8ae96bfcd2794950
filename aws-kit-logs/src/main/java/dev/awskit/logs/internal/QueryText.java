package dev.awskit.logs.internal;

import dev.awskit.logs.InsightsQuery.Order;
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

    /**
     * The top-level commands: split at '|' outside quotes, regular expressions and '#' comments. Only
     * the start of each command is kept (its first words are all the runner reads), so one pass over
     * the text holds a few characters of state whatever its length.
     */
    static List<String> commands(String q) {
        List<String> out = new ArrayList<>();
        StringBuilder head = new StringBuilder(); // the command up to its fourth word
        int n = q.length();
        int i = 0;
        int words = 0;
        boolean inWord = false;
        String first = "";
        int wordLength = 0;
        StringBuilder word = new StringBuilder(); // the current word while it is at most 4 characters
        char last = 0; // the last character outside whitespace
        while (i < n) {
            char c = q.charAt(i);
            int end = -1;
            if (c == '|') {
                if (words > 0) {
                    out.add(head.toString());
                }
                head.setLength(0);
                words = 0;
                inWord = false;
                first = "";
                last = 0;
                i++;
                continue;
            } else if (c == '#') {
                int nl = q.indexOf('\n', i);
                i = nl < 0 ? n : nl;
                continue;
            } else if (c == '\'' || c == '"' || c == '`') {
                end = closing(q, i + 1, c);
            } else if (c == '/' && regexStarts(q, i, inWord, words, first, last, wordLength == 4 ? word : null)) {
                end = closing(q, i + 1, '/');
            }
            if (end >= 0) {
                // a literal belongs to the word it touches; its '|' and '#' are text
                if (!inWord) {
                    words++;
                    inWord = true;
                    wordLength = 0;
                    word.setLength(0);
                }
                if (words <= 3) {
                    head.append(q, i, end);
                }
                wordLength += end - i;
                last = q.charAt(end - 1);
                i = end;
                continue;
            }
            if (Character.isWhitespace(c)) {
                if (inWord && words == 1) {
                    first = head.toString().strip();
                }
                inWord = false;
            } else {
                if (!inWord) {
                    words++;
                    inWord = true;
                    wordLength = 0;
                    word.setLength(0);
                }
                if (++wordLength <= 4) {
                    word.append(c);
                }
                last = c;
            }
            if (words <= 3) {
                head.append(c);
            }
            i++;
        }
        if (words > 0) {
            out.add(head.toString());
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
     * field of {@code parse @message /.../}; elsewhere it divides. {@code word} is the last word when
     * it has four characters.
     */
    private static boolean regexStarts(
            String q, int at, boolean inWord, int words, String first, char last, CharSequence word) {
        if (at + 1 < q.length() && Character.isWhitespace(q.charAt(at + 1))) {
            return false; // "a / b" divides
        }
        boolean like = word != null && word.toString().equalsIgnoreCase("like");
        if (inWord) {
            return like && words >= 2; // "like/x/"; "a/b" divides
        }
        if (words == 0) {
            return true;
        }
        return last == '~'
                || last == '('
                || last == ','
                || last == '='
                || like
                || (words == 2 && first.equalsIgnoreCase("parse"));
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
