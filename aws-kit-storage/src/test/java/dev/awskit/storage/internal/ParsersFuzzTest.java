package dev.awskit.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Bounded fuzzing of the parsers of user input: filter patterns and sync locations. Seeded (a
 * failure names its seed and input); a few thousand inputs per run. Each input gives a value or an
 * {@link IllegalArgumentException} with a message, never another exception. The timeouts are hang
 * guards, not speed claims.
 */
class ParsersFuzzTest {
    // a hang guard only: before the fix a 1 MB pattern took minutes; on an idle machine each of these
    // inputs takes well under a second, but the shared 2-core CI machines run at load 20-30
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);
    private static final String PATTERN_ALPHABET = "ab/.*?[]!-\\ _\0é\uD83D\uDE00\uD800";
    private static final String LOCATION_ALPHABET = "s3:/abc.-_Z9 \0%*?\\..é";

    static String random(Random r, String alphabet, int maxLength) {
        int n = r.nextInt(maxLength + 1);
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** A value, or an IllegalArgumentException with a message; anything else fails with the input. */
    static void valueOrIae(String what, String input, Runnable parse) {
        try {
            parse.run();
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage())
                    .as("message of the IAE for %s %s", what, show(input))
                    .isNotBlank();
            assertThat(e.getMessage().length())
                    .as("message length for %s of %d chars", what, input.length())
                    .isLessThan(2_000);
        } catch (RuntimeException e) {
            throw new AssertionError(what + " " + show(input) + " threw " + e, e);
        }
    }

    static String show(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "...(" + s.length() + " chars)" : s;
        return "'" + t.replace("\0", "\\0") + "'";
    }

    @Test
    void patterns_random_giveAGlobOrAnIllegalArgumentException_andMatchWithoutThrowing() {
        Random r = new Random(20261203);
        for (int i = 0; i < 4000; i++) {
            String pattern = random(r, PATTERN_ALPHABET, 24);
            String path = random(r, "ab/.é\uD83D\uDE00", 20);
            boolean include = r.nextBoolean();
            valueOrIae("pattern", pattern, () -> {
                Filters.Rule rule = include ? Filters.include(pattern) : Filters.exclude(pattern);
                Filters f = Filters.of(java.util.List.of(rule));
                f.includes(path);
                f.excludesAllUnder(path.endsWith("/") ? path : path + "/");
            });
        }
    }

    @Test
    void patterns_withoutSets_matchLikeAnIndependentRegexTranslation() {
        // fnmatch: '*' any run (also '/'), '?' one character (a code point); everything else literal
        Random r = new Random(77);
        for (int i = 0; i < 4000; i++) {
            String pattern = random(r, "ab*?/\uD83D\uDE00", 10);
            String path = random(r, "ab/\uD83D\uDE00", 12);
            if (pattern.isEmpty() || pattern.startsWith("/") || pattern.startsWith("./")) {
                continue;
            }
            StringBuilder re = new StringBuilder();
            pattern.codePoints()
                    .forEach(cp -> re.append(
                            cp == '*' ? ".*" : cp == '?' ? "." : Pattern.quote(new String(Character.toChars(cp)))));
            boolean expected =
                    Pattern.compile(re.toString(), Pattern.DOTALL).matcher(path).matches();
            assertThat(Glob.compile(pattern).matches(path))
                    .as("%s against %s", show(pattern), show(path))
                    .isEqualTo(expected);
        }
    }

    @Test
    void locations_random_giveALocationOrAnIllegalArgumentException() {
        Random r = new Random(4242);
        for (int i = 0; i < 4000; i++) {
            String text = (r.nextInt(3) == 0 ? "s3://" : "") + random(r, LOCATION_ALPHABET, 30);
            valueOrIae("location", text, () -> {
                Location l = Location.parse(text);
                if (l.isS3()) {
                    assertThat(l.bucket()).isNotEmpty();
                    assertThat(l.prefix()).satisfiesAnyOf(p -> assertThat(p).isEmpty(), p -> assertThat(p)
                            .endsWith("/"));
                    l.display("k");
                }
            });
        }
    }

    @Test
    void aOneMegabytePattern_isCompiledAndMatchedWithinTheHangGuard() {
        String[] shapes = {
            "[".repeat(1 << 20), // every '[' unclosed: a literal each
            "*a".repeat(1 << 19) + "b",
            "[" + "ab".repeat(1 << 19) + "]*",
            "a?".repeat(1 << 19),
            "[!" + "z-a".repeat(1000) + "]", // reversed ranges: an IAE, with a short message
            "*".repeat(1 << 20) + "x",
            "x/".repeat(1 << 19) + "*"
        };
        String longPath = "a".repeat(1024) + "/" + "ab".repeat(500) + ".txt";
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            for (String p : shapes) {
                valueOrIae("pattern", p, () -> {
                    Filters.Rule rule = Filters.exclude(p);
                    Filters f = Filters.of(java.util.List.of(rule, Filters.include("*.txt")));
                    f.includes(longPath);
                    f.includes("a");
                    f.excludesAllUnder("a".repeat(1024) + "/");
                    Filters.of(java.util.List.of(rule)).excludesAllUnder("x/".repeat(2000));
                });
            }
        });
    }

    @Test
    void aPathologicalPattern_againstALongPath_isMatchedWithinTheHangGuard() {
        // exponential for a backtracking matcher; a greedy star matcher is O(path x pattern) at worst
        String pattern = "*a".repeat(5000) + "*b";
        String path = "a".repeat(200_000);
        Glob g = Glob.compile(pattern);
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            assertThat(g.matches(path)).isFalse();
            assertThat(g.matches(path + "b")).isTrue();
            assertThat(Glob.compile("*" + "a".repeat(2000) + "b").matches(path)).isFalse();
            assertThat(g.coversPrefix("a".repeat(4000) + "/")).isFalse();
        });
    }

    @Test
    void aOneMegabyteLocation_isParsedWithinTheHangGuard() {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            valueOrIae("location", "s3://" + "a".repeat(1 << 20), () -> Location.parse("s3://" + "a".repeat(1 << 20)));
            valueOrIae(
                    "location",
                    "s3://bucket/" + "k/".repeat(1 << 19),
                    () -> Location.parse("s3://bucket/" + "k/".repeat(1 << 19)));
            valueOrIae("location", "x/".repeat(1 << 19), () -> Location.parse("x/".repeat(1 << 19)));
        });
    }
}
