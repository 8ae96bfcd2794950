package dev.awskit.testing;

import java.util.Locale;
import java.util.Objects;

/**
 * Access key ids of the real shape, built at run time for the few tests whose code under test looks
 * at the shape.
 *
 * <p>Why a class for this: a literal made of {@code AKIA} and 16 upper-case letters or digits (AWS's
 * documented examples included) reads like a leaked key to every secret scanner and every reviewer,
 * so the repository holds none. Where the shape does not matter (a kit's static test credentials, a
 * credentials file the parser reads), tests use plain names such as {@code "awskit-test-key"}. Where
 * it does, they call this class:
 *
 * <ul>
 *   <li>aws-kit-ecs's validator reports an environment value that holds an access key id
 *       ({@code AKIA} or {@code ASIA} and 16 more); its tests need a value it must recognise;
 *   <li>aws-kit-iam's rotation refuses a session key ({@code ASIA...}) it cannot rotate.
 * </ul>
 *
 * <p>The value is the prefix, the label in upper case and {@code 0}s up to 16 characters:
 * {@code longTerm("old")} is {@code "AKIA" + "OLD0000000000000"}.
 */
public final class TestKeys {
    private static final int BODY = 16;

    private TestKeys() {}

    /** A long-term (IAM user) access key id: {@code AKIA} + 16 characters made from {@code label}. */
    public static String longTerm(String label) {
        return "AKIA" + body(label);
    }

    /** A temporary (STS session) access key id: {@code ASIA} + 16 characters made from {@code label}. */
    public static String session(String label) {
        return "ASIA" + body(label);
    }

    private static String body(String label) {
        Objects.requireNonNull(label, "label");
        String upper = label.toUpperCase(Locale.ROOT);
        if (upper.isEmpty() || upper.length() > BODY || !upper.chars().allMatch(TestKeys::isKeyChar)) {
            throw new IllegalArgumentException("label must be 1 to " + BODY
                    + " letters A-Z or digits (an access key id's characters), got '" + label + "'");
        }
        return upper + "0".repeat(BODY - upper.length());
    }

    private static boolean isKeyChar(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
