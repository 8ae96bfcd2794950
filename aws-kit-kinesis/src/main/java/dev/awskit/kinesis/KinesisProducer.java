package dev.awskit.kinesis;

import dev.awskit.core.AwsKit;
import dev.awskit.core.internal.Setting;
import dev.awskit.kinesis.internal.DefaultKinesisProducer;
import dev.awskit.kinesis.internal.ProducerConfig;
import java.time.Duration;
import java.util.List;
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
     * Buffers every record of {@code records}, in list order, and returns one future for all of them:
     * the bulk path for high-rate callers. It does what {@code send} does for each record (the same
     * batching, aggregation, retries, ordering per shard and backpressure) but allocates no future
     * and no {@link SendResult} per record, and takes the producer's lock once per few hundred
     * records instead of once per record.
     *
     * <pre>{@code
     * List<ProducerRecord> batch = new ArrayList<>();
     * for (Event e : events) {
     *     batch.add(ProducerRecord.of(e.userId(), e.bytes()));
     * }
     * SendReport report = producer.sendAll(batch).join();
     * for (RecordFailure f : report.failures()) {
     *     retryLater(batch.get(f.index()), f.error());
     * }
     * }</pre>
     *
     * <p>The future completes when the outcome of every record is known, never with an exception
     * for a record: each record that was not written is in {@link SendReport#failures()} with its
     * index and the {@link ProducerException} its own {@code send} future would have failed with
     * (expired, rejected, buffer full, abandoned at close). Records accepted before the buffer
     * filled keep going; with {@link Backpressure#block(Duration)} the caller waits for room as
     * {@code send} does, and with {@link Backpressure#failFast()} (or when the wait times out) the
     * records not yet accepted fail in the report. The future completes on the callback thread
     * (see {@link Builder#callbackExecutor(Executor)}), or already completed when no record was
     * accepted. It carries no shard or sequence number per record: use {@link #send} when you need
     * them.
     *
     * <p>Validation comes first and is all or nothing: when any record is too large for the stream
     * or null, nothing of the list is sent. The list is read during the call only; do not change
     * the records' data until the future completes.
     *
     * @return a future completed with a {@link SendReport} that accounts for every record
     * @throws IllegalArgumentException when a record is null or larger than the stream's record
     *     limit (the message names its index); nothing was sent
     * @throws IllegalStateException after {@link #close()}, or when the producer broke
     */
    default CompletableFuture<SendReport> sendAll(List<ProducerRecord> records) {
        Objects.requireNonNull(records, "records");
        List<CompletableFuture<SendResult>> futures = new java.util.ArrayList<>(records.size());
        for (ProducerRecord r : records) {
            futures.add(send(r));
        }
        return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
                .handle((ignored, failure) -> {
                    SendReportBuilder report = SendReport.builder().records(futures.size());
                    int ok = 0;
                    for (int i = 0; i < futures.size(); i++) {
                        CompletableFuture<SendResult> f = futures.get(i);
                        if (!f.isCompletedExceptionally()) {
                            ok++;
                            continue;
                        }
                        Throwable t = f.handle((v, e) -> e).join();
                        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
                            t = t.getCause();
                        }
                        ProducerException error = t instanceof ProducerException pe
                                ? pe
                                : new ProducerException(
                                        "The record with partition key '"
                                                + records.get(i).partitionKey() + "' of stream '" + streamName()
                                                + "' failed: " + t,
                                        t,
                                        0,
                                        false,
                                        null);
                        report.addFailures(RecordFailure.builder()
                                .index(i)
                                .partitionKey(records.get(i).partitionKey())
                                .error(error)
                                .build());
                    }
                    return report.succeeded(ok).build();
                });
    }

    /**
     * Sends everything buffered now and waits until the outcome of every accepted record is known
     * (including records other threads send meanwhile). Returns the metrics after the flush. The
     * futures complete on the callback thread right after (later only if a callback blocks it):
     * {@code join()} them for the values. When {@code close} returns, every future is done (see
     * {@link #close(Duration)}).
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
     *
     * <p>Every future is done when this returns: a completion the callback thread has not run by
     * the deadline (a callback blocks it, or this thread was interrupted) runs on the thread calling
     * {@code close}. With your own {@link Builder#callbackExecutor(Executor) callbackExecutor},
     * {@code close} waits within the timeout until your executor has run the completions; one it
     * has not run by then completes when it runs it.
     */
    default ProducerMetrics close(Duration timeout) {
        throw new UnsupportedOperationException(
                "close(Duration) is not supported by " + getClass().getName());
    }

    /**
     * Configures a producer. Each setter may be called once (a second call is an {@link
     * IllegalStateException} naming both values); bad values are rejected at once, and {@link
     * #build()} checks the settings against each other before it calls Kinesis.
     */
    final class Builder {
        /** The smallest record limit a stream can have (MaxRecordSizeInKiB is 1024..10240). */
        private static final long MIN_STREAM_RECORD_BYTES = 1L << 20;

        private final AwsKit kit;
        private final String streamName;
        private final Setting<Duration> maxBufferedTime = Setting.of("maxBufferedTime", Duration.ofMillis(100));
        private final Setting<Boolean> aggregation = Setting.of("aggregation", Boolean.TRUE);
        private final Setting<Integer> aggregationMaxBytes =
                Setting.of("aggregationMaxBytes", 51_200, n -> Setting.bytes(n));
        private final Setting<Duration> recordTtl = Setting.of("recordTtl", Duration.ofSeconds(30));
        private final Setting<Rate> shardRateLimit = Setting.of("shardRateLimit", new Rate(1_048_576, 1_000));
        private final Setting<Buffered> maxBuffered = Setting.of("maxBuffered", new Buffered(100_000, 64L << 20));
        private final Setting<Backpressure> backpressure =
                Setting.of("backpressure", Backpressure.block(Duration.ofSeconds(30)));
        private final Setting<Boolean> strictOrdering = Setting.of("strictOrdering", Boolean.FALSE);
        private final Setting<Integer> maxInFlightRequests = Setting.of("maxInFlightRequests", 64);
        private final Setting<Duration> metricsLogInterval = Setting.of("metricsLogInterval", Duration.ofMinutes(1));
        private final Setting<Integer> syncClient = Setting.of("syncClient", 0, n -> n + " threads");
        private final Setting<Executor> callbackExecutor = Setting.of("callbackExecutor");

        private record Rate(long bytesPerSecond, int recordsPerSecond) {
            @Override
            public String toString() {
                return Setting.bytes(bytesPerSecond) + "/s, " + recordsPerSecond + " records/s";
            }
        }

        private record Buffered(int records, long bytes) {
            @Override
            public String toString() {
                return records + " records, " + Setting.bytes(bytes);
            }
        }

        Builder(AwsKit kit, String streamName) {
            this.kit = Objects.requireNonNull(kit, "kit");
            this.streamName = Kinesis.checkStreamName(streamName);
        }

        /** How long a record may wait for others to share its request (default 100 ms). */
        public Builder maxBufferedTime(Duration maxBufferedTime) {
            Objects.requireNonNull(maxBufferedTime, "maxBufferedTime");
            if (maxBufferedTime.isNegative() || maxBufferedTime.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException(
                        "maxBufferedTime must be between 0 and 1 minute, was " + maxBufferedTime);
            }
            this.maxBufferedTime.set(maxBufferedTime);
            return this;
        }

        /** Pack the records of one shard into KPL aggregated records (default on). */
        public Builder aggregation(boolean aggregation) {
            this.aggregation.set(aggregation);
            return this;
        }

        /**
         * The largest aggregated record, magic and MD5 included (default 51,200 bytes, the KPL's).
         * Never more than the stream's record limit.
         */
        public Builder aggregationMaxBytes(int bytes) {
            if (bytes < 1024 || bytes > 10 << 20) {
                throw new IllegalArgumentException("aggregationMaxBytes must be 1024..10485760, was " + bytes);
            }
            this.aggregationMaxBytes.set(bytes);
            return this;
        }

        /** How long a record may be retried before its future fails (default 30 s, as the KPL). */
        public Builder recordTtl(Duration recordTtl) {
            Objects.requireNonNull(recordTtl, "recordTtl");
            if (recordTtl.toMillis() < 100) {
                throw new IllegalArgumentException("recordTtl must be at least 100 ms, was " + recordTtl);
            }
            this.recordTtl.set(recordTtl);
            return this;
        }

        /**
         * The most this producer sends to one shard per second (default 1 MiB and 1,000 records, the
         * Kinesis write limits). An aggregate counts as one record.
         */
        public Builder shardRateLimit(long bytesPerSecond, int recordsPerSecond) {
            if (bytesPerSecond < 1024) {
                throw new IllegalArgumentException("bytesPerSecond must be at least 1024, was " + bytesPerSecond);
            }
            if (recordsPerSecond < 1) {
                throw new IllegalArgumentException("recordsPerSecond must be at least 1, was " + recordsPerSecond);
            }
            this.shardRateLimit.set(new Rate(bytesPerSecond, recordsPerSecond));
            return this;
        }

        /**
         * The most records and bytes accepted and not yet completed (default 100,000 and 64 MiB).
         * The bytes must hold at least one record of the stream (1 MiB on a stream with the default
         * limit).
         */
        public Builder maxBuffered(int records, long bytes) {
            if (records < 1) {
                throw new IllegalArgumentException("maxBuffered records must be at least 1, was " + records);
            }
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxBuffered bytes must be at least 1024, was " + bytes);
            }
            this.maxBuffered.set(new Buffered(records, bytes));
            return this;
        }

        /** What {@code send} does when the buffer is full (default {@code block(30 s)}). */
        public Builder backpressure(Backpressure backpressure) {
            this.backpressure.set(Objects.requireNonNull(backpressure, "backpressure"));
            return this;
        }

        /** At most one entry per shard per request, so per-shard order survives retries (default off). */
        public Builder strictOrdering(boolean strictOrdering) {
            this.strictOrdering.set(strictOrdering);
            return this;
        }

        /** PutRecords requests in flight at once, over all shards (default 64). */
        public Builder maxInFlightRequests(int n) {
            if (n < 1 || n > 1024) {
                throw new IllegalArgumentException("maxInFlightRequests must be 1..1024, was " + n);
            }
            this.maxInFlightRequests.set(n);
            return this;
        }

        /** How often an SLF4J INFO summary is logged while records flow (default 1 min; 0 = never). */
        public Builder metricsLogInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("metricsLogInterval must not be negative, was " + interval);
            }
            this.metricsLogInterval.set(interval);
            return this;
        }

        /**
         * Send with the kit's synchronous (Apache) {@code KinesisClient} on {@code threads} threads
         * instead of the default asynchronous (Netty) {@code KinesisAsyncClient}.
         */
        public Builder syncClient(int threads) {
            if (threads < 1 || threads > 256) {
                throw new IllegalArgumentException("syncClient threads must be 1..256, was " + threads);
            }
            this.syncClient.set(threads);
            return this;
        }

        /**
         * Where the futures complete, so where callbacks attached to them run (default: one thread
         * of the producer's own, so callbacks run in completion order and never on the sender or an
         * SDK thread). The producer does not shut this executor down.
         */
        public Builder callbackExecutor(Executor executor) {
            this.callbackExecutor.set(Objects.requireNonNull(executor, "executor"));
            return this;
        }

        /**
         * Reads the stream's record size limit and shard map and starts the sender thread.
         *
         * @throws IllegalStateException when settings contradict each other, before any call: {@code
         *     aggregationMaxBytes} with {@code aggregation(false)}; a {@code recordTtl} not longer
         *     than {@code maxBufferedTime}; {@code maxBuffered} bytes below 1 MiB, the smallest
         *     record limit a stream can have
         * @throws StreamNotFoundException when the stream does not exist
         * @throws IllegalArgumentException when {@code maxBuffered} bytes are fewer than one record of
         *     the stream may take (its MaxRecordSizeInKiB, data plus partition key)
         * @throws dev.awskit.core.AwsKitException when Kinesis cannot be reached
         */
        public KinesisProducer build() {
            return DefaultKinesisProducer.start(kit, config());
        }

        /** The stream and the settings written so far: {@code KinesisProducer.Builder{stream events, maxBufferedTime=PT1S, build() makes it}}. */
        @Override
        public String toString() {
            StringBuilder what = new StringBuilder("stream ").append(streamName);
            for (Setting<?> s : List.<Setting<?>>of(
                    maxBufferedTime,
                    aggregation,
                    aggregationMaxBytes,
                    recordTtl,
                    shardRateLimit,
                    maxBuffered,
                    backpressure,
                    strictOrdering,
                    maxInFlightRequests,
                    metricsLogInterval,
                    syncClient,
                    callbackExecutor)) {
                if (s.isSet()) {
                    what.append(", ").append(s.name()).append('=').append(s.shown());
                }
            }
            return dev.awskit.core.internal.Texts.builder("KinesisProducer.Builder", what.toString());
        }

        /** The checked configuration; package-private for tests. */
        ProducerConfig config() {
            if (aggregationMaxBytes.isSet() && !aggregation.get()) {
                throw new IllegalStateException("aggregationMaxBytes (" + aggregationMaxBytes.shown()
                        + ") sizes aggregated records, but aggregation is off: drop aggregationMaxBytes, or turn"
                        + " aggregation on");
            }
            if (recordTtl.get().compareTo(maxBufferedTime.get()) <= 0) {
                throw new IllegalStateException(
                        "recordTtl (" + recordTtl.get() + ") must be longer than maxBufferedTime ("
                                + maxBufferedTime.get() + "): records would expire while they wait to be batched");
            }
            if (maxBuffered.get().bytes() < MIN_STREAM_RECORD_BYTES) {
                throw new IllegalStateException(
                        "maxBuffered bytes (" + Setting.bytes(maxBuffered.get().bytes())
                                + ") cannot hold one record of the largest size any stream accepts (at least 1 MiB, data"
                                + " plus partition key): raise maxBuffered to at least 1 MiB");
            }
            return new ProducerConfig(
                    streamName,
                    maxBufferedTime.get(),
                    aggregation.get(),
                    aggregationMaxBytes.get(),
                    recordTtl.get(),
                    shardRateLimit.get().bytesPerSecond(),
                    shardRateLimit.get().recordsPerSecond(),
                    maxBuffered.get().records(),
                    maxBuffered.get().bytes(),
                    backpressure.get().timeout(),
                    strictOrdering.get(),
                    maxInFlightRequests.get(),
                    metricsLogInterval.get(),
                    syncClient.get(),
                    callbackExecutor.get());
        }
    }
}
