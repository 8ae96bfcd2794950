package dev.awskit.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.RetryPolicy;
import dev.awskit.kinesis.ProducerException;
import dev.awskit.kinesis.ProducerMetrics;
import dev.awskit.kinesis.ProducerRecord;
import dev.awskit.kinesis.SendResult;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.HashKeyRange;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.SequenceNumberRange;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** The producer engine over an in-memory backend: batching limits, prediction, retries, backpressure. */
class DefaultKinesisProducerTest {
    static final BigInteger TWO_127 = BigInteger.ONE.shiftLeft(127);
    static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    static final int MIB = 1 << 20;

    static Shard shard(String id, BigInteger start, BigInteger end) {
        return Shard.builder()
                .shardId(id)
                .hashKeyRange(HashKeyRange.builder()
                        .startingHashKey(start.toString())
                        .endingHashKey(end.toString())
                        .build())
                .sequenceNumberRange(SequenceNumberRange.builder()
                        .startingSequenceNumber("1")
                        .build())
                .build();
    }

    static List<Shard> twoShards() {
        return List.of(
                shard("shardId-000000000000", BigInteger.ZERO, TWO_127.subtract(BigInteger.ONE)),
                shard("shardId-000000000001", TWO_127, MAX));
    }

    /** Accepts everything, answering with the shard Kinesis would pick (unless told otherwise). */
    static class FakeKinesis implements DefaultKinesisProducer.Backend {
        final List<PutRecordsRequest> requests = new CopyOnWriteArrayList<>();
        volatile List<Shard> shards;
        final AtomicInteger listCalls = new AtomicInteger();
        final AtomicInteger seq = new AtomicInteger();
        volatile Function<PutRecordsRequestEntry, String> failWith = e -> null;
        volatile boolean hang;
        /** Requests with an index below this are answered only by {@link #release}. */
        volatile int holdFirst;

        final List<CompletableFuture<PutRecordsResponse>> held = new CopyOnWriteArrayList<>();
        /** Accepted entries in the order the fake stored them: partition key + "|" + data as text. */
        final List<String> stored = new CopyOnWriteArrayList<>();

        FakeKinesis(List<Shard> shards) {
            this.shards = shards;
        }

        /** Answers held request {@code i} as the fake would answer it now (stores its entries now). */
        void release(int i) {
            PutRecordsRequest r = requests.get(i);
            held.get(i).complete(answer(r));
        }

        /** Answers held request {@code i} with {@code code} for every entry (nothing stored). */
        void releaseFailed(int i, String code) {
            PutRecordsRequest r = requests.get(i);
            List<PutRecordsResultEntry> results = new ArrayList<>();
            for (int k = 0; k < r.records().size(); k++) {
                results.add(PutRecordsResultEntry.builder()
                        .errorCode(code)
                        .errorMessage("injected")
                        .build());
            }
            held.get(i)
                    .complete(PutRecordsResponse.builder()
                            .records(results)
                            .failedRecordCount(results.size())
                            .build());
        }

        @Override
        public CompletableFuture<PutRecordsResponse> putRecords(PutRecordsRequest request) {
            int index;
            synchronized (this) {
                index = requests.size();
                requests.add(request);
            }
            if (hang) {
                return new CompletableFuture<>();
            }
            if (index < holdFirst) {
                CompletableFuture<PutRecordsResponse> f = new CompletableFuture<>();
                while (held.size() < index) {
                    held.add(new CompletableFuture<>());
                }
                held.add(f);
                return f;
            }
            return CompletableFuture.completedFuture(answer(request));
        }

        synchronized PutRecordsResponse answer(PutRecordsRequest request) {
            ShardMap map = ShardMap.of(shards, 0);
            List<PutRecordsResultEntry> results = new ArrayList<>();
            int failed = 0;
            for (PutRecordsRequestEntry e : request.records()) {
                String error = failWith.apply(e);
                if (error != null) {
                    failed++;
                    results.add(PutRecordsResultEntry.builder()
                            .errorCode(error)
                            .errorMessage("injected")
                            .build());
                    continue;
                }
                long[] h = e.explicitHashKey() != null
                        ? HashKeys.parse(e.explicitHashKey())
                        : HashKeys.ofPartitionKey(e.partitionKey());
                results.add(PutRecordsResultEntry.builder()
                        .shardId(map.find(h[0], h[1]).shardId())
                        .sequenceNumber(Integer.toString(seq.incrementAndGet()))
                        .build());
                stored.add(e.partitionKey() + "|" + new String(e.data().asByteArrayUnsafe(), StandardCharsets.UTF_8));
            }
            return PutRecordsResponse.builder()
                    .records(results)
                    .failedRecordCount(failed)
                    .build();
        }

