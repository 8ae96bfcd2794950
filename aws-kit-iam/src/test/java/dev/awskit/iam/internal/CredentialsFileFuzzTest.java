package dev.awskit.iam.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * Seeded fuzzing of {@link CredentialsFile} against the AWS SDK's own profile parser as the oracle:
 * every input either parses as the SDK reads it (same profiles, same properties), round-trips byte
 * for byte, and takes a key change touching nothing else; or is rejected with an {@link
 * IllegalArgumentException} with a message, exactly where the SDK rejects it too (or for a
 * byte-order mark or bytes that are not UTF-8). Never another exception.
 */
class CredentialsFileFuzzTest {
    private static final String[] NAMES = {
        "default",
        "dev",
        "prod-eu",
        "a.b",
        "x/y",
        "p%1",
        "me@work",
        "",
        "bad name",
        "a:b+c",
        "sso-session s",
        "équipe",
        "tab\tname",
        "[x",
        "a]b"
    };
    private static final String[] KEYS = {
        "aws_access_key_id",
        "aws_secret_access_key",
        "AWS_ACCESS_KEY_ID",
        "region",
        "s3",
        "aws_session_token",
        "k$",
        "a b",
        "x.y",
        ""
    };
    private static final String[] VALUES = {
        "awskit-test-key", "awskit-test/secret+value", "", "v;x", "v#x", "a = b", "ünï ✓", "\u000b", "=", "v \\", "🔑"
    };
    private static final String[] SPACES = {"", " ", "  ", "\t", " \t ", "\f", "\u00a0"};
    private static final String[] COMMENTS = {"", " # c", " ; c", "\t# c", "# c", ";c", " #", "   ; x = y"};
    private static final String[] EOLS = {"\n", "\r\n", "\r"};

    private static String pick(Random r, String[] a) {
        return a[r.nextInt(a.length)];
    }

    private static String line(Random r) {
        return switch (r.nextInt(12)) {
            case 0, 1 ->
                "[" + pick(r, SPACES) + pick(r, NAMES) + pick(r, SPACES) + (r.nextInt(10) == 0 ? "" : "]")
                        + pick(r, COMMENTS);
            case 2, 3, 4, 5 ->
                pick(r, KEYS)
                        + pick(r, SPACES)
                        + (r.nextInt(15) == 0 ? "" : "=")
                        + pick(r, SPACES)
                        + pick(r, VALUES)
                        + pick(r, SPACES)
                        + pick(r, COMMENTS);
            case 6 ->
                (r.nextBoolean() ? " " : "\t")
                        + pick(r, SPACES)
                        + (r.nextBoolean() ? pick(r, VALUES) : "# note")
                        + pick(r, COMMENTS);
            case 7 -> (r.nextBoolean() ? "#" : ";") + pick(r, VALUES);
            case 8 -> pick(r, SPACES);
            case 9 -> pick(r, SPACES) + "# indented comment";
            case 10 -> randomChars(r, r.nextInt(12));
            default -> "";
        };
    }

