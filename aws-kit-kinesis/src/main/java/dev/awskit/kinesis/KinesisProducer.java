package dev.awskit.kinesis;

import dev.awskit.core.AwsKit;
import dev.awskit.kinesis.internal.DefaultKinesisProducer;
import dev.awskit.kinesis.internal.ProducerConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A batching, aggregating Kinesis producer in plain Java: a replacement for the KPL without its
 * native daemon.
 *
 * <pre>{@code
 * try (KinesisProducer p = Kinesis.of(aws).producer("my-event-dev").build()) {
 *     CompletableFuture<SendResult> f = p.send("user-42", bytes);
 * }   // close() flushes and waits
 * }</pre>
 *
 * <p>Records wait up to {@code maxBufferedTime} (100 ms) and are then sent in PutRecords requests
 * of at most 500 entries and 5 MiB. With aggregation (on by default) the records for one shard are
 * packed into KPL aggregated records that the KCL, Lambda and {@link KinesisConsumer} unpack. Each
 * shard's predicted throughput stays under its limits (1 MiB/s and 1,000 records/s by default).
 * Entries that fail inside a PutRecords answer are retried with the kit's {@code RetryPolicy}
 * backoff until the record TTL; then the future fails with a {@link ProducerException}. A PutRecords
 * call that fails as a whole was already retried by the SDK (the kit's policy mapped onto it) and is
 * not sent again by the producer: one retry owner per call. Thread-safe.
 *
 * <p><b>Ordering.</b> Records of one shard are sent in the order {@code send} was called and at most
 * one request per shard is in flight; a failed entry is retried before anything that follows it on
 * that shard. Only the entries after a failed one <em>in the same request</em> can overtake it; with
 * {@link Builder#strictOrdering(boolean) strictOrdering} each request carries at most one entry per
 * shard, so per-shard (and so per-partition-key) order holds even across retries. When a shard is
 * split or merged, the closing shard sends nothing more until its request in flight is answered; its
 * records (a failed one first) then move to the child shards ahead of anything sent after them.
 *
 * <p><b>Callbacks.</b> Futures complete on the producer's own callback thread (or the {@link
 * Builder#callbackExecutor(Executor) executor you give}), never on the sender thread or an SDK
 * thread: a slow or blocking callback delays other callbacks, never sending.
 *
 * <p><b>Failure of the producer itself.</b> If the sender thread dies or handling a response
 * throws (a bug, an {@code Error}, a retry predicate that throws), every pending future fails with a
 * {@link ProducerException} carrying the cause, {@code flush()} throws, and {@code send} throws an
 * {@link IllegalStateException} naming the cause: the producer is broken; build a new one. A
 * producer dropped without {@code close()} fails its pending records and logs a warning saying how
 * many were lost.
 */
public interface KinesisProducer extends AutoCloseable {

    /** Sends {@code data} under {@code partitionKey}; see {@link #send(ProducerRecord)}. */
    CompletableFuture<SendResult> send(String partitionKey, byte[] data);

    /**
     * Buffers a record for sending. Blocks only when the buffer is full and the backpressure mode is
     * {@link Backpressure#block(Duration)}.
     *
     * @return a future completed with where the record was written, or failed with a {@link
     *     ProducerException} (expired, rejected, buffer full)
     * @throws IllegalArgumentException when the record is larger than the stream's record limit
     *     (data plus partition key) or its explicit hash key is invalid
     * @throws IllegalStateException after {@link #close()}
     */
    CompletableFuture<SendResult> send(ProducerRecord record);

    /**
     * Sends everything buffered now and waits until the outcome of every accepted record is known
     * (including records other threads send meanwhile). Returns the metrics after the flush. The
     * futures complete on the callback thread right after (later only if a callback blocks it):
     * {@code join()} them for the values. {@code close} waits for callbacks already queued, but a
     * future may still complete just after it returns: {@code join()} it rather than test
     * {@code isDone()}.
     *
     * @throws IllegalStateException when the producer broke (see the class comment); the cause is
     *     attached
     */
    ProducerMetrics flush();

    /**
     * Like {@link #flush()}, but returns after {@code timeout} at the latest. When it returns at the
     * deadline, {@link ProducerMetrics#buffered()} of the result is above 0 and those records keep
     * going (a flush abandons nothing).
     *
     * @throws IllegalStateException when the producer broke
     */
    default ProducerMetrics flush(Duration timeout) {
        throw new UnsupportedOperationException(
                "flush(Duration) is not supported by " + getClass().getName());
    }

    /** The counters since the producer was built. */
    ProducerMetrics metrics();

    /** The stream this producer writes to. */
    String streamName();

    /**
     * {@link #close(Duration) close(recordTtl + 1 minute)}: longer than any record can be retried,
     * so only requests whose answer never comes are cut short. Never throws for failed records
     * (their futures say it); does not close the kit.
     */
    @Override
    void close();

    /**
     * Stops taking records, sends everything buffered and waits up to {@code timeout} for every
     * record to complete; then fails the futures of the records still pending with a {@link
     * ProducerException} ("... was closed with 3 records not yet confirmed after waiting PT5S: this
     * record was never sent" or "... was in flight; its answer never came, so it may or may not
     * have been written"), logs a warning with their number and stops the threads. Returns the last
     * metrics; {@link ProducerMetrics#abandoned()} counts those records. Sending afterwards is an
     * {@link IllegalStateException}. A second close returns at once.
     */
    default ProducerMetrics close(Duration timeout) {
        throw new UnsupportedOperationException(
                "close(Duration) is not supported by " + getClass().getName());
    }

    /**
     * Configures a producer. Each setter may be called once (a second call is an {@link
     * IllegalStateException}); bad values are rejected at once.
     */
    final class Builder {
        private final AwsKit kit;
        private final String streamName;
        private final Map<String, String> set = new LinkedHashMap<>();
        private Duration maxBufferedTime = Duration.ofMillis(100);
        private boolean aggregation = true;
        private int aggregationMaxBytes = 51_200;
        private Duration recordTtl = Duration.ofSeconds(30);
        private long shardBytesPerSecond = 1_048_576;
        private int shardRecordsPerSecond = 1_000;
        private int maxBufferedRecords = 100_000;
        private long maxBufferedBytes = 64L << 20;
        private Backpressure backpressure = Backpressure.block(Duration.ofSeconds(30));
        private boolean strictOrdering;
        private int maxInFlightRequests = 64;
        private Duration metricsLogInterval = Duration.ofMinutes(1);
        private int syncClientThreads;
        private Executor callbackExecutor;

        Builder(AwsKit kit, String streamName) {
            this.kit = Objects.requireNonNull(kit, "kit");
            this.streamName = Kinesis.checkStreamName(streamName);
        }

        /** How long a record may wait for others to share its request (default 100 ms). */
        public Builder maxBufferedTime(Duration maxBufferedTime) {
            Objects.requireNonNull(maxBufferedTime, "maxBufferedTime");
            once("maxBufferedTime", maxBufferedTime);
            if (maxBufferedTime.isNegative() || maxBufferedTime.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException(
                        "maxBufferedTime must be between 0 and 1 minute, was " + maxBufferedTime);
            }
            this.maxBufferedTime = maxBufferedTime;
            return this;
        }

        /** Pack the records of one shard into KPL aggregated records (default on). */
        public Builder aggregation(boolean aggregation) {
            once("aggregation", aggregation);
            this.aggregation = aggregation;
            return this;
        }

        /**
         * The largest aggregated record, magic and MD5 included (default 51,200 bytes, the KPL's).
         * Never more than the stream's record limit.
         */
        public Builder aggregationMaxBytes(int bytes) {
            once("aggregationMaxBytes", bytes);
            if (bytes < 1024 || bytes > 10 << 20) {
                throw new IllegalArgumentException("aggregationMaxBytes must be 1024..10485760, was " + bytes);
            }
            this.aggregationMaxBytes = bytes;
            return this;
        }

        /** How long a record may be retried before its future fails (default 30 s, as the KPL). */
        public Builder recordTtl(Duration recordTtl) {
            Objects.requireNonNull(recordTtl, "recordTtl");
            once("recordTtl", recordTtl);
            if (recordTtl.toMillis() < 100) {
                throw new IllegalArgumentException("recordTtl must be at least 100 ms, was " + recordTtl);
            }
            this.recordTtl = recordTtl;
            return this;
        }

        /**
         * The most this producer sends to one shard per second (default 1 MiB and 1,000 records, the
         * Kinesis write limits). An aggregate counts as one record.
         */
        public Builder shardRateLimit(long bytesPerSecond, int recordsPerSecond) {
            once("shardRateLimit", bytesPerSecond + " bytes/s, " + recordsPerSecond + " records/s");
            if (bytesPerSecond < 1024) {
                throw new IllegalArgumentException("bytesPerSecond must be at least 1024, was " + bytesPerSecond);
            }
            if (recordsPerSecond < 1) {
                throw new IllegalArgumentException("recordsPerSecond must be at least 1, was " + recordsPerSecond);
            }
            this.shardBytesPerSecond = bytesPerSecond;
            this.shardRecordsPerSecond = recordsPerSecond;
            return this;
        }

        /** The most records and bytes accepted and not yet completed (default 100,000 and 64 MiB). */
        public Builder maxBuffered(int records, long bytes) {
            once("maxBuffered", records + " records, " + bytes + " bytes");
            if (records < 1) {
                throw new IllegalArgumentException("maxBuffered records must be at least 1, was " + records);
            }
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxBuffered bytes must be at least 1024, was " + bytes);
            }
            this.maxBufferedRecords = records;
            this.maxBufferedBytes = bytes;
            return this;
        }

        /** What {@code send} does when the buffer is full (default {@code block(30 s)}). */
        public Builder backpressure(Backpressure backpressure) {
            Objects.requireNonNull(backpressure, "backpressure");
            once("backpressure", backpressure);
            this.backpressure = backpressure;
            return this;
        }

        /** At most one entry per shard per request, so per-shard order survives retries (default off). */
        public Builder strictOrdering(boolean strictOrdering) {
            once("strictOrdering", strictOrdering);
            this.strictOrdering = strictOrdering;
            return this;
        }

        /** PutRecords requests in flight at once, over all shards (default 64). */
        public Builder maxInFlightRequests(int n) {
            once("maxInFlightRequests", n);
            if (n < 1 || n > 1024) {
                throw new IllegalArgumentException("maxInFlightRequests must be 1..1024, was " + n);
            }
            this.maxInFlightRequests = n;
            return this;
        }

        /** How often an SLF4J INFO summary is logged while records flow (default 1 min; 0 = never). */
        public Builder metricsLogInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            once("metricsLogInterval", interval);
            if (interval.isNegative()) {
                throw new IllegalArgumentException("metricsLogInterval must not be negative, was " + interval);
            }
            this.metricsLogInterval = interval;
            return this;
        }

        /**
         * Send with the kit's synchronous (Apache) {@code KinesisClient} on {@code threads} threads
         * instead of the default asynchronous (Netty) {@code KinesisAsyncClient}.
         */
        public Builder syncClient(int threads) {
            once("syncClient", threads + " threads");
            if (threads < 1 || threads > 256) {
                throw new IllegalArgumentException("syncClient threads must be 1..256, was " + threads);
            }
            this.syncClientThreads = threads;
            return this;
        }

        /**
         * Where the futures complete, so where callbacks attached to them run (default: one thread
         * of the producer's own, so callbacks run in completion order and never on the sender or an
         * SDK thread). The producer does not shut this executor down.
         */
        public Builder callbackExecutor(Executor executor) {
            Objects.requireNonNull(executor, "executor");
            once("callbackExecutor", executor);
            this.callbackExecutor = executor;
            return this;
        }

        /**
         * Reads the stream's record size limit and shard map and starts the sender thread.
         *
         * @throws StreamNotFoundException when the stream does not exist
         * @throws IllegalArgumentException when {@code maxBuffered} bytes are fewer than one record of
         *     the stream may take (its MaxRecordSizeInKiB, data plus partition key)
         * @throws dev.awskit.core.AwsKitException when Kinesis cannot be reached
         */
        /** The stream and the settings changed so far: {@code KinesisProducer.Builder{stream events, ..., build() makes it}}. */
        @Override
        public String toString() {
            StringBuilder what = new StringBuilder("stream ").append(streamName);
            set.forEach((k, v) -> what.append(", ").append(k).append('=').append(v));
            return dev.awskit.core.internal.Texts.builder("KinesisProducer.Builder", what.toString());
        }

        public KinesisProducer build() {
            ProducerConfig c = new ProducerConfig(
                    streamName,
                    maxBufferedTime,
                    aggregation,
                    aggregationMaxBytes,
                    recordTtl,
                    shardBytesPerSecond,
                    shardRecordsPerSecond,
                    maxBufferedRecords,
                    maxBufferedBytes,
                    backpressure.timeout(),
                    strictOrdering,
                    maxInFlightRequests,
                    metricsLogInterval,
                    syncClientThreads,
                    callbackExecutor);
            return DefaultKinesisProducer.start(kit, c);
        }

        private void once(String name, Object value) {
            String previous = set.putIfAbsent(name, String.valueOf(value));
            if (previous != null) {
                throw new IllegalStateException(name + " was already set to " + previous
                        + " on this producer builder; a second value (" + value + ") would silently replace"
                        + " it: set it once");
            }
        }
    }
}
