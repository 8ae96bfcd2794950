package dev.awskit.storage.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The ordered {@code --exclude} / {@code --include} rules of a sync, with the AWS CLI's semantics:
 * every path is included by default; each rule whose pattern matches the path (relative to the
 * root of its side) sets the decision; the last matching rule wins.
 */
public final class Filters {
    private static final Filters NONE = new Filters(List.of());

    private final Rule[] rules;
    private final boolean canPrune;

    /** One rule: include or exclude, and its compiled pattern. */
    public record Rule(boolean include, Glob glob) {
        @Override
        public String toString() {
            return (include ? "include " : "exclude ") + glob.pattern();
        }
    }

    private Filters(List<Rule> rules) {
        this.rules = rules.toArray(new Rule[0]);
        boolean prune = false;
        for (int i = 0; i < this.rules.length; i++) {
            prune |= pruneCapable(i);
        }
        this.canPrune = prune;
    }

    public static Filters none() {
        return NONE;
    }

    /** Filters from rules in the order they were given. */
    public static Filters of(List<Rule> rules) {
        return rules.isEmpty() ? NONE : new Filters(List.copyOf(rules));
    }

    /** A builder-friendly helper: {@code exclude("datasets/*")}. */
    public static Rule exclude(String pattern) {
        return new Rule(false, Glob.compile(normalize(pattern)));
    }

    public static Rule include(String pattern) {
        return new Rule(true, Glob.compile(normalize(pattern)));
    }

    /**
     * Checks a pattern and strips a leading {@code ./} (the CLI would join it to the root as
     * {@code root/./x}, which matches nothing; the intent is plainly {@code x}).
     *
     * @throws IllegalArgumentException for an empty pattern, a leading {@code /}, a {@code ..}
     *     segment or a NUL character, naming the pattern and the expected form
     */
    public static String normalize(String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            throw new IllegalArgumentException(
                    "Invalid filter pattern '': a pattern must not be empty; use e.g. \"*.tmp\" or \"datasets/*\"");
        }
        String p = pattern;
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        if (p.isEmpty()) {
            throw new IllegalArgumentException("Invalid filter pattern '" + Keys.shown(pattern)
                    + "': it names the root itself; use \"*\" to match everything");
        }
        if (p.startsWith("/")) {
            throw new IllegalArgumentException("Invalid filter pattern '" + Keys.shown(pattern)
                    + "': patterns are relative to the source and destination roots; remove the leading '/'"
                    + " (e.g. \"" + Keys.shown(p.replaceFirst("^/+", "")) + "\")");
        }
        if (p.equals("..") || p.startsWith("../") || p.contains("/../") || p.endsWith("/..")) {
            throw new IllegalArgumentException("Invalid filter pattern '" + Keys.shown(pattern)
                    + "': patterns are relative to the roots and cannot leave them with '..'");
        }
        if (p.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("Invalid filter pattern '" + Keys.shown(pattern.replace("\0", "\\0"))
                    + "': it contains a NUL character");
        }
        return p;
    }

    public List<Rule> rules() {
        return List.of(rules);
    }

    /** Whether some rule could exclude a whole directory (an exclude ending in {@code *}). */
    public boolean canPrune() {
        return canPrune;
    }

    public boolean isEmpty() {
        return rules.length == 0;
    }

    /** Whether {@code path} (relative to its root, {@code /}-separated) takes part in the sync. */
    public boolean includes(String path) {
        for (int i = rules.length - 1; i >= 0; i--) {
            if (rules[i].glob().matches(path)) {
                return rules[i].include();
            }
        }
        return true;
    }

    /**
     * Whether every path under directory {@code prefix} (ending with {@code /}) is excluded, so the
     * directory need not be listed or walked at all.
     */
    public boolean excludesAllUnder(String prefix) {
        if (!canPrune) {
            return false;
        }
        for (int i = rules.length - 1; i >= 0; i--) {
            Rule r = rules[i];
            if (r.include()) {
                if (r.glob().canMatchUnder(prefix)) {
                    return false;
                }
            } else if (r.glob().coversPrefix(prefix)) {
                return true;
            }
        }
        return false;
    }

    private boolean pruneCapable(int i) {
        Rule r = rules[i];
        if (r.include() || !r.glob().endsWithStar()) {
            return false;
        }
        for (int j = i + 1; j < rules.length; j++) {
            if (rules[j].include() && rules[j].glob().startsWithStar()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        List<String> s = new ArrayList<>();
        for (Rule r : rules) {
            s.add(r.toString());
        }
        return s.toString();
    }
}
