package dev.awskit.storage.internal;

/**
 * A decompressor of raw Snappy blocks (google/snappy, format_description.txt), which Parquet's SNAPPY
 * codec stores one per page: a varint of the uncompressed length, then literals and back-references
 * with 1-, 2- or 4-byte offsets. Every length and offset is checked, so corrupt input is an {@link
 * IllegalArgumentException} saying what is wrong, never another exception.
 */
final class Snappy {
    private Snappy() {}

    /**
     * Decompresses {@code in[off, off + len)}, which must expand to exactly {@code expected} bytes.
     *
     * @throws IllegalArgumentException when the block is corrupt or of another length
     */
    static byte[] decompress(byte[] in, int off, int len, int expected) {
        int end = off + len;
        int p = off;
        long n = 0;
        for (int shift = 0; ; shift += 7) {
            if (p >= end || shift > 28) {
                throw new IllegalArgumentException("the Snappy length preamble is corrupt");
            }
            int b = in[p++] & 0xff;
            n |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (n != expected) {
            throw new IllegalArgumentException(
                    "the Snappy block expands to " + n + " bytes, the page header says " + expected);
        }
        byte[] out = new byte[expected];
        int o = 0;
        while (p < end) {
            int tag = in[p++] & 0xff;
            int kind = tag & 3;
            if (kind == 0) {
                long length = tag >>> 2;
                if (length >= 60) {
                    int bytes = (int) length - 59;
                    if (p + bytes > end) {
                        throw new IllegalArgumentException("a Snappy literal length runs past the block");
                    }
                    length = 0;
                    for (int i = 0; i < bytes; i++) {
                        length |= (long) (in[p++] & 0xff) << (8 * i);
                    }
                }
                length++;
                if (length > end - p || length > expected - o) {
                    throw new IllegalArgumentException("a Snappy literal of " + length + " bytes runs past the block");
                }
                System.arraycopy(in, p, out, o, (int) length);
                p += (int) length;
                o += (int) length;
            } else {
                int length;
                int offset;
                if (kind == 1) {
                    if (p >= end) {
                        throw new IllegalArgumentException("a Snappy copy runs past the block");
                    }
                    length = 4 + ((tag >>> 2) & 7);
                    offset = ((tag >>> 5) << 8) | (in[p++] & 0xff);
                } else if (kind == 2) {
                    if (p + 2 > end) {
                        throw new IllegalArgumentException("a Snappy copy runs past the block");
                    }
                    length = 1 + (tag >>> 2);
                    offset = (in[p] & 0xff) | (in[p + 1] & 0xff) << 8;
                    p += 2;
                } else {
                    if (p + 4 > end) {
                        throw new IllegalArgumentException("a Snappy copy runs past the block");
                    }
                    length = 1 + (tag >>> 2);
                    offset = (in[p] & 0xff)
                            | (in[p + 1] & 0xff) << 8
                            | (in[p + 2] & 0xff) << 16
                            | (in[p + 3] & 0xff) << 24;
                    p += 4;
                }
                if (offset <= 0 || offset > o) {
                    throw new IllegalArgumentException(
                            "a Snappy copy refers " + offset + " bytes back at output position " + o);
                }
                if (length > expected - o) {
                    throw new IllegalArgumentException("a Snappy copy writes past the uncompressed length");
                }
                for (int i = 0; i < length; i++) {
                    out[o] = out[o - offset];
                    o++;
                }
            }
        }
        if (o != expected) {
            throw new IllegalArgumentException("the Snappy block ends after " + o + " of its " + expected + " bytes");
        }
        return out;
    }
}
