package dev.awskit.ecs.internal;

/** How a user's value appears in a finding: quoted and cut short, so a 5 MB value never fills a report. */
public final class Shown {
    static final int MAX = 80;

    private Shown() {}

    /** {@code 'value'}, or its first characters and the length when it is long. */
    public static String value(String v) {
        if (v == null) {
            return "null";
        }
        if (v.length() <= MAX) {
            return "'" + v + "'";
        }
        return "'" + v.substring(0, MAX - 3) + "...' (" + v.length() + " characters)";
    }
}
