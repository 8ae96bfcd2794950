package dev.awskit.kinesis;

import dev.awskit.core.AwsKit;
import dev.awskit.core.internal.Setting;
import dev.awskit.kinesis.internal.DefaultKinesisConsumer;
import dev.awskit.kinesis.internal.ReadChecks;
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

    /**
     * Configures a consumer; each setter may be called once (a second call is an {@link
     * IllegalStateException} naming both values), and {@link #build()} checks them against each other.
     */
    final class Builder {
        private final AwsKit kit;
        private final String streamName;
        private final Setting<String> shard = Setting.of("shard");
        private final Setting<StartPosition> from = Setting.of("from", StartPosition.trimHorizon());
        private final Setting<Map<String, String>> resumeFrom =
                Setting.of("resumeFrom", Map.of(), m -> m.size() + " shard positions");
        private final Setting<Integer> maxRecordsPerCall = Setting.of("maxRecordsPerCall", 10_000);
        private final Setting<Duration> pollInterval = Setting.of("pollInterval", Duration.ofMillis(200));
        private final Setting<String> enhancedFanOut = Setting.of("enhancedFanOut");

        Builder(AwsKit kit, String streamName) {
            this.kit = Objects.requireNonNull(kit, "kit");
            this.streamName = Kinesis.checkStreamName(streamName);
        }

        /** Read only this shard (default: every shard, parents before children). */
        public Builder shard(String shardId) {
            if (shardId == null || shardId.isBlank()) {
                throw new IllegalArgumentException("shardId must not be empty, e.g. shardId-000000000000");
            }
            this.shard.set(shardId);
            return this;
        }

        /** Where to start (default TRIM_HORIZON). Sequence-number positions need {@link #shard(String)}. */
        public Builder from(StartPosition position) {
            this.from.set(Objects.requireNonNull(position, "position"));
            return this;
        }

        /** Start after these sequence numbers (from {@link #positions()}); other shards use {@code from}. */
        public Builder resumeFrom(Map<String, String> positions) {
            Objects.requireNonNull(positions, "positions");
            positions.forEach((k, v) -> StartPosition.afterSequenceNumber(v));
            this.resumeFrom.set(Map.copyOf(new LinkedHashMap<>(positions)));
            return this;
        }

        /** GetRecords limit per call, 1 to 10,000 (default 10,000, the API maximum). */
        public Builder maxRecordsPerCall(int n) {
            this.maxRecordsPerCall.set(ReadChecks.maxRecordsPerCall(n));
            return this;
        }

        /**
         * The least time between two GetRecords calls on one shard (default 200 ms: the shard limit is
         * 5 calls per second, shared by every consumer of the stream).
         */
        public Builder pollInterval(Duration interval) {
            this.pollInterval.set(ReadChecks.pollInterval(interval));
            return this;
        }

        /**
         * Reads with enhanced fan-out: registers the stream consumer {@code consumerName} if it does not
         * exist (RegisterStreamConsumer, then DescribeStreamConsumer until ACTIVE; idempotent) and reads
         * every shard with SubscribeToShard: records are pushed over the kit's async client, with this
         * consumer's own 2 MB/s per shard instead of the shared GetRecords limits. {@code pollInterval}
         * is then how long a poll waits for pushed records. Not with {@link #maxRecordsPerCall(int)}.
         */
        public Builder enhancedFanOut(String consumerName) {
            this.enhancedFanOut.set(dev.awskit.kinesis.internal.EnhancedFanOut.checkConsumerName(consumerName));
            return this;
        }

        /**
         * Lists the shards and gets the first iterators lazily on the first poll.
         *
         * @throws IllegalArgumentException for a sequence-number position without {@link #shard(String)}
         */
        public KinesisConsumer build() {
            StartPosition position = from.get();
            String shardId = shard.get();
            if (position.isShardSpecific() && shardId == null) {
                throw new IllegalArgumentException("StartPosition " + position
                        + " names a sequence number, which belongs to one shard: add .shard(\"shardId-...\"), or"
                        + " use resumeFrom(Map) for many shards");
            }
            // pollInterval stays: with enhanced fan-out it is how long a poll waits for pushed records
            ReadChecks.pushedNotPolled(
                    "consumer of stream " + streamName,
                    enhancedFanOut.get(),
                    maxRecordsPerCall.isSet() ? List.of(maxRecordsPerCall.name()) : List.of());
            Map<String, String> resume = resumeFrom.get();
            return new DefaultKinesisConsumer(
                    kit,
                    streamName,
                    shardId,
                    position,
                    resume,
                    maxRecordsPerCall.get(),
                    pollInterval.get(),
                    enhancedFanOut.get());
        }

        /** The stream and the settings written so far: {@code KinesisConsumer.Builder{stream events, maxBufferedTime=PT1S, build() makes it}}. */
        @Override
        public String toString() {
            StringBuilder what = new StringBuilder("stream ").append(streamName);
            for (Setting<?> s :
                    List.<Setting<?>>of(shard, from, resumeFrom, maxRecordsPerCall, pollInterval, enhancedFanOut)) {
                if (s.isSet()) {
                    what.append(", ").append(s.name()).append('=').append(s.shown());
                }
            }
            return dev.awskit.core.internal.Texts.builder("KinesisConsumer.Builder", what.toString());
        }
    }
}
