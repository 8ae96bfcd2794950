package dev.awskit.ecs.internal;

import java.util.Set;

/**
 * Finds an unrendered template placeholder in a value, in one linear pass (the regular expression
 * it replaces, {@code <X>|\$\{[^}]*}|\{\{[^}]*}}}, backtracked quadratically on an unclosed {@code ${}
 * or <code>{{</code>: 64 K characters took seconds, 5 MB hours).
 *
 * <p>Recognised: {@code <NAME>}, {@code ${NAME}}, <code>{{NAME}}</code> and all-caps snake-case words
 * that name what to fill in ({@code ACCOUNT_ID}, {@code YOUR_REGION}, {@code REPLACED_BY_CI},
 * {@code CHANGE_ME}): a word of at least two parts, one of which is in {@link #WORDS}.
 */
public final class Placeholders {
    /** Parts of an all-caps word that mark it as something to fill in. */
    static final Set<String> WORDS = Set.of(
            "ACCOUNT",
            "YOUR",
            "REGION",
            "REPLACE",
            "REPLACED",
            "REPLACEME",
            "CHANGE",
            "CHANGEME",
            "PLACEHOLDER",
            "TODO",
            "FIXME",
            "TBD",
            "INSERT");

    private Placeholders() {}

    /** The first placeholder in {@code value}, or null. */
    public static String find(String value) {
        int n = value.length();
        // first '}' at or after a position, found by a pointer that only moves forward
        int close = -1;
        for (int i = 0; i < n; i++) {
            char ch = value.charAt(i);
            if (ch == '<') {
                int end = angle(value, i);
                if (end > 0) {
                    return value.substring(i, end);
                }
            } else if (ch == '$' && i + 1 < n && value.charAt(i + 1) == '{') {
                if (close < i + 2) {
                    close = value.indexOf('}', i + 2);
                    if (close < 0) {
                        close = n; // no '}' anywhere after: no later "${" closes either
                    }
                }
                if (close < n) {
                    return value.substring(i, close + 1);
                }
            } else if (ch == '{' && i + 1 < n && value.charAt(i + 1) == '{') {
                if (close < i + 2) {
                    close = value.indexOf('}', i + 2);
                    if (close < 0) {
                        close = n;
                    }
                }
                if (close + 1 < n && value.charAt(close + 1) == '}') {
                    return value.substring(i, close + 2);
                }
            } else if (ch >= 'A' && ch <= 'Z' && (i == 0 || !isWordChar(value.charAt(i - 1)))) {
                int end = i;
                while (end < n && isWordChar(value.charAt(end))) {
                    end++;
                }
                if (capsPlaceholder(value, i, end)) {
                    return value.substring(i, end);
                }
                i = end - 1; // the word is consumed: each character is looked at once
            }
        }
        return null;
    }

    /** Whether {@code value} holds a placeholder. */
    public static boolean has(String value) {
        return value != null && find(value) != null;
    }

    /** End (exclusive) of {@code <[A-Za-z_][A-Za-z0-9_ .-]*>} starting at {@code i}, or -1. */
    private static int angle(String value, int i) {
        int n = value.length();
        int j = i + 1;
        if (j >= n || !(Character.isLetter(value.charAt(j)) && value.charAt(j) < 128 || value.charAt(j) == '_')) {
            return -1;
        }
        j++;
        while (j < n) {
            char c = value.charAt(j);
            if (c == '>') {
                return j + 1;
            }
            boolean ok = c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == ' ' || c == '.' || c == '-');
            if (!ok) {
                return -1; // the characters scanned hold no '<', so the scans never overlap
            }
            j++;
        }
        return -1;
    }

    private static boolean isWordChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_');
    }

    /** {@code [A-Z][A-Z0-9]*(_[A-Z0-9]+)+} with a part in WORDS, or one of the one-part words. */
    private static boolean capsPlaceholder(String value, int from, int to) {
        if (to - from > 64) {
            return false;
        }
        String word = value.substring(from, to);
        for (int k = 0; k < word.length(); k++) {
            char c = word.charAt(k);
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        if (word.equals("CHANGEME") || word.equals("REPLACEME") || word.equals("PLACEHOLDER")) {
            return true;
        }
        String[] parts = word.split("_", -1);
        if (parts.length < 2) {
            return false;
        }
        boolean marked = false;
        for (String p : parts) {
            if (p.isEmpty()) {
                return false;
            }
            marked |= WORDS.contains(p);
        }
        return marked;
    }
}
