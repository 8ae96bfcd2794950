package dev.awskit.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded fuzzing of {@link ImageRef#parse}: the expected outcome of every input comes from an
 * oracle written from the reference grammar of the distribution project
 * (https://github.com/distribution/reference/blob/main/reference.go, its regular expressions in
 * regexp.go, and Docker's rule for telling a host from a repository component), restricted as
 * {@code ImageRef} documents (sha256 digests only, surrounding whitespace ignored). A valid
 * reference must parse into the oracle's parts; anything else is an {@link IllegalArgumentException}
 * with a short message; no other exception, ever.
 */
class ImageRefFuzzTest {
    // distribution/reference regexp.go, with the separator "[-]+" of current versions (the older
    // "[-]*" accepts the same language); applied only to inputs of bounded length
    private static final String ALNUM = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|[-]+)";
    private static final String PATH_COMPONENT = ALNUM + "(?:" + SEPARATOR + ALNUM + ")*";
    private static final Pattern PATH = Pattern.compile(PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*");
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern SHA256 = Pattern.compile("sha256:[a-f0-9]{64}");
    /** NameTotalLengthMax in reference.go. */
    private static final int NAME_MAX = 255;

    /** What the grammar says about an input: null when invalid. */
    record Expected(String host, String repository, String tag, String digest) {}

    static Expected oracle(String input) {
        String s = input.trim();
        // a valid reference is at most name 255 + ":" + tag 128 + "@" + digest 71
        if (s.isEmpty() || s.length() > 255 + 1 + 128 + 1 + 71) {
            return null;
        }
        String digest = null;
        int at = s.indexOf('@');
        if (at >= 0) {
            digest = s.substring(at + 1);
            s = s.substring(0, at);
            if (!SHA256.matcher(digest).matches()) {
                return null;
            }
        }
        String tag = null;
        int colon = s.lastIndexOf(':');
        if (colon > s.lastIndexOf('/')) {
            tag = s.substring(colon + 1);
            s = s.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                return null;
            }
        }
        if (s.length() > NAME_MAX) {
            return null;
        }
        String host = null;
        int slash = s.indexOf('/');
        if (slash >= 0) {
            String first = s.substring(0, slash);
            // Docker's splitDockerDomain: a host has a dot or a colon, is localhost, or has upper case
            if (first.contains(".")
                    || first.contains(":")
                    || first.equals("localhost")
                    || !first.equals(first.toLowerCase(java.util.Locale.ROOT))) {
                if (!DOMAIN.matcher(first).matches()) {
                    return null;
                }
                host = first;
                s = s.substring(slash + 1);
            }
        }
        if (!PATH.matcher(s).matches()) {
            return null;
        }
        return new Expected(host, s, tag == null && digest == null ? "latest" : tag, digest);
    }

    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String NOISE = "aZ09.-_/:@[]__--  \t\u00e9%${}*\\\"'\u0000\n";

    private static String pick(Random r, String chars, int min, int max) {
        int n = min + r.nextInt(max - min + 1);
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(chars.charAt(r.nextInt(chars.length())));
        }
        return b.toString();
    }

    private static String component(Random r) {
        StringBuilder b = new StringBuilder(pick(r, LOWER, 1, 6));
        for (int i = r.nextInt(3); i > 0; i--) {
            b.append(new String[] {".", "_", "__", "-", "---"}[r.nextInt(5)]).append(pick(r, LOWER, 1, 5));
        }
        return b.toString();
    }

    private static String host(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> "";
            case 1 -> "localhost/";
            case 2 -> "localhost:" + r.nextInt(70000) + "/";
            case 3 -> "127.0.0." + r.nextInt(256) + ":" + r.nextInt(70000) + "/";
            case 4 -> "[::1]:" + r.nextInt(9999) + "/";
            case 5 -> "Registry" + r.nextInt(9) + "/";
            case 6 ->
                String.format("%012d.dkr.ecr.us-west-2.amazonaws.com/", Math.abs(r.nextLong()) % 1_000_000_000_000L);
            default -> pick(r, LOWER, 1, 8) + "." + pick(r, "abcdefghijklmnopqrstuvwxyz", 2, 5) + "/";
        };
    }

    /** A reference built from the grammar, then sometimes damaged. */
    static String generate(Random r) {
        StringBuilder b = new StringBuilder(host(r));
        int parts = 1 + r.nextInt(3);
        for (int i = 0; i < parts; i++) {
            b.append(i > 0 ? "/" : "").append(component(r));
        }
        if (r.nextInt(3) > 0) {
            b.append(':').append(pick(r, "ABCabc012_", 1, 1)).append(pick(r, "ABCabc012_.-", 0, 10));
        }
        if (r.nextInt(4) == 0) {
            b.append("@sha256:").append(pick(r, "0123456789abcdef", 64, 64));
        }
        for (int m = r.nextInt(4); m > 0 && b.length() > 0; m--) {
            int at = r.nextInt(b.length());
            switch (r.nextInt(4)) {
                case 0 -> b.insert(at, NOISE.charAt(r.nextInt(NOISE.length())));
                case 1 -> b.deleteCharAt(at);
                case 2 -> b.setCharAt(at, NOISE.charAt(r.nextInt(NOISE.length())));
                default -> b.insert(at, b.substring(at, Math.min(b.length(), at + 1 + r.nextInt(300))));
            }
        }
        return b.toString();
    }

    static void check(String input) {
        Expected expected = oracle(input);
        Throwable t = catchThrowable(() -> {
            ImageRef ref = ImageRef.parse(input);
            assertThat(expected)
                    .as("the grammar rejects '%s', but it parsed as %s", input, ref)
                    .isNotNull();
            assertThat(ref.host().orElse(null)).as("host of '%s'", input).isEqualTo(expected.host());
            assertThat(ref.repository()).as("repository of '%s'", input).isEqualTo(expected.repository());
            assertThat(ref.tag().orElse(null)).as("tag of '%s'", input).isEqualTo(expected.tag());
            assertThat(ref.digest().orElse(null)).as("digest of '%s'", input).isEqualTo(expected.digest());
        });
        if (t instanceof AssertionError e) {
            throw e;
        }
        if (t != null) {
            assertThat(t).as("input '%s'", input).isExactlyInstanceOf(IllegalArgumentException.class);
            assertThat(expected)
                    .as("the grammar accepts '%s', but: %s", input, t.getMessage())
                    .isNull();
            assertThat(t.getMessage()).isNotBlank().hasSizeLessThan(1_000);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void parse_ofGeneratedReferences_agreesWithTheGrammar(long seed) {
        Random r = new Random(seed);
        int valid = 0;
        for (int i = 0; i < 1_000; i++) {
            String input = generate(r);
            check(input);
            valid += oracle(input) != null ? 1 : 0;
        }
        // the generator must exercise both sides
        assertThat(valid).isBetween(200, 900);
    }

    @Test
    void parse_ofKnownCases_agreesWithTheGrammar() {
        List<String> cases = new ArrayList<>(List.of(
                "app",
                "app:1",
                "Foo/app",
                "foo/app",
                "localhost/app",
                "localhost:5000/app:1",
                "[::1]:5000/app",
                "[::1]/app",
                "[zz]/app",
                "example.com:/app",
                "example.com:5x/app",
                "-a.com/app",
                "a-.com/app",
                "a..com/app",
                "a.com/",
                "a.com//app",
                "a/b/",
                "a__b",
                "a___b",
                "a._b",
                "a--b",
                "a-",
                "_a",
                "app:",
                "app:-x",
                "app:x@",
                "app@sha256:" + "A".repeat(64),
                "app@sha512:" + "a".repeat(128),
                "app@sha256:" + "a".repeat(64) + "@x",
                " app:1 ",
                "example.com/app:1@sha256:" + "f".repeat(64),
                "host:5000",
                "a".repeat(255),
                "a".repeat(256),
                "a.com/" + "b".repeat(249),
                "a.com/" + "b".repeat(250),
                "app:" + "t".repeat(128),
                "app:" + "t".repeat(129)));
        cases.forEach(ImageRefFuzzTest::check);
    }

    @Test
    void parse_ofOneMegabyte_failsFastWithAShortMessage() {
        int mb = 1 << 20;
        List<String> huge = List.of(
                "a".repeat(mb),
                "a.".repeat(mb / 2) + "!",
                "a-".repeat(mb / 2) + "-!",
                "a/".repeat(mb / 2),
                "example.com/" + "a__b".repeat(mb / 4) + ":1",
                "app:" + "t".repeat(mb),
                "app@sha256:" + "a".repeat(mb),
                "[" + ":".repeat(mb) + "]/app",
                "a.".repeat(mb / 2) + "com/app",
                " ".repeat(mb) + "app" + " ".repeat(mb));
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> huge.forEach(ImageRefFuzzTest::check));
    }
}
