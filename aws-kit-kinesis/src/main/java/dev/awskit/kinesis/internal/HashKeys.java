package dev.awskit.kinesis.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Kinesis hash keys as two unsigned longs. Kinesis maps a record to a shard by its hash key, a
 * 128-bit unsigned integer: the explicit hash key when one is given (a decimal string), else the MD5
 * digest of the UTF-8 partition key read as a big-endian unsigned number. Each shard owns a closed
 * range {@code [StartingHashKey, EndingHashKey]}.
 */
public final class HashKeys {
    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(HashKeys::newMd5);

    private HashKeys() {}

    public static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no MD5, which every Java SE platform must provide", e);
        }
    }

    /**
     * The thread's MD5 instance. {@code digest()} leaves it reset, so callers must always finish
     * with {@code digest()} (no exception can happen between {@code update} and {@code digest}).
     */
    public static MessageDigest md5() {
        return MD5.get();
    }

    /** The hash key of a partition key: {hi, lo} of MD5(UTF-8 bytes). */
    public static long[] ofPartitionKey(byte[] partitionKeyUtf8) {
        byte[] d = md5().digest(partitionKeyUtf8);
        return new long[] {readLong(d, 0), readLong(d, 8)};
    }

    public static long[] ofPartitionKey(String partitionKey) {
        return ofPartitionKey(partitionKey.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Parses an explicit hash key.
     *
     * @throws IllegalArgumentException when it is not a decimal integer in {@code [0, 2^128 - 1]}
     */
    public static long[] parse(String decimal) {
        // Kinesis's own pattern (PutRecords API reference): 0|([1-9]\d{0,38}), ASCII digits only;
        // BigInteger alone would also take "+1", "007" and non-ASCII digits, which Kinesis rejects
        if (!isCanonicalDecimal(decimal)) {
            throw new IllegalArgumentException("explicitHashKey '" + shown(decimal)
                    + "' must be a decimal integer in [0, 2^128 - 1] without sign or leading zeros"
                    + " (e.g. \"0\" or a shard's StartingHashKey)");
        }
        BigInteger v = new BigInteger(decimal);
        if (v.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(
                    "explicitHashKey " + decimal + " is outside the hash key range [0, 2^128 - 1]");
        }
        return fromBigInteger(v);
    }

    private static boolean isCanonicalDecimal(String s) {
        int n = s.length();
        if (n == 0 || n > 39 || (n > 1 && s.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** A value for a message: at most 64 characters of it. */
    static String shown(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "... (" + s.length() + " characters)";
    }

    public static long[] fromBigInteger(BigInteger v) {
        return new long[] {v.shiftRight(64).longValue(), v.longValue()};
    }

    public static BigInteger toBigInteger(long hi, long lo) {
        byte[] b = new byte[17];
        writeLong(b, 1, hi);
        writeLong(b, 9, lo);
        return new BigInteger(b);
    }

    public static String toDecimal(long hi, long lo) {
        return toBigInteger(hi, lo).toString();
    }

    /** Unsigned comparison of two 128-bit keys. */
    public static int compare(long hi1, long lo1, long hi2, long lo2) {
        int c = Long.compareUnsigned(hi1, hi2);
        return c != 0 ? c : Long.compareUnsigned(lo1, lo2);
    }

    static long readLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFFL);
        }
        return v;
    }

    static void writeLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }
}
