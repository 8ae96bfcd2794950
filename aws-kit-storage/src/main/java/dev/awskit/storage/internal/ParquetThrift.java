package dev.awskit.storage.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader of the Thrift compact protocol, as much as Parquet's footer and page headers need (the
 * "Thrift Compact Protocol" specification in apache/thrift, doc/specs/thrift-compact-protocol.md):
 * a struct is read into a map of field id to value ({@code Long} for every integer type, {@code
 * Boolean}, {@code byte[]} for binary, {@code List} for lists and sets, {@code Map<Integer,Object>}
 * for structs; maps and doubles are read and dropped), with no schema.
 *
 * <p>Every length is checked against the bytes that are left and nesting is bounded, so corrupt input
 * ends in an {@link IllegalArgumentException} saying what is wrong, never in a huge allocation, a
 * stack overflow or another exception.
 */
final class ParquetThrift {
    private static final int MAX_DEPTH = 24;

    private final InputStream in;
    private long remaining;

    /**
     * @param in the bytes, positioned at a struct
     * @param limit how many bytes the struct may take at most (the bytes left in the file or chunk)
     */
    ParquetThrift(InputStream in, long limit) {
        this.in = in;
        this.remaining = limit;
    }

    /** Bytes consumed so far is {@code limit - remaining()}. */
    long remaining() {
        return remaining;
    }

    /** Reads one struct. */
    Map<Integer, Object> struct() throws IOException {
        return struct(0);
    }

    private Map<Integer, Object> struct(int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("Thrift structs nested deeper than " + MAX_DEPTH);
        }
        Map<Integer, Object> fields = new HashMap<>();
        int last = 0;
        while (true) {
            int header = readByte();
            if (header == 0) {
                return fields;
            }
            int type = header & 0x0f;
            int delta = header >>> 4;
            int id = delta == 0 ? (int) zigzag(varint()) : last + delta;
            last = id;
            Object v;
            if (type == 1 || type == 2) {
                v = type == 1;
            } else {
                v = value(type, depth);
            }
            if (v != null) {
                fields.put(id, v);
            }
        }
    }

    private Object value(int type, int depth) throws IOException {
        switch (type) {
            case 3:
                return (long) (byte) readByte();
            case 4:
            case 5:
            case 6:
                return zigzag(varint());
            case 7:
                skip(8);
                return null;
            case 8:
                return binary();
            case 9:
            case 10:
                return list(depth + 1);
            case 11:
                map(depth + 1);
                return null;
            case 12:
                return struct(depth + 1);
            default:
                throw new IllegalArgumentException("unknown Thrift field type " + type);
        }
    }

    private List<Object> list(int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("Thrift lists nested deeper than " + MAX_DEPTH);
        }
        int header = readByte();
        long size = header >>> 4;
        int type = header & 0x0f;
        if (size == 15) {
            size = varint();
        }
        // every element takes at least one byte
        if (size < 0 || size > remaining) {
            throw new IllegalArgumentException("a Thrift list of " + size + " elements in " + remaining + " bytes");
        }
        List<Object> out = new ArrayList<>((int) Math.min(size, 1024));
        for (long i = 0; i < size; i++) {
            if (type == 1 || type == 2) {
                out.add(readByte() == 1);
            } else {
                out.add(value(type, depth));
            }
        }
        return out;
    }

    private void map(int depth) throws IOException {
        long size = varint();
        if (size == 0) {
            return;
        }
        if (size < 0 || size > remaining) {
            throw new IllegalArgumentException("a Thrift map of " + size + " entries in " + remaining + " bytes");
        }
        int types = readByte();
        for (long i = 0; i < size; i++) {
            for (int t : new int[] {types >>> 4, types & 0x0f}) {
                if (t == 1 || t == 2) {
                    readByte();
                } else {
                    value(t, depth);
                }
            }
        }
    }

    private byte[] binary() throws IOException {
        long n = varint();
        if (n < 0 || n > remaining) {
            throw new IllegalArgumentException("a Thrift string of " + n + " bytes where " + remaining + " are left");
        }
        byte[] b = new byte[(int) n];
        int off = 0;
        while (off < n) {
            int r = in.read(b, off, (int) n - off);
            if (r < 0) {
                throw new EOFException("the Thrift data ends inside a string");
            }
            off += r;
        }
        remaining -= n;
        return b;
    }

    private void skip(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            readByte();
        }
    }

    private int readByte() throws IOException {
        if (remaining <= 0) {
            throw new IllegalArgumentException("the Thrift data runs past its end");
        }
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the Thrift data ends early");
        }
        remaining--;
        return b;
    }

    private long varint() throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            v |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("a Thrift varint longer than 10 bytes");
    }

    private static long zigzag(long n) {
        return (n >>> 1) ^ -(n & 1);
    }

    // typed accessors for the maps this returns

    static long i64(Map<Integer, Object> s, int id, String what) {
        Object v = s.get(id);
        if (!(v instanceof Long)) {
            throw new IllegalArgumentException(what + " is missing");
        }
        return (Long) v;
    }

    static long i64(Map<Integer, Object> s, int id, long absent) {
        Object v = s.get(id);
        return v instanceof Long ? (Long) v : absent;
    }

    static int i32(Map<Integer, Object> s, int id, String what) {
        long v = i64(s, id, what);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " " + v + " is out of range");
        }
        return (int) v;
    }

    static boolean bool(Map<Integer, Object> s, int id, boolean absent) {
        Object v = s.get(id);
        return v instanceof Boolean ? (Boolean) v : absent;
    }

    static String string(Map<Integer, Object> s, int id) {
        Object v = s.get(id);
        return v instanceof byte[] ? new String((byte[]) v, java.nio.charset.StandardCharsets.UTF_8) : null;
    }

    @SuppressWarnings("unchecked")
    static Map<Integer, Object> struct(Map<Integer, Object> s, int id) {
        Object v = s.get(id);
        return v instanceof Map ? (Map<Integer, Object>) v : null;
    }

    static List<Object> list(Map<Integer, Object> s, int id) {
        Object v = s.get(id);
        if (v instanceof List) {
            @SuppressWarnings("unchecked")
            List<Object> l = (List<Object>) v;
            return l;
        }
        return List.of();
    }
}
