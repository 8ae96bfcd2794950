package dev.awskit.kinesis.internal;

import java.nio.charset.StandardCharsets;

/**
 * A record's routing as the producer needs it: the partition key, its UTF-8 bytes, the explicit hash
 * key if any, and the 128-bit hash key that picks the shard (MD5 of the UTF-8 partition key, or the
 * explicit hash key). Immutable, so instances are shared between threads through {@link Cache}
 * without locking (final-field semantics publish them whole).
 */
final class PartitionKey {
    final String text;
    final byte[] utf8;
    /** Null for most records. */
    final String explicitHashKey;
    /** Whether {@link #hi} / {@link #lo} hold the hash key (skipped while the stream has one shard). */
    final boolean hashed;

    final long hi;
    final long lo;

    private PartitionKey(String text, byte[] utf8, String explicitHashKey, boolean hashed, long hi, long lo) {
        this.text = text;
        this.utf8 = utf8;
        this.explicitHashKey = explicitHashKey;
        this.hashed = hashed;
        this.hi = hi;
        this.lo = lo;
    }

    private static PartitionKey of(String text, byte[] utf8, boolean hash) {
        if (!hash) {
            return new PartitionKey(text, utf8, null, false, 0, 0);
        }
        long[] h = HashKeys.ofPartitionKey(utf8);
        return new PartitionKey(text, utf8, null, true, h[0], h[1]);
    }

    /** This key with its hash key computed. */
    PartitionKey hashed() {
        if (hashed) {
            return this;
        }
        if (explicitHashKey != null) {
            return withExplicitHashKey(explicitHashKey);
        }
        return of(text, utf8, true);
    }

    /** This key routed by an explicit hash key (validated by {@code ProducerRecord}). */
    PartitionKey withExplicitHashKey(String ehk) {
        long[] h = HashKeys.parse(ehk);
        return new PartitionKey(text, utf8, ehk, true, h[0], h[1]);
    }

    /**
     * A bounded cache of partition keys, 4-way set-associative: a key lives in one of the 4 slots of
     * the set its {@code hashCode()} picks; a new key takes an empty slot of its set, or replaces the
     * slots in turn. A hit costs at most 4 {@code String.equals} and allocates nothing; a miss costs
     * what an uncached record did (the UTF-8 bytes and, with more than one shard, one MD5) plus one
     * small object. Memory is bounded by {@link #SLOTS} keys whatever the key cardinality. Thread-safe
     * without locking: slots hold immutable keys, and a lost write only costs a later miss.
     */
    static final class Cache {
        static final int SLOTS = 4096;
        private static final int WAYS = 4;
        private static final int SET_BITS = 10; // SLOTS / WAYS = 1 << SET_BITS

        private final PartitionKey[] slots = new PartitionKey[SLOTS];
        /** Next victim per set; racy on purpose (any value in 0..3 is a valid choice). */
        private final byte[] victims = new byte[SLOTS / WAYS];

        /** The key for {@code text}; hashed when {@code hash} (the stream has more than one shard). */
        PartitionKey get(String text, boolean hash) {
            // Fibonacci hashing: String.hashCode of keys like "user-1".."user-999" differ in a few
            // low-order digits; masking them left 1,000 such keys in 359 of the 1,024 sets
            int set = (text.hashCode() * 0x9E3779B9) >>> (32 - SET_BITS);
            int base = set * WAYS;
            int free = -1;
            for (int i = base; i < base + WAYS; i++) {
                PartitionKey k = slots[i];
                if (k == null) {
                    if (free < 0) {
                        free = i;
                    }
                } else if (k.text == text || k.text.equals(text)) {
                    if (k.hashed || !hash) {
                        return k;
                    }
                    k = k.hashed();
                    slots[i] = k;
                    return k;
                }
            }
            PartitionKey k = of(text, text.getBytes(StandardCharsets.UTF_8), hash);
            if (free < 0) {
                int v = victims[set] & (WAYS - 1);
                victims[set] = (byte) (v + 1);
                free = base + v;
            }
            slots[free] = k;
            return k;
        }
    }
}
