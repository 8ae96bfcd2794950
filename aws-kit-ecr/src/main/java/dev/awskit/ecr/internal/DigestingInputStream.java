package dev.awskit.ecr.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * Hashes (sha256) and counts the bytes passing through, and at the end of the stream checks them
 * against the expected digest and size: a mismatch is a {@link BlobMismatchException} thrown
 * instead of the end of stream, so a consumer (an upload body) never completes with bad content.
 * Reading past the expected size fails at once, so a wrong blob never streams on for long.
 */
public final class DigestingInputStream extends FilterInputStream {
    private final MessageDigest sha256;
    private final String expectedDigest;
    private final long expectedSize;
    private final String what;
    private final LongConsumer onBytes;
    private long count;
    private boolean verified;

    public DigestingInputStream(
            InputStream in, String expectedDigest, long expectedSize, String what, LongConsumer onBytes) {
        super(in);
        this.sha256 = newSha256();
        this.expectedDigest = expectedDigest;
        this.expectedSize = expectedSize;
        this.what = what;
        this.onBytes = onBytes;
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /**
     * Updates the warm-up makes, of 100 bytes each (2 MB): not a multiple of SHA-256's 64-byte block,
     * so every branch of the digest's update runs, as with a socket's reads of any length (with
     * 64-byte updates only, C2's code met a branch it had never seen at the first real read, and was
     * thrown away and compiled again).
     */
    static final int WARM_UP_UPDATES = 20_000;

    private static final AtomicBoolean WARM_UP_STARTED = new AtomicBoolean();
    private static volatile boolean warmUpStop;

    /**
     * Starts, once per JVM, a daemon thread that hashes small blocks so that HotSpot's C2 compiles
     * SHA-256 into its SHA-NI/AVX2 intrinsic before a copy's first blob streams. Without it a fresh
     * JVM hashes the first blobs in the interpreter and in C1 code, and C2 compiles the pure-Java
     * block function (twice, on-stack replacement of its loops: 256 KiB updates call it 4,096 times
     * each but the intrinsic entry points only once) before it reaches the intrinsic: measured, 6
     * threads hashing 220 MB in a fresh JVM took 230-290 ms and 570-700 ms of process CPU, and 75-90
     * ms and 420-480 ms with this warm-up begun 150 ms before; begun at the same time as the hashing it
     * made things worse (module README, "Performance"). So a copy between two registries starts it
     * first thing (within one registry blobs are mounted or already there) and stops it when the
     * target turns out to be up to date.
     *
     * @return the thread started; null when this JVM has started one already
     */
    static Thread startWarmUp() {
        if (!WARM_UP_STARTED.compareAndSet(false, true)) {
            return null;
        }
        Thread t = new Thread(DigestingInputStream::warmUp, "aws-kit-sha256-warm-up");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Stops a running warm-up (a re-copy streams nothing); the JVM's next copy does not start another. */
    static void stopWarmUp() {
        warmUpStop = true;
    }

    private static void warmUp() {
        MessageDigest md = newSha256();
        byte[] block = new byte[100];
        for (int i = 0; i < WARM_UP_UPDATES && !warmUpStop; i++) {
            md.update(block, 0, block.length);
        }
        md.digest();
    }

    /** {@code sha256:<hex>} of {@code bytes}. */
    public static String digestOf(byte[] bytes) {
        return "sha256:" + HexFormat.of().formatHex(newSha256().digest(bytes));
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = super.read(b, off, len);
        } catch (IOException e) {
            throw new SourceReadException(
                    what + ": reading from the source failed after " + count + " of " + expectedSize + " bytes: " + e,
                    e);
        }
        if (n < 0) {
            verify();
            return -1;
        }
        sha256.update(b, off, n);
        count += n;
        if (count > expectedSize) {
            throw new BlobMismatchException(what + ": more bytes than the descriptor's size " + expectedSize + " (read "
                    + count + " so far); the source served other content than " + expectedDigest);
        }
        onBytes.accept(n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skip is not supported while verifying a digest");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void verify() throws IOException {
        if (verified) {
            return;
        }
        verified = true;
        if (count != expectedSize) {
            throw new BlobMismatchException(what + ": expected " + expectedSize + " bytes (" + expectedDigest
                    + ") but the stream ended after " + count);
        }
        String actual = "sha256:" + HexFormat.of().formatHex(sha256.digest());
        if (!actual.equals(expectedDigest)) {
            throw new BlobMismatchException(what + ": digest mismatch, expected " + expectedDigest + " but the " + count
                    + " bytes received hash to " + actual + " (corrupted in transit or at the source)");
        }
    }

    /** Reading the source failed (a cut connection): transient, worth a retry. */
    public static final class SourceReadException extends IOException {
        private static final long serialVersionUID = 1L;

        public SourceReadException(String message, IOException cause) {
            super(message, cause);
        }
    }

    /** The content did not match its descriptor; never retried as a transient failure by itself. */
    public static final class BlobMismatchException extends IOException {
        private static final long serialVersionUID = 1L;

        public BlobMismatchException(String message) {
            super(message);
        }
    }
}