    private static String randomChars(Random r, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(10);
            b.append(
                    kind < 6
                            ? (char) (' ' + r.nextInt(95))
                            : kind < 8 ? (char) r.nextInt(32) : (char) (0xa0 + r.nextInt(0x2000)));
        }
        return b.toString().replace("\n", "").replace("\r", "");
    }

    static byte[] input(Random r) {
        StringBuilder b = new StringBuilder();
        if (r.nextInt(4) > 0) {
            b.append('[').append(pick(r, new String[] {"dev", "default", "ci"})).append("]\n");
        }
        int lines = r.nextInt(14);
        for (int i = 0; i < lines; i++) {
            b.append(line(r));
            if (i < lines - 1 || r.nextBoolean()) {
                b.append(pick(r, EOLS));
            }
        }
        byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
        int twist = r.nextInt(40);
        if (twist == 0) {
            byte[] bom = new byte[bytes.length + 3];
            bom[0] = (byte) 0xEF;
            bom[1] = (byte) 0xBB;
            bom[2] = (byte) 0xBF;
            System.arraycopy(bytes, 0, bom, 3, bytes.length);
            return bom;
        }
        if (twist == 1 && bytes.length > 0) {
            bytes[r.nextInt(bytes.length)] = (byte) (0x80 + r.nextInt(0x40)); // most likely not UTF-8 now
        }
        return bytes;
    }

    private static boolean isUtf8WithoutBom(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
            return false;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    private static Map<String, Map<String, String>> sdk(byte[] b) {
        ProfileFile f = ProfileFile.builder()
                .content(new ByteArrayInputStream(b))
                .type(ProfileFile.Type.CREDENTIALS)
                .build();
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        f.profiles().forEach((name, p) -> m.put(name, p.properties()));
        return m;
    }

    /** Checks one input; returns whether the kit accepted it. */
    static boolean check(byte[] in, Random r, String label) {
        Map<String, Map<String, String>> sdk;
        RuntimeException sdkRejected = null;
        try {
            sdk = sdk(in);
        } catch (IllegalArgumentException e) {
            sdk = null;
            sdkRejected = e;
        } catch (StringIndexOutOfBoundsException e) {
            // the SDK's own bug on a line that is just "[": it fails, just not with the usual exception
            sdk = null;
            sdkRejected = e;
        }
        CredentialsFile ours;
        try {
            ours = CredentialsFile.parse(in);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).as(label).isNotBlank();
            if (isUtf8WithoutBom(in)) {
                assertThat(sdkRejected)
                        .as("%s: the kit rejected (%s) what the SDK reads", label, e.getMessage())
                        .isNotNull();
                assertThat(e.getMessage()).as(label).endsWith("; the AWS SDKs reject the file");
            }
            return false;
        } catch (RuntimeException | StackOverflowError e) {
            fail(label + ": " + e, e);
            return false;
        }
        assertThat(sdkRejected)
                .as("%s: the SDK rejects what the kit read", label)
                .isNull();
        assertThat(ours.toBytes()).as("%s round trip", label).isEqualTo(in);
        Map<String, Map<String, String>> all = ours.all();
        assertThat(all.keySet()).as(label).containsExactlyInAnyOrderElementsOf(sdk.keySet());
        for (String p : all.keySet()) {
            assertSame(all.get(p), sdk.get(p), label + " profile " + p);
        }
        if (all.isEmpty()) {
            return true;
        }
        // a rotation's write: two values of one profile; every other profile unchanged for the SDK
        List<String> names = new ArrayList<>(all.keySet());
        String target = names.get(r.nextInt(names.size()));
        String id = "AKIANEW" + Integer.toString(r.nextInt(1 << 20), 36).toUpperCase(java.util.Locale.ROOT);
        String secret = "new/Secret+" + r.nextInt(1000);
        try {
            ours.set(target, CredentialsFile.ACCESS_KEY_ID, id).set(target, CredentialsFile.SECRET_ACCESS_KEY, secret);
        } catch (IllegalArgumentException e) {
            fail(label + ": set refused a valid value: " + e.getMessage(), e);
        }
        byte[] out = ours.toBytes();
        Map<String, Map<String, String>> after = sdk(out);
        assertThat(after.keySet()).as(label).containsExactlyInAnyOrderElementsOf(sdk.keySet());
        for (String p : names) {
            Map<String, String> expected = new LinkedHashMap<>(sdk.get(p));
            if (p.equals(target)) {
                expected.keySet()
                        .removeIf(k -> k.startsWith(CredentialsFile.ACCESS_KEY_ID + ".")
                                || k.startsWith(CredentialsFile.SECRET_ACCESS_KEY + "."));
                expected.put(CredentialsFile.ACCESS_KEY_ID, id);
                expected.put(CredentialsFile.SECRET_ACCESS_KEY, secret);
            }
            assertThat(after.get(p)).as("%s profile %s after set", label, p).isEqualTo(expected);
        }
        assertKeptLines(in, out, id, secret, label);
        return true;
    }

    /**
     * The output's lines without the new values are the input's lines in the same order, less some
     * indented lines (continuations of a replaced value) and lines with an '=' (replaced values):
     * no comment, header or blank line is lost.
     */
    private static void assertKeptLines(byte[] in, byte[] out, String id, String secret, String label) {
        List<String> a = lines(new String(in, StandardCharsets.UTF_8));
        List<String> b = lines(new String(out, StandardCharsets.UTF_8));
        b.removeIf(l -> l.contains(id) || l.contains(secret));
        int i = 0;
        for (String l : b) {
            while (i < a.size() && !a.get(i).equals(l)) {
                String dropped = a.get(i).strip();
                assertThat(a.get(i).startsWith(" ")
                                || a.get(i).startsWith("\t")
                                || a.get(i).contains("="))
                        .as("%s: dropped line %s of %s, giving %s", label, dropped, show(in), show(out))
                        .isTrue();
                i++;
            }
            assertThat(i).as("%s: output line %s is not in the input", label, l).isLessThan(a.size());
            i++;
        }
    }

    private static String show(byte[] b) {
        return new String(b, StandardCharsets.UTF_8)
                .replace("\r", "\\r")
                .replace("\n", "\\n")
                .replace("\t", "\\t");
    }

    private static List<String> lines(String s) {
        List<String> out = new ArrayList<>();
        for (String l : s.split("\r\n|\r|\n", -1)) {
            out.add(l);
        }
        // a line added after a last line without an ending gives that line one
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    /** Equal, but for the entries the SDK derives from sub-properties ({@code s3 =\n  x = 1}). */
    private static void assertSame(Map<String, String> ours, Map<String, String> sdk, String label) {
        Map<String, String> raw = new LinkedHashMap<>(sdk);
        raw.keySet()
                .removeIf(k -> !ours.containsKey(k)
                        && k.contains(".")
                        && ours.getOrDefault(k.substring(0, k.lastIndexOf('.')), "x")
                                .startsWith("\n"));
        assertThat(ours).as(label).isEqualTo(raw);
    }

    @ParameterizedTest
    @ValueSource(longs = {1L, 7L, 42L})
    void fuzz_everyInputParsesAsTheSdkReadsItOrIsRejectedWithAMessage(long seed) {
        Random r = new Random(seed);
        int accepted = 0;
        for (int i = 0; i < 1500; i++) {
            byte[] in = input(r);
            if (check(in, r, "seed " + seed + " input " + i)) {
                accepted++;
            }
        }
        // the generator must exercise both sides
        assertThat(accepted).isBetween(150, 1350);
    }

    @Test
    void fuzz_aOneMegabyteFileParsesRoundTripsAndTakesAKeyChange() {
        Random r = new Random(3);
        StringBuilder b = new StringBuilder();
        int n = 0;
        while (b.length() < 1_000_000) {
            b.append("# profile ").append(n).append('\n');
            b.append("[p").append(n).append("]\n");
            b.append("aws_access_key_id = AKIA").append(n).append(r.nextBoolean() ? "\r\n" : "\n");
            b.append("aws_secret_access_key=s").append(n).append("   ; note\n");
            if (n % 5 == 0) {
                b.append("  # an indented line continues the secret\n");
            }
            n++;
        }
        byte[] in = b.toString().getBytes(StandardCharsets.UTF_8);
        int profiles = n;
        // a hang guard, not a speed claim (speed belongs in a benchmark)
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            CredentialsFile f = CredentialsFile.parse(in);
            assertThat(f.toBytes()).isEqualTo(in);
            assertThat(f.all()).hasSize(profiles);
            assertThat(f.profilesWithAccessKey("AKIA" + (profiles / 2))).containsExactly("p" + (profiles / 2));
            f.set("p" + (profiles / 2), CredentialsFile.ACCESS_KEY_ID, "AKIANEW");
            assertThat(f.get("p" + (profiles / 2), CredentialsFile.ACCESS_KEY_ID))
                    .contains("AKIANEW");
        });
        assertThat(CredentialsFile.parse(in).get("p5", CredentialsFile.SECRET_ACCESS_KEY))
                .contains("s5\n# an indented line continues the secret");
    }

    @Test
    void fuzz_aOneMegabyteLineIsReadOrRejectedQuickly() {
        String longValue = "x".repeat(1_000_000);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThat(CredentialsFile.parse(("[a]\nk = " + longValue + "\n").getBytes(StandardCharsets.UTF_8))
                            .get("a", "k"))
                    .contains(longValue);
            check(("[" + longValue).getBytes(StandardCharsets.UTF_8), new Random(1), "long header");
            check((longValue + " #").getBytes(StandardCharsets.UTF_8), new Random(1), "long garbage");
        });
    }
}
