package dev.awskit.core.internal;

/** Small text helpers for messages built from user input. */
public final class Texts {
    /** Longest piece of user input a message echoes. */
    public static final int MAX_ECHO = 80;

    private Texts() {}

    /**
     * {@code value} for a message: at most {@value #MAX_ECHO} characters (then {@code "...(N
     * chars)"}), control characters shown as {@code ?}, so a pasted megabyte or a newline never
     * lands in a log line whole.
     */
    public static String clip(String value) {
        return clip(value, MAX_ECHO);
    }

    /**
     * How a fluent operation prints in JShell, the same for every module: {@code Sync{./site ->
     * s3://web, exclude [*.tmp], not run: call run()}} before its first {@code run()}, then {@code
     * Sync{./site -> s3://web, exclude [*.tmp], run 1 time}}. {@code what} says what it would do
     * and never holds a secret.
     */
    public static String operation(String type, String what, int runs) {
        return operation(type, what, runs, "run");
    }

    /** {@link #operation(String, String, int)} for an operation whose last call is {@code verb()}. */
    public static String operation(String type, String what, int runs, String verb) {
        return type + "{" + what
                + (runs == 0 ? ", not run: call " + verb + "()" : ", run " + runs + (runs == 1 ? " time" : " times"))
                + "}";
    }

    /**
     * How a builder of a long-lived object prints: {@code KinesisProducer.Builder{stream events,
     * maxBufferedTime=PT1S, build() makes it}}. {@code what} never holds a secret.
     */
    public static String builder(String type, String what) {
        return type + "{" + what + ", build() makes it}";
    }

    /** {@link #clip(String)} with another limit. */
    public static String clip(String value, int max) {
        if (value == null) {
            return "null";
        }
        String v = value.length() > max ? value.substring(0, max) : value;
        StringBuilder b = new StringBuilder(v.length() + 16);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        if (value.length() > max) {
            b.append("...(").append(value.length()).append(" chars)");
        }
        return b.toString();
    }

    /**
     * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions, so {@code
     * kinesys}/{@code kinesis} and {@code s3/3s} are one edit). Quadratic: callers bound the lengths.
     */
    public static int editDistance(String a, String b) {
        int n = a.length();
        int m = b.length();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[n][m];
    }
}
