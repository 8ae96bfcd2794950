package dev.awskit.kinesis.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * The open shards of a stream with their hash key ranges, to predict the shard of a hash key the
 * way Kinesis does: the shard whose {@code [StartingHashKey, EndingHashKey]} contains it.
 */
public final class ShardMap {
    /** One open shard. */
    public static final class Range {
        int index;
        final String shardId;
        final String startingHashKey;
        final long startHi;
        final long startLo;
        final long endHi;
        final long endLo;

        Range(String shardId, String startingHashKey, String endingHashKey) {
            this.shardId = shardId;
            this.startingHashKey = startingHashKey;
            long[] s = HashKeys.fromBigInteger(new BigInteger(startingHashKey));
            long[] e = HashKeys.fromBigInteger(new BigInteger(endingHashKey));
            this.startHi = s[0];
            this.startLo = s[1];
            this.endHi = e[0];
            this.endLo = e[1];
        }

        public String shardId() {
            return shardId;
        }

        public String startingHashKey() {
            return startingHashKey;
        }

        /** The position of this range in its map, 0-based in hash key order. */
        public int index() {
            return index;
        }

        boolean contains(long hi, long lo) {
            return HashKeys.compare(hi, lo, startHi, startLo) >= 0 && HashKeys.compare(hi, lo, endHi, endLo) <= 0;
        }

        @Override
        public String toString() {
            return shardId + "[" + startingHashKey + ".." + HashKeys.toDecimal(endHi, endLo) + "]";
        }
    }

    private final Range[] ranges;
    private final int version;

    private ShardMap(Range[] ranges, int version) {
        this.ranges = ranges;
        this.version = version;
    }

    /** The map of the open shards (no ending sequence number) among {@code shards}. */
    public static ShardMap of(List<Shard> shards, int version) {
        List<Range> open = new ArrayList<>();
        for (Shard s : shards) {
            if (s.sequenceNumberRange() == null || s.sequenceNumberRange().endingSequenceNumber() == null) {
                open.add(new Range(
                        s.shardId(),
                        s.hashKeyRange().startingHashKey(),
                        s.hashKeyRange().endingHashKey()));
            }
        }
        if (open.isEmpty()) {
            throw new IllegalStateException("the stream has no open shard");
        }
        open.sort(Comparator.comparing((Range r) -> r.startHi, Long::compareUnsigned)
                .thenComparing(r -> r.startLo, Long::compareUnsigned));
        Range[] ranges = open.toArray(new Range[0]);
        for (int i = 0; i < ranges.length; i++) {
            ranges[i].index = i;
        }
        return new ShardMap(ranges, version);
    }

    public int version() {
        return version;
    }

    public int size() {
        return ranges.length;
    }

    public List<Range> ranges() {
        return List.of(ranges);
    }

    /** The only shard, when there is exactly one (no hashing needed). */
    public Range single() {
        return ranges.length == 1 ? ranges[0] : null;
    }

    /** The shard owning hash key {@code (hi, lo)}; null only if the ranges leave a gap there. */
    public Range find(long hi, long lo) {
        int low = 0;
        int high = ranges.length - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            Range r = ranges[mid];
            if (HashKeys.compare(r.startHi, r.startLo, hi, lo) <= 0) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        if (found < 0 || !ranges[found].contains(hi, lo)) {
            return null;
        }
        return ranges[found];
    }

    /** The shard a partition key maps to. */
    public Range forPartitionKey(String partitionKey) {
        long[] h = HashKeys.ofPartitionKey(partitionKey);
        return find(h[0], h[1]);
    }

    @Override
    public String toString() {
        return "ShardMap{v" + version + ", " + List.of(ranges) + "}";
    }
}
