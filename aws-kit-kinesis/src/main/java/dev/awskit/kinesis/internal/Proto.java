package dev.awskit.kinesis.internal;

import java.nio.charset.StandardCharsets;

/**
 * The few pieces of the protobuf wire format that the KPL's {@code AggregatedRecord} needs, written
 * by hand so the module needs no protobuf dependency.
 *
 * <p>Wire format facts used (protobuf encoding guide):
 *
 * <ul>
 *   <li>every field starts with a key, the varint {@code (field_number << 3) | wire_type};
 *   <li>wire type 0 is a varint: 7 bits per byte, least significant group first, the high bit set
 *       on every byte but the last ({@code 300 -> AC 02});
 *   <li>wire type 2 is length-delimited: a varint byte count, then the bytes ({@code string},
 *       {@code bytes} and embedded messages);
 *   <li>{@code repeated} fields are simply the same key repeated, in order;
 *   <li>wire types 1 (fixed 64) and 5 (fixed 32) are skipped by length when unknown.
 * </ul>
 */
public final class Proto {
    public static final int VARINT = 0;
    public static final int FIXED64 = 1;
    public static final int LENGTH_DELIMITED = 2;
    public static final int FIXED32 = 5;

    private Proto() {}

    /** The bytes a varint of {@code value} (unsigned) takes: 1 to 10. */
    public static int varintSize(long value) {
        if ((value & (~0L << 7)) == 0) {
            return 1;
        }
        if ((value & (~0L << 14)) == 0) {
            return 2;
        }
        if ((value & (~0L << 21)) == 0) {
            return 3;
        }
        if ((value & (~0L << 28)) == 0) {
            return 4;
        }
        int n = 5;
        value >>>= 35;
        while (value != 0) {
            n++;
            value >>>= 7;
        }
        return n;
    }

    /** The size of a length-delimited field of {@code length} payload bytes with a one-byte key. */
    public static int lengthDelimitedSize(int length) {
        return 1 + varintSize(length) + length;
    }

    /** Writes into a fixed array whose size the caller computed exactly. */
    public static final class Writer {
        private final byte[] buf;
        private int pos;

        public Writer(byte[] buf, int offset) {
            this.buf = buf;
            this.pos = offset;
        }

        public int position() {
            return pos;
        }

        public void key(int field, int wireType) {
            varint(((long) field << 3) | wireType);
        }

        public void varint(long value) {
            while ((value & ~0x7FL) != 0) {
                buf[pos++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            buf[pos++] = (byte) value;
        }

        public void varintField(int field, long value) {
            key(field, VARINT);
            varint(value);
        }

        public void bytesField(int field, byte[] value) {
            key(field, LENGTH_DELIMITED);
            varint(value.length);
            System.arraycopy(value, 0, buf, pos, value.length);
            pos += value.length;
        }
    }

    /** Reads a message from {@code [offset, limit)} of an array; malformed input throws. */
    public static final class Reader {
        private final byte[] buf;
        private int pos;
        private final int limit;

        public Reader(byte[] buf, int offset, int limit) {
            if (offset < 0 || limit > buf.length || offset > limit) {
                throw new IllegalArgumentException("bad range [" + offset + ", " + limit + ") of " + buf.length);
            }
            this.buf = buf;
            this.pos = offset;
            this.limit = limit;
        }

        public boolean hasMore() {
            return pos < limit;
        }

        public int position() {
            return pos;
        }

        /** The next key, {@code (field << 3) | wireType}. */
        public int key() {
            long k = varint();
            if (k > Integer.MAX_VALUE || (k >>> 3) == 0) {
                throw new MalformedException("invalid field key " + k + " at byte " + pos);
            }
            return (int) k;
        }

        public long varint() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= limit) {
                    throw new MalformedException("truncated varint at byte " + pos);
                }
                byte b = buf[pos++];
                result |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new MalformedException("varint longer than 10 bytes at byte " + pos);
        }

        /** Reads a length prefix and returns the start offset of the payload; advances past it. */
        public int lengthDelimited() {
            long len = varint();
            if (len < 0 || len > limit - pos) {
                throw new MalformedException(
                        "length " + len + " at byte " + pos + " runs past the end (" + limit + ")");
            }
            int start = pos;
            pos += (int) len;
            return start;
        }

        public byte[] bytes() {
            int start = lengthDelimited();
            byte[] out = new byte[pos - start];
            System.arraycopy(buf, start, out, 0, out.length);
            return out;
        }

        public String string() {
            int start = lengthDelimited();
            return new String(buf, start, pos - start, StandardCharsets.UTF_8);
        }

        /** Skips the value of a field of {@code wireType}. */
        public void skip(int wireType) {
            switch (wireType) {
                case VARINT -> varint();
                case FIXED64 -> advance(8);
                case LENGTH_DELIMITED -> lengthDelimited();
                case FIXED32 -> advance(4);
                default -> throw new MalformedException("unsupported wire type " + wireType + " at byte " + pos);
            }
        }

        private void advance(int n) {
            if (n > limit - pos) {
                throw new MalformedException("truncated fixed-size field at byte " + pos);
            }
            pos += n;
        }
    }

    /** Input that is not a valid protobuf encoding. */
    public static final class MalformedException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public MalformedException(String message) {
            super(message);
        }
    }
}
