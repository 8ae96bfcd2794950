package dev.awskit.storage.internal;

import java.util.Comparator;

/**
 * Key order of S3 listings: UTF-8 binary order, which is Unicode code point order. Java's {@link
 * String#compareTo} compares UTF-16 units and disagrees for characters above U+FFFF against
 * U+E000..U+FFFF; this comparator does not.
 */
public final class Keys {
    /** The comparator, for sorting local directory entries like S3 sorts keys. */
    public static final Comparator<String> ORDER = Keys::compare;

    private Keys() {}

    /** Negative, zero or positive as {@code a} sorts before, with or after {@code b} in S3. */
    public static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (x >= 0xD800 && y >= 0xD800) {
                    // surrogates (U+10000 and up) sort after U+E000..U+FFFF in code point order
                    x += (char) (x >= 0xE000 ? -0x800 : 0x2000);
                    y += (char) (y >= 0xE000 ? -0x800 : 0x2000);
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    /**
     * {@code text} for an error message: at most 200 characters, then how long it was (a 1 MB pattern
     * must not make a 1 MB message).
     */
    public static String shown(String text) {
        if (text.length() <= 200) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(199)) ? 199 : 200;
        return text.substring(0, end) + "...(" + text.length() + " characters)";
    }
}
