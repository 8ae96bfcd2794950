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
        BigInteger v;
        try {
            v = new BigInteger(decimal);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("explicitHashKey '" + decimal
                    + "' must be a decimal integer in [0, 2^128 - 1] (e.g. \"0\" or a shard's StartingHashKey)");
        }
        if (v.signum() < 0 || v.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(
                    "explicitHashKey " + decimal + " is outside the hash key range [0, 2^128 - 1]");
        }
        return fromBigInteger(v);
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
