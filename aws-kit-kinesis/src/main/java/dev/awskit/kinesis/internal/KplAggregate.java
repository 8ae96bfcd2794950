package dev.awskit.kinesis.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The KPL's aggregated record format, as read by the KCL (1.x to 3.x), the Lambda deaggregation
 * modules and awslabs/kinesis-aggregation.
 *
 * <p>Format facts (from the KPL's {@code aggregation-format.md} and {@code messages.proto}):
 *
 * <pre>
 * 0        4                                   N-16         N
 * +--------+-----------------------------------+------------+
 * | F3 89  |  protobuf AggregatedRecord        |  MD5 of    |
 * | 9A C2  |  (serialized, N-20 bytes)         |  protobuf  |
 * +--------+-----------------------------------+------------+
 *
 * message AggregatedRecord {
 *   repeated string partition_key_table     = 1;
 *   repeated string explicit_hash_key_table = 2;
 *   repeated Record records                 = 3;
 * }
 * message Record {
 *   required uint64 partition_key_index     = 1;   // into partition_key_table
 *   optional uint64 explicit_hash_key_index = 2;   // into explicit_hash_key_table
 *   required bytes  data                    = 3;
 *   repeated Tag    tags                    = 4;   // never written by the KPL; skipped here
 * }
 * message Tag { required string key = 1; optional string value = 2; }
 * </pre>
 *
 * <p>The trailer is the 16-byte MD5 digest of the protobuf bytes only (not of the magic). A
 * consumer that finds the magic but a wrong digest must treat the record as a plain, non-aggregated
 * record (the KCL does): the magic alone does not prove the format.
 */
public final class KplAggregate {
    /** The four magic bytes every aggregated record starts with. */
    public static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};

    /** Bytes around the protobuf: the magic and the MD5 trailer. */
    public static final int OVERHEAD = MAGIC.length + 16;

    private KplAggregate() {}

    /** One user record inside an aggregated record. */
    public record SubRecord(String partitionKey, String explicitHashKey, byte[] data) {
        @Override
        public String toString() {
            return "SubRecord{partitionKey=" + partitionKey + ", explicitHashKey=" + explicitHashKey + ", "
                    + data.length + " bytes}";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SubRecord s
                    && s.partitionKey.equals(partitionKey)
                    && java.util.Objects.equals(s.explicitHashKey, explicitHashKey)
                    && Arrays.equals(s.data, data);
        }

        @Override
        public int hashCode() {
            return partitionKey.hashCode() * 31 + Arrays.hashCode(data);
        }
    }

    /** Whether {@code data} starts with the magic (cheap; does not verify the digest). */
    public static boolean hasMagic(byte[] data) {
        return data.length >= OVERHEAD
                && data[0] == MAGIC[0]
                && data[1] == MAGIC[1]
                && data[2] == MAGIC[2]
                && data[3] == MAGIC[3];
    }

    /** Whether {@code data} is an aggregated record: the magic and a matching MD5 trailer. */
    public static boolean isAggregated(byte[] data) {
        return hasMagic(data) && digestMatches(data);
    }

    private static boolean digestMatches(byte[] data) {
        MessageDigest md5 = HashKeys.md5();
        md5.update(data, MAGIC.length, data.length - OVERHEAD);
        byte[] d = md5.digest();
        return Arrays.equals(d, 0, 16, data, data.length - 16, data.length);
    }

    /**
     * The sub-records of {@code data} when it is a well-formed aggregated record (magic, matching
     * MD5, valid protobuf); null when it is not, so the caller delivers it as one plain record, as
     * the KCL does. Never throws on any input; work and memory are linear in its length.
     */
    public static List<SubRecord> deaggregateOrNull(byte[] data) {
        if (!isAggregated(data)) {
            return null;
        }
        try {
            return decode(data);
        } catch (IllegalArgumentException e) {
            return null; // the magic and the digest matched, yet the protobuf is malformed
        }
    }

    /**
     * Decodes an aggregated record.
     *
     * @throws IllegalArgumentException when the magic is missing, the MD5 trailer does not match the
     *     protobuf bytes, or the protobuf is malformed (an index outside its table, a missing
     *     required field)
     */
    public static List<SubRecord> decode(byte[] data) {
        if (!hasMagic(data)) {
            throw new IllegalArgumentException(
                    "Not a KPL aggregated record: it does not start with the magic F3 89 9A C2"
                            + " followed by at least 16 bytes (" + data.length + " bytes)");
        }
        if (!digestMatches(data)) {
            throw new IllegalArgumentException("Corrupt KPL aggregated record: the MD5 trailer does not match the "
                    + (data.length - OVERHEAD) + " protobuf bytes");
        }
        List<String> keys = new ArrayList<>();
        List<String> hashKeys = new ArrayList<>();
        List<long[]> recs = new ArrayList<>(); // {pkIndex, ehkIndex or -1, dataStart, dataEnd}
        Proto.Reader r = new Proto.Reader(data, MAGIC.length, data.length - 16);
        while (r.hasMore()) {
            int key = r.key();
            int field = key >>> 3;
            int wire = key & 7;
            if (field == 1 && wire == Proto.LENGTH_DELIMITED) {
                keys.add(r.string());
            } else if (field == 2 && wire == Proto.LENGTH_DELIMITED) {
                hashKeys.add(r.string());
            } else if (field == 3 && wire == Proto.LENGTH_DELIMITED) {
                int start = r.lengthDelimited();
                recs.add(readRecord(data, start, r.position()));
            } else {
                r.skip(wire);
            }
        }
        List<SubRecord> out = new ArrayList<>(recs.size());
        for (int i = 0; i < recs.size(); i++) {
            long[] rec = recs.get(i);
            if (rec[0] < 0 || rec[0] >= keys.size()) {
                throw new IllegalArgumentException("Corrupt KPL aggregated record: record " + i
                        + " has partition_key_index " + rec[0] + " but the table has " + keys.size() + " keys");
            }
            String ehk = null;
            if (rec[1] >= 0) {
                if (rec[1] >= hashKeys.size()) {
                    throw new IllegalArgumentException("Corrupt KPL aggregated record: record " + i
                            + " has explicit_hash_key_index " + rec[1] + " but the table has " + hashKeys.size()
                            + " keys");
                }
                ehk = hashKeys.get((int) rec[1]);
            }
            out.add(new SubRecord(keys.get((int) rec[0]), ehk, Arrays.copyOfRange(data, (int) rec[2], (int) rec[3])));
        }
        return out;
    }

    private static long[] readRecord(byte[] data, int start, int end) {
        long pk = -1;
        long ehk = -1;
        int dataStart = -1;
        int dataEnd = -1;
        Proto.Reader r = new Proto.Reader(data, start, end);
        while (r.hasMore()) {
            int key = r.key();
            int field = key >>> 3;
            int wire = key & 7;
            if (field == 1 && wire == Proto.VARINT) {
                pk = r.varint();
            } else if (field == 2 && wire == Proto.VARINT) {
                ehk = r.varint();
            } else if (field == 3 && wire == Proto.LENGTH_DELIMITED) {
                dataStart = r.lengthDelimited();
                dataEnd = r.position();
            } else {
                r.skip(wire);
            }
        }
        if (pk < 0 || dataStart < 0) {
            throw new IllegalArgumentException("Corrupt KPL aggregated record: a Record at byte " + start
                    + " lacks its required " + (pk < 0 ? "partition_key_index" : "data"));
        }
        return new long[] {pk, ehk, dataStart, dataEnd};
    }

    /**
     * Collects user records into one aggregated record and knows its exact encoded size at every
     * step, so a caller can stop before a limit. Not thread-safe. Reusable: after {@link #reset()} it
     * keeps its arrays and key tables, so a producer that recycles builders allocates nothing per
     * record here (no map entries, no boxed indexes).
     */
    public static final class Builder {
        private final KeyTable keyIndex = new KeyTable();
        private byte[][] keys = new byte[16][];
        private final KeyTable hashKeyIndex = new KeyTable();
        private byte[][] hashKeys = new byte[4][];
        private int[] pkIdx = new int[16];
        private int[] ehkIdx = new int[16];
        private byte[][] datas = new byte[16][];
        private int count;
        private int protoSize;

        /** Records added so far. */
        public int count() {
            return count;
        }

        /** The encoded size so far, magic and trailer included. */
        public int size() {
            return OVERHEAD + protoSize;
        }

        /**
         * The encoded size if this record were added ({@code explicitHashKey} may be null;
         * {@code partitionKeyUtf8} / {@code explicitHashKeyUtf8} are the keys' UTF-8 bytes).
         */
        public int sizeWith(String partitionKey, byte[] partitionKeyUtf8, String explicitHashKey, int dataLength) {
            return OVERHEAD + protoSize + growth(partitionKey, partitionKeyUtf8, explicitHashKey, dataLength);
        }

        private int growth(String pk, byte[] pkUtf8, String ehk, int dataLength) {
            return growth(keyIndex.find(pk), ehk == null ? -1 : hashKeyIndex.find(ehk), pkUtf8.length, ehk, dataLength);
        }

        /** {@code pi} / {@code hi}: the key's index in its table, -1 when it would be new. */
        private int growth(int pi, int hi, int pkLength, String ehk, int dataLength) {
            int g = 0;
            int pIndex;
            if (pi < 0) {
                g += Proto.lengthDelimitedSize(pkLength);
                pIndex = keyIndex.size();
            } else {
                pIndex = pi;
            }
            int inner = 1 + Proto.varintSize(pIndex) + Proto.lengthDelimitedSize(dataLength);
            if (ehk != null) {
                int hIndex;
                if (hi < 0) {
                    g += Proto.lengthDelimitedSize(ehk.length()); // decimal digits: ASCII, 1 byte each
                    hIndex = hashKeyIndex.size();
                } else {
                    hIndex = hi;
                }
                inner += 1 + Proto.varintSize(hIndex);
            }
            return g + Proto.lengthDelimitedSize(inner);
        }

        /** Adds a record; returns the new encoded size. */
        public int add(String partitionKey, byte[] partitionKeyUtf8, String explicitHashKey, byte[] data) {
            tryAdd(partitionKey, partitionKeyUtf8, explicitHashKey, data, Integer.MAX_VALUE);
            return size();
        }

        /**
         * Adds the record when the encoded size stays within {@code limit} (or when the builder is
         * empty: a first record is always taken); returns whether it was added. One table lookup
         * per key, for the hot path.
         */
        public boolean tryAdd(
                String partitionKey, byte[] partitionKeyUtf8, String explicitHashKey, byte[] data, int limit) {
            int pi = keyIndex.find(partitionKey);
            int hi = explicitHashKey == null ? -1 : hashKeyIndex.find(explicitHashKey);
            int g = growth(pi, hi, partitionKeyUtf8.length, explicitHashKey, data.length);
            if (count > 0 && (long) OVERHEAD + protoSize + g > limit) {
                return false;
            }
            protoSize += g;
            if (pi < 0) {
                pi = keyIndex.add(partitionKey);
                keys = put(keys, pi, partitionKeyUtf8);
            }
            if (explicitHashKey != null && hi < 0) {
                hi = hashKeyIndex.add(explicitHashKey);
                hashKeys = put(hashKeys, hi, explicitHashKey.getBytes(StandardCharsets.US_ASCII));
            }
            if (count == pkIdx.length) {
                pkIdx = Arrays.copyOf(pkIdx, count * 2);
                ehkIdx = Arrays.copyOf(ehkIdx, count * 2);
            }
            pkIdx[count] = pi;
            ehkIdx[count] = hi;
            datas = put(datas, count, data);
            count++;
            return true;
        }

        private static byte[][] put(byte[][] a, int i, byte[] v) {
            byte[][] out = i < a.length ? a : Arrays.copyOf(a, Math.max(16, a.length * 2));
            out[i] = v;
            return out;
        }

        /** Encodes the records added so far: magic, protobuf, MD5 trailer. */
        public byte[] encode() {
            byte[] out = new byte[size()];
            System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
            Proto.Writer w = new Proto.Writer(out, MAGIC.length);
            for (int i = 0, n = keyIndex.size(); i < n; i++) {
                w.bytesField(1, keys[i]);
            }
            for (int i = 0, n = hashKeyIndex.size(); i < n; i++) {
                w.bytesField(2, hashKeys[i]);
            }
            for (int i = 0; i < count; i++) {
                byte[] d = datas[i];
                int inner = 1 + Proto.varintSize(pkIdx[i]) + Proto.lengthDelimitedSize(d.length);
                if (ehkIdx[i] >= 0) {
                    inner += 1 + Proto.varintSize(ehkIdx[i]);
                }
                w.key(3, Proto.LENGTH_DELIMITED);
                w.varint(inner);
                w.varintField(1, pkIdx[i]);
                if (ehkIdx[i] >= 0) {
                    w.varintField(2, ehkIdx[i]);
                }
                w.bytesField(3, d);
            }
            if (w.position() != out.length - 16) {
                throw new IllegalStateException("aggregation size accounting is off: wrote " + w.position()
                        + " bytes, expected " + (out.length - 16));
            }
            MessageDigest md5 = HashKeys.md5();
            md5.update(out, MAGIC.length, out.length - OVERHEAD);
            try {
                md5.digest(out, out.length - 16, 16);
            } catch (java.security.DigestException e) {
                throw new IllegalStateException("MD5 digest failed", e);
            }
            return out;
        }

        /** Empties the builder for reuse; keeps its arrays, drops its references to keys and data. */
        public void reset() {
            Arrays.fill(keys, 0, keyIndex.size(), null);
            Arrays.fill(hashKeys, 0, hashKeyIndex.size(), null);
            Arrays.fill(datas, 0, count, null);
            keyIndex.clear();
            hashKeyIndex.clear();
            count = 0;
            protoSize = 0;
        }
    }

    /**
     * String to table index, for the partition and explicit hash key tables of one aggregate: open
     * addressing with linear probing over parallel arrays, so a lookup allocates nothing and indexes
     * are not boxed. Indexes are handed out in insertion order, 0, 1, 2, ...
     */
    static final class KeyTable {
        private String[] slotKeys = new String[32];
        private int[] slotIndexes = new int[32];
        private int size;

        int size() {
            return size;
        }

        /** The index of {@code key}, or -1. */
        int find(String key) {
            int mask = slotKeys.length - 1;
            for (int i = slot(key, mask); ; i = (i + 1) & mask) {
                String k = slotKeys[i];
                if (k == null) {
                    return -1;
                }
                if (k == key || k.equals(key)) {
                    return slotIndexes[i];
                }
            }
        }

        /** Adds a key that {@link #find} did not find; returns its index. */
        int add(String key) {
            if ((size + 1) * 2 > slotKeys.length) {
                grow();
            }
            int mask = slotKeys.length - 1;
            int i = slot(key, mask);
            while (slotKeys[i] != null) {
                i = (i + 1) & mask;
            }
            slotKeys[i] = key;
            slotIndexes[i] = size;
            return size++;
        }

        void clear() {
            if (size > 0) {
                Arrays.fill(slotKeys, null);
                size = 0;
            }
        }

        private void grow() {
            String[] oldKeys = slotKeys;
            int[] oldIndexes = slotIndexes;
            slotKeys = new String[oldKeys.length * 2];
            slotIndexes = new int[oldKeys.length * 2];
            int mask = slotKeys.length - 1;
            for (int j = 0; j < oldKeys.length; j++) {
                if (oldKeys[j] != null) {
                    int i = slot(oldKeys[j], mask);
                    while (slotKeys[i] != null) {
                        i = (i + 1) & mask;
                    }
                    slotKeys[i] = oldKeys[j];
                    slotIndexes[i] = oldIndexes[j];
                }
            }
        }

        private static int slot(String key, int mask) {
            // Fibonacci hashing: the top bits of the product, so keys whose hashCode differs only in
            // low-order digits ("user-1", "user-2", ...) spread over the table instead of clustering
            return (key.hashCode() * 0x9E3779B9) >>> (32 - Integer.bitCount(mask));
        }
    }
}
