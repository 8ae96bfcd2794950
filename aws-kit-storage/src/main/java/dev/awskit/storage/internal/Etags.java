package dev.awskit.storage.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;

/** ETags: plain MD5 for single-part objects, {@code md5(md5(part1)..md5(partN))-N} for multipart. */
public final class Etags {
    private static final long MIB = 1024 * 1024;
    private static final HexFormat HEX = HexFormat.of();

    private Etags() {}

    /** {@code "abc"} -> {@code abc}; null stays null. */
    public static String unquote(String etag) {
        if (etag == null) {
            return null;
        }
        String e = etag.trim();
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e;
    }

    /** Whether {@code etag} is 32 hex digits: the MD5 of the content (single-part, not SSE-KMS/SSE-C). */
    public static boolean isPlainMd5(String etag) {
        if (etag == null || etag.length() != 32) {
            return false;
        }
        for (int i = 0; i < 32; i++) {
            if (Character.digit(etag.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The part count of a multipart ETag {@code <32 hex>-N}, or 0 when it is not one. */
    public static int partCount(String etag) {
        if (etag == null) {
            return 0;
        }
        int dash = etag.indexOf('-');
        if (dash != 32 || !isPlainMd5(etag.substring(0, 32))) {
            return 0;
        }
        try {
            int n = Integer.parseInt(etag.substring(33));
            return n > 0 ? n : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Whether two ETags prove equal content: they are equal and each is an MD5 or a multipart ETag
     * (equal composites mean equal part digests).
     */
    public static boolean sameContent(String a, String b) {
        return a != null && a.equalsIgnoreCase(b) && (isPlainMd5(a) || partCount(a) > 0);
    }

    public static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no MD5", e);
        }
    }

    public static String hex(byte[] digest) {
        return HEX.formatHex(digest);
    }

    /** The most part sizes tried (each costs one read of the file) when S3 cannot say which it was. */
    public static final int MAX_CANDIDATES = 24;

    /**
     * Part sizes that may have produced a multipart ETag of {@code parts} parts for {@code size}
     * bytes, when S3 cannot tell (stores without {@code HeadObject?partNumber}): the configured one,
     * the common tool defaults, then every whole MiB from S3's 5 MiB minimum that gives exactly
     * {@code parts} parts, at most {@link #MAX_CANDIDATES} in all. A multipart ETag of one part is the
     * same for every part size of at least {@code size}.
     */
    public static Set<Long> candidatePartSizes(long size, int parts, long configured) {
        Set<Long> all = new LinkedHashSet<>();
        if (parts == 1) {
            all.add(Math.max(size, 1));
            return all;
        }
        long even = (size + parts - 1) / parts;
        for (long c : new long[] {
            configured,
            8 * MIB,
            5 * MIB,
            16 * MIB,
            15 * MIB,
            64 * MIB,
            100 * MIB,
            128 * MIB,
            (even + MIB - 1) / MIB * MIB,
            even
        }) {
            if (c > 0 && (size + c - 1) / c == parts) {
                all.add(c);
            }
        }
        // every part size c with ceil(size / c) == parts lies in [ceil(size / parts), (size - 1) / (parts - 1)]
        long hi = (size - 1) / (parts - 1);
        long first = Math.max(5 * MIB, (even + MIB - 1) / MIB * MIB);
        for (long c = first; c <= hi && all.size() < MAX_CANDIDATES; c += MIB) {
            if ((size + c - 1) / c == parts) {
                all.add(c);
            }
        }
        return all;
    }

    /**
     * Whether the local {@code file} has the content {@code etag} describes: its MD5 for a plain
     * ETag, else the multipart ETag recomputed with each candidate part size.
     */
    public static boolean fileMatches(Path file, long size, String etag, long configuredPartSize) throws IOException {
        if (isPlainMd5(etag)) {
            return hex(digestRange(file, 0, size)).equalsIgnoreCase(etag);
        }
        int parts = partCount(etag);
        if (parts == 0) {
            return false;
        }
        for (long ps : candidatePartSizes(size, parts, configuredPartSize)) {
            if (multipartEtag(file, size, ps).equalsIgnoreCase(etag)) {
                return true;
            }
        }
        return false;
    }

    /** The multipart ETag S3 would give {@code file} uploaded with {@code partSize}. */
    public static String multipartEtag(Path file, long size, long partSize) throws IOException {
        MessageDigest outer = md5();
        int parts = 0;
        for (long off = 0; off < size || parts == 0; off += partSize) {
            outer.update(digestRange(file, off, Math.min(partSize, size - off)));
            parts++;
        }
        return hex(outer.digest()) + "-" + parts;
    }

    /** The multipart ETag of parts whose MD5 digests are given in order. */
    public static String multipartEtag(byte[][] partDigests) {
        MessageDigest outer = md5();
        for (byte[] d : partDigests) {
            outer.update(d);
        }
        return hex(outer.digest()) + "-" + partDigests.length;
    }

    static byte[] digestRange(Path file, long offset, long length) throws IOException {
        MessageDigest md = md5();
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(Math.max(length, 1), 1 << 20));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long pos = offset;
            long end = offset + length;
            while (pos < end) {
                buf.clear();
                if (end - pos < buf.capacity()) {
                    buf.limit((int) (end - pos));
                }
                int n = ch.read(buf, pos);
                if (n < 0) {
                    throw new IOException(file + " is shorter than " + end + " bytes: it changed while being read");
                }
                buf.flip();
                md.update(buf);
                pos += n;
            }
        }
        return md.digest();
    }
}