        @Override
        public List<Shard> listShards() {
            listCalls.incrementAndGet();
            return shards;
        }
    }

    static ProducerConfig config(boolean aggregation, boolean strict) {
        return config(aggregation, strict, Duration.ofMillis(20));
    }

    /** A long linger makes batch boundaries depend only on the limits and on flush, never on timing. */
    static ProducerConfig config(boolean aggregation, boolean strict, Duration linger) {
        return new ProducerConfig(
                "test-stream",
                linger,
                aggregation,
                51_200,
                Duration.ofSeconds(30),
                1L << 40,
                1_000_000_000,
                1_000_000,
                1L << 40,
                Duration.ofSeconds(5),
                strict,
                64,
                Duration.ZERO,
                0,
                null);
    }

    static DefaultKinesisProducer producer(FakeKinesis fake, ProducerConfig c) {
        return new DefaultKinesisProducer(c, "us-east-1", RetryPolicy.standard(), fake, MIB);
    }

    @Test
    void shardMap_predictsByMd5OfPartitionKey_onKnownRanges() {
        ShardMap map = ShardMap.of(twoShards(), 1);
        // MD5("a") = 0cc175b9... (top bit 0), MD5("b") = 92eb5ffe... (top bit 1): from md5sum
        assertThat(map.forPartitionKey("a").shardId()).isEqualTo("shardId-000000000000");
        assertThat(map.forPartitionKey("b").shardId()).isEqualTo("shardId-000000000001");
        long[] lastOfFirst = HashKeys.fromBigInteger(TWO_127.subtract(BigInteger.ONE));
        long[] firstOfSecond = HashKeys.fromBigInteger(TWO_127);
        long[] max = HashKeys.fromBigInteger(MAX);
        assertThat(map.find(lastOfFirst[0], lastOfFirst[1]).shardId()).isEqualTo("shardId-000000000000");
        assertThat(map.find(firstOfSecond[0], firstOfSecond[1]).shardId()).isEqualTo("shardId-000000000001");
        assertThat(map.find(max[0], max[1]).shardId()).isEqualTo("shardId-000000000001");
        assertThat(map.find(0, 0).shardId()).isEqualTo("shardId-000000000000");
    }

    @Test
    void shardMap_ignoresClosedShards() {
        List<Shard> shards = new ArrayList<>(twoShards());
        shards.add(
                0,
                Shard.builder()
                        .shardId("shardId-closed")
                        .hashKeyRange(HashKeyRange.builder()
                                .startingHashKey("0")
                                .endingHashKey(MAX.toString())
                                .build())
                        .sequenceNumberRange(SequenceNumberRange.builder()
                                .startingSequenceNumber("1")
                                .endingSequenceNumber("9")
                                .build())
                        .build());

        assertThat(ShardMap.of(shards, 1).ranges())
                .extracting(ShardMap.Range::shardId)
                .containsExactly("shardId-000000000000", "shardId-000000000001");
    }

    @Test
    void batching_1200PlainRecords_makesRequestsOfExactly500_500_200() {
        FakeKinesis fake = new FakeKinesis(twoShards().subList(0, 1));
        fake.shards = List.of(shard("shardId-000000000000", BigInteger.ZERO, MAX));
        List<CompletableFuture<SendResult>> fs = new ArrayList<>();
        try (DefaultKinesisProducer p = producer(fake, config(false, false, Duration.ofMinutes(1)))) {
            for (int i = 0; i < 1200; i++) {
                fs.add(p.send("k" + i, new byte[10]));
            }
        }
        assertThat(fake.requests).extracting(r -> r.records().size()).containsExactly(500, 500, 200);
        assertThat(fs).allSatisfy(f -> assertThat(f.join().aggregated()).isFalse());
    }

    @Test
    void batching_recordsOfExactlyOneMiB_fiveFillA5MiBRequest_theSixthGoesNext() {
        FakeKinesis fake = new FakeKinesis(List.of(shard("shardId-000000000000", BigInteger.ZERO, MAX)));
        try (DefaultKinesisProducer p = producer(fake, config(false, false, Duration.ofMinutes(1)))) {
            for (int i = 0; i < 6; i++) {
                p.send("k", new byte[MIB - 1]); // data + 1-byte partition key = exactly 1 MiB
            }
        }
        assertThat(fake.requests).extracting(r -> r.records().size()).containsExactly(5, 1);
        long bytes = fake.requests.get(0).records().stream()
                .mapToLong(e ->
                        e.data().asByteArrayUnsafe().length + e.partitionKey().length())
                .sum();
        assertThat(bytes).isEqualTo(5L * MIB);
    }

