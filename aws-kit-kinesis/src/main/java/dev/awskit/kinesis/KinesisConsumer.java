package dev.awskit.kinesis;

import dev.awskit.core.AwsKit;
import dev.awskit.kinesis.internal.DefaultKinesisConsumer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pull consumer on one machine: GetShardIterator and GetRecords over one shard or all of them,
 * KPL aggregates unpacked, parents read to their end before their children (splits and merges),
 * GetRecords paced to the shard limit (5 calls per second) with backoff when throttled.
 *
 * <pre>{@code
 * try (KinesisConsumer c = Kinesis.of(aws).consumer("my-event-dev").from(StartPosition.trimHorizon()).build()) {
 *     for (ConsumedRecord r : c.readAvailable()) {
 *         System.out.println(r.partitionKey() + " " + r.text());
 *     }
 *     Map<String, String> checkpoint = c.positions();   // resume later with resumeFrom(checkpoint)
 * }
 * }</pre>
 *
 * <p>It keeps no leases and no checkpoints of its own: for many machines sharing a stream, hand
 * processing to the KCL (see the module README). Not thread-safe: poll from one thread.
 */
public interface KinesisConsumer extends AutoCloseable {

    /**
     * One round: one GetRecords call on every readable shard whose pause has passed, waiting at most
     * one poll interval for the first to be ready. May return an empty list.
     */
    List<ConsumedRecord> poll();

    /**
     * Polls until caught up: every shard read is at its end (closed) or answered with no records and
     * zero milliseconds behind the tip. Gives up after {@code maxTime}, returning what it read.
     */
    List<ConsumedRecord> readAvailable(Duration maxTime);

    /** {@link #readAvailable(Duration)} for up to one minute. */
    default List<ConsumedRecord> readAvailable() {
        return readAvailable(Duration.ofMinutes(1));
    }

    /** Whether every shard in scope is closed and read to its end: nothing more will come. */
    boolean finished();

    /** The sequence number of the last record read, per shard: a checkpoint for {@code resumeFrom}. */
    Map<String, String> positions();

    @Override
    void close();

    /** Configures a consumer; each setter may be called once. */
    final class Builder {
        private final AwsKit kit;
        private final String streamName;
        private final Map<String, String> set = new LinkedHashMap<>();
        private String shardId;
        private StartPosition position = StartPosition.trimHorizon();
        private Map<String, String> resume = Map.of();
        private int maxRecordsPerCall = 10_000;
        private Duration pollInterval = Duration.ofMillis(200);

        Builder(AwsKit kit, String streamName) {
            this.kit = Objects.requireNonNull(kit, "kit");
            this.streamName = Kinesis.checkStreamName(streamName);
        }

        /** Read only this shard (default: every shard, parents before children). */
        public Builder shard(String shardId) {
            once("shard", shardId);
            if (shardId == null || shardId.isBlank()) {
                throw new IllegalArgumentException("shardId must not be empty, e.g. shardId-000000000000");
            }
            this.shardId = shardId;
            return this;
        }

        /** Where to start (default TRIM_HORIZON). Sequence-number positions need {@link #shard(String)}. */
        public Builder from(StartPosition position) {
            Objects.requireNonNull(position, "position");
            once("from", position);
            this.position = position;
            return this;
        }

        /** Start after these sequence numbers (from {@link #positions()}); other shards use {@code from}. */
        public Builder resumeFrom(Map<String, String> positions) {
            once("resumeFrom", positions.size() + " shard positions");
            positions.forEach((k, v) -> StartPosition.afterSequenceNumber(v));
            this.resume = Map.copyOf(new LinkedHashMap<>(positions));
            return this;
        }

        /** GetRecords limit per call, 1 to 10,000 (default 10,000, the API maximum). */
        public Builder maxRecordsPerCall(int n) {
            once("maxRecordsPerCall", n);
            if (n < 1 || n > 10_000) {
                throw new IllegalArgumentException("maxRecordsPerCall must be 1..10000, was " + n);
            }
            this.maxRecordsPerCall = n;
            return this;
        }

        /**
         * The least time between two GetRecords calls on one shard (default 200 ms: the shard limit is
         * 5 calls per second, shared by every consumer of the stream).
         */
        public Builder pollInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            once("pollInterval", interval);
            if (interval.toMillis() < 1 || interval.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("pollInterval must be 1 ms..1 min, was " + interval);
            }
            this.pollInterval = interval;
            return this;
        }

        /**
         * Lists the shards and gets the first iterators lazily on the first poll.
         *
         * @throws IllegalArgumentException for a sequence-number position without {@link #shard(String)}
         */
        /** The stream and the settings changed so far: {@code KinesisConsumer.Builder{stream events, ..., build() makes it}}. */
        @Override
        public String toString() {
            StringBuilder what = new StringBuilder("stream ").append(streamName);
            set.forEach((k, v) -> what.append(", ").append(k).append('=').append(v));
            return dev.awskit.core.internal.Texts.builder("KinesisConsumer.Builder", what.toString());
        }

        public KinesisConsumer build() {
            if (position.isShardSpecific() && shardId == null) {
                throw new IllegalArgumentException("StartPosition " + position
                        + " names a sequence number, which belongs to one shard: add .shard(\"shardId-...\"), or"
                        + " use resumeFrom(Map) for many shards");
            }
            return new DefaultKinesisConsumer(
                    kit, streamName, shardId, position, resume, maxRecordsPerCall, pollInterval);
        }

        private void once(String name, Object value) {
            String previous = set.putIfAbsent(name, String.valueOf(value));
            if (previous != null) {
                throw new IllegalStateException(name + " was already set to " + previous
                        + " on this consumer builder; a second value (" + value + ") would silently replace"
                        + " it: set it once");
            }
        }
    }
}
