package dev.awskit.benchmarks.kinesis;

import dev.awskit.core.RetryPolicy;
import dev.awskit.kinesis.ProducerRecord;
import dev.awskit.kinesis.SendReport;
import dev.awskit.kinesis.SendResult;
import dev.awskit.kinesis.internal.DefaultKinesisProducer;
import dev.awskit.kinesis.internal.KplAggregate;
import dev.awskit.kinesis.internal.ProducerConfig;
import dev.awskit.kinesis.internal.ShardMap;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import software.amazon.awssdk.services.kinesis.model.HashKeyRange;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.SequenceNumberRange;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Records per second through aws-kit's Kinesis producer with no network: validation, shard
 * prediction (MD5 of the partition key over 4 shards), KPL aggregation (MD5 trailer included),
 * batching into PutRecords requests, and completing every record's future. The backend answers
 * each request at once with success.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar KinesisBatchingBenchmark -prof gc
 * </pre>
 *
 * Scores are per record ({@code @OperationsPerInvocation}); {@code gc.alloc.rate.norm} is bytes
 * allocated per record. {@code sendAndFlush} sends each record with {@code send} (a future and a
 * result per record); {@code sendAllAndFlush} sends the same records as one list with {@code
 * sendAll} (one report for all).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class KinesisBatchingBenchmark {
    static final int RECORDS = 10_000;
    static final int KEYS = 1_000;

    @Param({"100", "1024"})
    public int recordSize;

    @Param({"true", "false"})
    public boolean aggregation;

    /** 1 shard skips the MD5 shard prediction; 4 shards pay for it. */
    @Param({"1", "4"})
    public int shards;

    private DefaultKinesisProducer producer;
    private byte[] data;
    private String[] keys;

    /** Answers every request at once: every entry succeeded on the shard it was meant for. */
    static final class InstantBackend implements DefaultKinesisProducer.Backend {
        final List<Shard> shards;
        final Map<String, PutRecordsResultEntry> answers = new HashMap<>();

        InstantBackend(int n) {
            List<Shard> s = new ArrayList<>();
            BigInteger size = BigInteger.ONE.shiftLeft(128).divide(BigInteger.valueOf(n));
            for (int i = 0; i < n; i++) {
                BigInteger start = size.multiply(BigInteger.valueOf(i));
                BigInteger end = i == n - 1
                        ? BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE)
                        : start.add(size).subtract(BigInteger.ONE);
                s.add(Shard.builder()
                        .shardId(String.format("shardId-%012d", i))
                        .hashKeyRange(HashKeyRange.builder()
                                .startingHashKey(start.toString())
                                .endingHashKey(end.toString())
                                .build())
                        .sequenceNumberRange(SequenceNumberRange.builder()
                                .startingSequenceNumber("0")
                                .build())
                        .build());
            }
            this.shards = List.copyOf(s);
            ShardMap map = ShardMap.of(shards, 1);
            for (ShardMap.Range r : map.ranges()) {
                answers.put(r.startingHashKey(), result(r.shardId()));
            }
            for (int i = 0; i < KEYS; i++) {
                answers.put("user-" + i, result(map.forPartitionKey("user-" + i).shardId()));
            }
        }

        static PutRecordsResultEntry result(String shardId) {
            return PutRecordsResultEntry.builder()
                    .shardId(shardId)
                    .sequenceNumber("49590338271490256608559692538361571095921575989136588898")
                    .build();
        }

        @Override
        public CompletableFuture<PutRecordsResponse> putRecords(PutRecordsRequest request) {
            // answer with the shard Kinesis would choose (precomputed), so the producer never refreshes
            List<PutRecordsResultEntry> results =
                    new ArrayList<>(request.records().size());
            for (PutRecordsRequestEntry e : request.records()) {
                results.add(answers.get(e.explicitHashKey() != null ? e.explicitHashKey() : e.partitionKey()));
            }
            return CompletableFuture.completedFuture(PutRecordsResponse.builder()
                    .records(results)
                    .failedRecordCount(0)
                    .build());
        }

        @Override
        public List<Shard> listShards() {
            return shards;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        data = new byte[recordSize];
        keys = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "user-" + i;
        }
        ProducerConfig config = new ProducerConfig(
                "bench",
                Duration.ofMillis(100),
                aggregation,
                51_200,
                Duration.ofSeconds(30),
                1L << 40, // no rate limit: measure the CPU path, not the shard budget
                1_000_000_000,
                1_000_000,
                1L << 34,
                Duration.ofSeconds(30),
                false,
                64,
                Duration.ZERO,
                0,
                null);
        producer = new DefaultKinesisProducer(
                config, "us-east-1", RetryPolicy.standard(), new InstantBackend(shards), 1 << 20);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        producer.close();
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void sendAndFlush(Blackhole bh) {
        CompletableFuture<SendResult> last = null;
        for (int i = 0; i < RECORDS; i++) {
            last = producer.send(keys[i % KEYS], data);
        }
        producer.flush();
        bh.consume(last.join());
    }

    /**
     * The bulk path: the same records as {@link #sendAndFlush}, built into one list per invocation
     * (the {@code ProducerRecord} objects and the list are allocated here and counted), sent with
     * one {@code sendAll}, one report for all.
     */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void sendAllAndFlush(Blackhole bh) {
        List<ProducerRecord> records = new ArrayList<>(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            records.add(ProducerRecord.of(keys[i % KEYS], data));
        }
        CompletableFuture<SendReport> report = producer.sendAll(records);
        producer.flush();
        bh.consume(report.join());
    }

    /** The aggregation format alone: add records until 50 KiB, encode (protobuf + MD5). */
    @State(Scope.Thread)
    public static class AggregateOnly {
        @Param({"100", "1024"})
        public int recordSize;

        final KplAggregate.Builder builder = new KplAggregate.Builder();
        byte[] data;
        String[] keys;
        byte[][] keyBytes;

        @Setup
        public void setUp() {
            data = new byte[recordSize];
            keys = new String[KEYS];
            keyBytes = new byte[KEYS][];
            for (int i = 0; i < KEYS; i++) {
                keys[i] = "user-" + i;
                keyBytes[i] = keys[i].getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void aggregateAndEncode(AggregateOnly s, Blackhole bh) {
        KplAggregate.Builder b = s.builder;
        for (int i = 0; i < RECORDS; i++) {
            int k = i % KEYS;
            if (b.sizeWith(s.keys[k], s.keyBytes[k], null, s.data.length) > 51_200) {
                bh.consume(b.encode());
                b.reset();
            }
            b.add(s.keys[k], s.keyBytes[k], null, s.data);
        }
        bh.consume(b.encode());
        b.reset();
    }
}
