package dev.awskit.kinesis.internal;

import dev.awskit.core.AwsKit;
import dev.awskit.core.RetryPolicy;
import dev.awskit.kinesis.KinesisProducer;
import dev.awskit.kinesis.ProducerMetrics;
import dev.awskit.kinesis.ProducerRecord;
import dev.awskit.kinesis.SendReport;
import dev.awskit.kinesis.SendResult;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

/**
 * The producer users hold: a handle on a {@link ProducerEngine}. The engine's threads reference
 * only the engine, so a handle dropped without {@link #close()} becomes unreachable; its Cleaner
 * then fails the records still pending and logs how many were lost.
 */
public final class DefaultKinesisProducer implements KinesisProducer {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final Cleaner CLEANER = Cleaner.create(r -> daemon(r, "aws-kit-kinesis-cleaner"));

    /** How the producer reaches Kinesis; the real one wraps the kit's clients, tests use fakes. */
    public interface Backend {
        CompletableFuture<PutRecordsResponse> putRecords(PutRecordsRequest request);

        List<Shard> listShards();

        default void close() {}
    }

    private final ProducerEngine engine;
    private final Cleaner.Cleanable cleanable;

    /** Builds the producer on the kit's clients: reads the record limit and the shard map. */
    public static DefaultKinesisProducer start(AwsKit kit, ProducerConfig config) {
        String region = kit.region().id();
        Streams streams = new Streams(kit);
        StreamDescriptionSummary summary = streams.summary(config.streamName());
        int maxKiB = summary.maxRecordSizeInKiB() != null ? summary.maxRecordSizeInKiB() : 1024;
        Backend backend;
        if (config.syncClientThreads() > 0) {
            KinesisClient sync = kit.client(KinesisClient.class);
            ExecutorService pool = new ThreadPoolExecutor(
                    config.syncClientThreads(),
                    config.syncClientThreads(),
                    30,
                    TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(),
                    r -> daemon(r, "aws-kit-kinesis-put-" + THREADS.incrementAndGet()));
            backend = new Backend() {
                @Override
                public CompletableFuture<PutRecordsResponse> putRecords(PutRecordsRequest request) {
                    return CompletableFuture.supplyAsync(() -> sync.putRecords(request), pool);
                }

                @Override
                public List<Shard> listShards() {
                    return streams.listShards(config.streamName());
                }

                @Override
                public void close() {
                    pool.shutdown();
                }
            };
        } else {
            KinesisAsyncClient async = kit.client(KinesisAsyncClient.class);
            backend = new Backend() {
                @Override
                public CompletableFuture<PutRecordsResponse> putRecords(PutRecordsRequest request) {
                    return async.putRecords(request);
                }

                @Override
                public List<Shard> listShards() {
                    return streams.listShards(config.streamName());
                }
            };
        }
        return new DefaultKinesisProducer(config, region, kit.retryPolicy(), backend, maxKiB * 1024);
    }

    static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * A producer over any backend (tests, benchmarks); starts the sender thread.
     *
     * @throws IllegalArgumentException when {@code maxBuffered} bytes cannot hold one record of
     *     {@code maxRecordBytes}
     */
    public DefaultKinesisProducer(
            ProducerConfig config, String region, RetryPolicy retry, Backend backend, int maxRecordBytes) {
        this.engine = new ProducerEngine(config, region, retry, backend, maxRecordBytes);
        this.cleanable = CLEANER.register(this, new Reaper(engine));
    }

    /** The Cleaner's action: must not reference the handle. */
    private static final class Reaper implements Runnable {
        private final ProducerEngine engine;

        Reaper(ProducerEngine engine) {
            this.engine = engine;
        }

        @Override
        public void run() {
            engine.abandonUnreachable(); // does nothing after close()
        }
    }

    // Each method keeps the handle reachable until it returns (reachabilityFence): a producer that
    // is still being flushed or closed must not count as dropped.

    @Override
    public CompletableFuture<SendResult> send(String partitionKey, byte[] data) {
        try {
            return engine.send(ProducerRecord.of(partitionKey, data));
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public CompletableFuture<SendResult> send(ProducerRecord record) {
        try {
            return engine.send(Objects.requireNonNull(record, "record"));
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public CompletableFuture<SendReport> sendAll(List<ProducerRecord> records) {
        try {
            return engine.sendAll(Objects.requireNonNull(records, "records"));
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public ProducerMetrics flush() {
        try {
            return engine.flush();
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public ProducerMetrics flush(Duration timeout) {
        checkTimeout(timeout);
        try {
            return engine.flush(timeout);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public ProducerMetrics metrics() {
        return engine.metrics();
    }

    @Override
    public String streamName() {
        return engine.streamName();
    }

    @Override
    public void close() {
        close(engine.defaultCloseTimeout());
    }

    @Override
    public ProducerMetrics close(Duration timeout) {
        checkTimeout(timeout);
        try {
            return engine.close(timeout);
        } finally {
            cleanable.clean(); // runs the Reaper once, which finds the engine stopped
            Reference.reachabilityFence(this);
        }
    }

    private static Duration checkTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
        }
        return timeout;
    }

    /** The shard map in use (tests). */
    public ShardMap shardMap() {
        return engine.shardMap();
    }

    @Override
    public String toString() {
        return engine.toString();
    }
}