    @Test
    void send_recordOneByteOverTheLimit_isIllegalArgumentNamingTheLimit() {
        FakeKinesis fake = new FakeKinesis(List.of(shard("shardId-000000000000", BigInteger.ZERO, MAX)));
        try (DefaultKinesisProducer p = producer(fake, config(true, false))) {
            assertThat(p.send("ab", new byte[MIB - 2]).join().shardId()).isEqualTo("shardId-000000000000");
            assertThatThrownBy(() -> p.send("ab", new byte[MIB - 1]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Record of 1,048,577 bytes (data 1,048,575 + partition key 2) is over the record"
                            + " limit of 1,048,576 bytes (1024 KiB) of stream 'test-stream' in us-east-1. Split the"
                            + " data, or raise the stream's limit with UpdateMaxRecordSize.");
        }
    }

    @Test
    void send_partitionKeyBytesCountInUtf8() {
        FakeKinesis fake = new FakeKinesis(List.of(shard("shardId-000000000000", BigInteger.ZERO, MAX)));
        try (DefaultKinesisProducer p = producer(fake, config(true, false))) {
            // "é" is 2 bytes in UTF-8: 1 MiB - 1 of data plus 2 bytes of key is one over
            assertThatThrownBy(() -> p.send("é", new byte[MIB - 1]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("Record of 1,048,577 bytes (data 1,048,575 + partition key 2)");
        }
    }

    @Test
    void aggregation_packsPerPredictedShard_soEveryAggregateIsWhollyInItsShard() {
        FakeKinesis fake = new FakeKinesis(twoShards());
        ShardMap map = ShardMap.of(twoShards(), 1);
        List<CompletableFuture<SendResult>> fs = new ArrayList<>();
        ProducerMetrics m;
        try (DefaultKinesisProducer p = producer(fake, config(true, false, Duration.ofMinutes(1)))) {
            for (int i = 0; i < 5000; i++) {
                fs.add(p.send("user-" + i, ("v" + i).getBytes()));
            }
            m = p.flush();
        }
        assertThat(m.records()).isEqualTo(5000);
        assertThat(m.kinesisRecords()).isLessThan(100);
        for (PutRecordsRequest r : fake.requests) {
            for (PutRecordsRequestEntry e : r.records()) {
                byte[] data = e.data().asByteArrayUnsafe();
                if (!KplAggregate.isAggregated(data)) {
                    assertThat(e.explicitHashKey()).isNull(); // a lone record goes plain, hashed by Kinesis
                    continue;
                }
                long[] h = HashKeys.parse(e.explicitHashKey());
                String target = map.find(h[0], h[1]).shardId();
                assertThat(KplAggregate.decode(data)).allSatisfy(sub -> assertThat(
                                map.forPartitionKey(sub.partitionKey()).shardId())
                        .isEqualTo(target));
            }
        }
        for (int i = 0; i < fs.size(); i++) {
            assertThat(fs.get(i).join().shardId())
                    .isEqualTo(map.forPartitionKey("user-" + i).shardId());
        }
    }

    @Test
    void aggregation_respectsAggregationMaxBytes() {
        FakeKinesis fake = new FakeKinesis(List.of(shard("shardId-000000000000", BigInteger.ZERO, MAX)));
        try (DefaultKinesisProducer p = producer(fake, config(true, false))) {
            for (int i = 0; i < 2000; i++) {
                p.send("k" + (i % 10), new byte[100]);
            }
        }
        assertThat(fake.requests).flatExtracting(PutRecordsRequest::records).allSatisfy(e -> assertThat(
                        e.data().asByteArrayUnsafe().length + e.partitionKey().length())
                .isLessThanOrEqualTo(51_200));
    }

    @Test
    void response_onAnotherShardThanPredicted_refreshesTheMap() {
        FakeKinesis fake = new FakeKinesis(List.of(shard("shardId-000000000000", BigInteger.ZERO, MAX)));
        try (DefaultKinesisProducer p = producer(fake, config(true, false))) {
            p.send("a", new byte[] {1}).join();
            assertThat(fake.listCalls.get()).isEqualTo(1);
            // the stream was split behind our back: Kinesis now answers with the children
            fake.shards = twoShards();
            p.send("b", new byte[] {2}).join();
            for (int i = 0; i < 500 && p.shardMap().size() == 1; i++) {
                sleep(10); // the sender refreshes the map in the background
            }
            assertThat(fake.listCalls.get()).isEqualTo(2);
            assertThat(p.shardMap().size()).isEqualTo(2);
            assertThat(p.send("b", new byte[] {3}).join().shardId()).isEqualTo("shardId-000000000001");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void retries_failedEntries_untilTheySucceed_countingAttempts() {
        FakeKinesis fake = new FakeKinesis(List.of(shard("shardId-000000000000", BigInteger.ZERO, MAX)));
        AtomicInteger calls = new AtomicInteger();
        fake.failWith = e -> calls.incrementAndGet() <= 2 ? "ProvisionedThroughputExceededException" : null;
        ProducerMetrics m;
        CompletableFuture<SendResult> f;
        try (DefaultKinesisProducer p = producer(fake, config(false, false))) {
            f = p.send("a", new byte[] {1});
            m = p.flush();
        }
        assertThat(f.join().attempts()).isEqualTo(3);
        assertThat(m.retries()).isEqualTo(2);
        assertThat(m.throttles()).isEqualTo(2);
        assertThat(m.records()).isEqualTo(1);
    }

    @Test
    void rejectedEntry_withNonRetryableCode_failsAtOnceWithTheCode() {
        FakeKinesis fake = new FakeKinesis(List.of(shard("shardId-000000000000", BigInteger.ZERO, MAX)));
        fake.failWith = e -> "KMSAccessDeniedException";
        CompletableFuture<SendResult> f;
        try (DefaultKinesisProducer p = producer(fake, config(false, false))) {
            f = p.send("user-1", new byte[] {1});
            p.flush();
        }
        assertThatThrownBy(f::join)
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOf(ProducerException.class)
                .hasMessage("Kinesis rejected the record with partition key 'user-1' for stream 'test-stream' in"
                        + " us-east-1: KMSAccessDeniedException: injected");
    }

    @Test
    void strictOrdering_putsAtMostOneEntryPerShardInARequest() {
        FakeKinesis fake = new FakeKinesis(twoShards());
        try (DefaultKinesisProducer p = producer(fake, config(false, true))) {
            for (int i = 0; i < 50; i++) {
                p.send("user-" + i, new byte[] {(byte) i});
            }
        }
        ShardMap map = ShardMap.of(twoShards(), 1);
        assertThat(fake.requests).allSatisfy(r -> assertThat(r.records().stream()
                        .map(e -> map.forPartitionKey(e.partitionKey()).shardId())
                        .distinct()
                        .count())
                .isEqualTo(r.records().size()));
    }

    @Test
    void backpressure_failFast_whenBufferFull_failsTheNewRecordWithTheLimits() {
        FakeKinesis fake = new FakeKinesis(List.of(shard("shardId-000000000000", BigInteger.ZERO, MAX)));
        fake.hang = true;
        ProducerConfig c = config(false, false);
        ProducerConfig small = new ProducerConfig(
                c.streamName(),
                c.maxBufferedTime(),
                false,
                c.aggregationMaxBytes(),
                Duration.ofMillis(300),
                c.shardBytesPerSecond(),
                c.shardRecordsPerSecond(),
                2,
                c.maxBufferedBytes(),
                Duration.ZERO,
                false,
                64,
                Duration.ZERO,
                0,
                null);
        DefaultKinesisProducer p = producer(fake, small); // not closed: its requests never answer
        p.send("a", new byte[] {1});
        p.send("b", new byte[] {2});
        CompletableFuture<SendResult> third = p.send(ProducerRecord.of("c", new byte[] {3}));

        assertThatThrownBy(third::join)
                .cause()
                .isInstanceOf(ProducerException.class)
                .hasMessage("The producer buffer for stream 'test-stream' in us-east-1 stayed full (2 records, 4"
                        + " bytes buffered; limits 2 records, 1,099,511,627,776 bytes): the record with partition"
                        + " key 'c' was not accepted. The stream takes less than you send: add shards, slow down, or"
                        + " raise maxBuffered.");
        assertThat(p.metrics().failed()).isEqualTo(1);
    }

    @Test
    void send_completedFuture_doesNotKeepTheRecordsData() {
        // the record is its own future: once completed it drops the data, so a caller who keeps
        // many futures (to join them later) does not keep every record's bytes as well
        FakeKinesis fake = new FakeKinesis(twoShards());
        DefaultKinesisProducer p = producer(fake, config(true, false));
        try {
            CompletableFuture<SendResult> ok = p.send("a", new byte[1000]);
            p.flush();

            assertThat(ok).succeedsWithin(Duration.ofSeconds(20));
            assertThat(((ProducerEngine.Pending) ok).data).isNull();
        } finally {
            p.close();
        }
    }

    @Test
    void close_thenSend_isIllegalState() {
        FakeKinesis fake = new FakeKinesis(List.of(shard("shardId-000000000000", BigInteger.ZERO, MAX)));
        DefaultKinesisProducer p = producer(fake, config(true, false));
        p.close();
        assertThatThrownBy(() -> p.send("a", new byte[] {1}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("This producer for stream 'test-stream' is closed; build a new one");
    }
}
