package dev.awskit.kinesis.internal;

import static dev.awskit.kinesis.internal.DefaultKinesisProducerTest.MAX;
import static dev.awskit.kinesis.internal.DefaultKinesisProducerTest.MIB;
import static dev.awskit.kinesis.internal.DefaultKinesisProducerTest.config;
import static dev.awskit.kinesis.internal.DefaultKinesisProducerTest.producer;
import static dev.awskit.kinesis.internal.DefaultKinesisProducerTest.shard;
import static dev.awskit.kinesis.internal.DefaultKinesisProducerTest.twoShards;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.kinesis.ProducerMetrics;
import dev.awskit.kinesis.ProducerRecord;
import dev.awskit.kinesis.RecordFailure;
import dev.awskit.kinesis.SendReport;
import dev.awskit.kinesis.internal.DefaultKinesisProducerTest.FakeKinesis;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/** {@code sendAll}, the bulk path: one report per list, every record accounted for, order per key. */
class ProducerSendAllTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static List<ProducerRecord> numbered(int n, int keys) {
        List<ProducerRecord> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String key = "user-" + (i % keys);
            records.add(ProducerRecord.of(key, key + "|" + i));
        }
        return records;
    }

    /** Every user record the fake stored, aggregates unpacked: "key|i" in the order stored. */
    private static List<String> unpacked(FakeKinesis fake) {
        List<String> out = new ArrayList<>();
        for (PutRecordsRequest r : fake.requests) {
            for (PutRecordsRequestEntry e : r.records()) {
                byte[] data = e.data().asByteArrayUnsafe();
                if (KplAggregate.hasMagic(data)) {
                    // decode checks the MD5 trailer
                    KplAggregate.decode(data).forEach(s -> out.add(new String(s.data(), StandardCharsets.UTF_8)));
                } else {
                    out.add(new String(data, StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static ProducerConfig withBuffer(ProducerConfig c, int records, Duration block) {
        return new ProducerConfig(
                c.streamName(),
                c.maxBufferedTime(),
                c.aggregation(),
                c.aggregationMaxBytes(),
                c.recordTtl(),
                c.shardBytesPerSecond(),
                c.shardRecordsPerSecond(),
                records,
                c.maxBufferedBytes(),
                block,
                c.strictOrdering(),
                c.maxInFlightRequests(),
                c.metricsLogInterval(),
                0,
                null);
    }

    @Test
    void sendAll_aggregated_everyRecordWrittenOnce_inListOrderPerKey_withValidDigests() {
        FakeKinesis fake = new FakeKinesis(twoShards());
        SendReport report;
        ProducerMetrics m;
        try (DefaultKinesisProducer p = producer(fake, config(true, false))) {
            CompletableFuture<SendReport> f = p.sendAll(numbered(5_000, 50));
            m = p.flush();
            report = f.join();
        }
        assertThat(report.records()).isEqualTo(5_000);
        assertThat(report.succeeded()).isEqualTo(5_000);
        assertThat(report.failures()).isEmpty();
        assertThat(report.allSucceeded()).isTrue();
        assertThat(m.records()).isEqualTo(5_000);
        assertThat(m.kinesisRecords()).as("aggregated").isLessThan(100);
        List<String> stored = unpacked(fake);
        assertThat(stored).hasSize(5_000).doesNotHaveDuplicates();
        Map<String, Integer> last = new HashMap<>();
        for (String s : stored) {
            String[] kv = s.split("\\|");
            Integer before = last.put(kv[0], Integer.parseInt(kv[1]));
            assertThat(before == null || before < Integer.parseInt(kv[1]))
                    .as("%s after %s", s, before)
                    .isTrue();
        }
    }

    @Test
    void sendAll_aggregateRetriedAfterThrottling_isSentAgainWithTheSameValidDigest() {
        FakeKinesis fake = new FakeKinesis(List.of(shard("shardId-000000000000", BigInteger.ZERO, MAX)));
        AtomicInteger calls = new AtomicInteger();
        fake.failWith = e -> calls.incrementAndGet() == 1 ? "ProvisionedThroughputExceededException" : null;
        SendReport report;
        try (DefaultKinesisProducer p = producer(fake, config(true, false, Duration.ofMinutes(1)))) {
            CompletableFuture<SendReport> f = p.sendAll(numbered(300, 7));
            p.flush();
            report = f.join();
        }
        assertThat(report.succeeded()).isEqualTo(300);
        assertThat(fake.requests).hasSize(2);
        byte[] first = fake.requests.get(0).records().get(0).data().asByteArrayUnsafe();
        byte[] second = fake.requests.get(1).records().get(0).data().asByteArrayUnsafe();
        assertThat(second).isEqualTo(first);
        assertThat(KplAggregate.isAggregated(second)).isTrue();
        assertThat(KplAggregate.decode(second)).hasSize(300);
    }

    @Test
    void sendAll_rejectedEntries_areReportedWithTheirIndex_theOthersWritten() {
        FakeKinesis fake = new FakeKinesis(twoShards());
        fake.failWith = e -> e.partitionKey().startsWith("bad") ? "KMSAccessDeniedException" : null;
        List<ProducerRecord> records = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            records.add(ProducerRecord.of(i % 100 == 17 ? "bad-" + i : "user-" + (i % 13), new byte[] {(byte) i}));
        }
        SendReport report;
        try (DefaultKinesisProducer p = producer(fake, config(false, false))) {
            CompletableFuture<SendReport> f = p.sendAll(records);
            p.flush();
            report = f.join();
        }
        assertThat(report.records()).isEqualTo(1_000);
        assertThat(report.succeeded()).isEqualTo(990);
        assertThat(report.failures())
                .extracting(RecordFailure::index)
                .containsExactly(17, 117, 217, 317, 417, 517, 617, 717, 817, 917);
        RecordFailure first = report.failures().get(0);
        assertThat(first.partitionKey()).isEqualTo("bad-17");
        assertThat(first.error())
                .hasMessage("Kinesis rejected the record with partition key 'bad-17' for stream 'test-stream' in"
                        + " us-east-1: KMSAccessDeniedException: injected");
        assertThat(first.error().errorCode()).contains("KMSAccessDeniedException");
        assertThat(report.toString())
                .startsWith("SendReport{1,000 records: 990 written, 10 failed\n  RecordFailure{index=17,"
                        + " partitionKey=bad-17")
                .endsWith("\n  ... and 5 more}");
    }

    @Test
    void sendAll_seededRandomFailures_everyRecordWrittenOrReported_neverBoth_neverLost() {
        Random random = new Random(20261203L);
        for (int round = 0; round < 5; round++) {
            FakeKinesis fake = new FakeKinesis(twoShards());
            Set<String> rejected = java.util.concurrent.ConcurrentHashMap.newKeySet();
            fake.failWith = e -> {
                int r;
                synchronized (random) {
                    r = random.nextInt(100);
                }
                String text = new String(e.data().asByteArrayUnsafe(), StandardCharsets.UTF_8);
                if (r < 5) {
                    rejected.add(text);
                    return "KMSAccessDeniedException"; // permanent
                }
                return r < 15 ? "InternalFailure" : null; // retried
            };
            int n = 200 + random.nextInt(800);
            List<ProducerRecord> records = numbered(n, 1 + random.nextInt(40));
            SendReport report;
            try (DefaultKinesisProducer p = producer(fake, config(false, random.nextBoolean()))) {
                CompletableFuture<SendReport> f = p.sendAll(records);
                p.flush();
                report = f.join();
            }
            // what the fake accepted (not every entry sent: failed ones were not stored), "key|key|i"
            List<String> stored = fake.stored.stream()
                    .map(x -> x.substring(x.indexOf('|') + 1))
                    .toList();
            Set<Integer> failed = new HashSet<>();
            for (RecordFailure rf : report.failures()) {
                failed.add(rf.index());
                assertThat(rejected).contains(records.get(rf.index()).partitionKey() + "|" + rf.index());
                assertThat(rf.error()).hasMessageContaining("KMSAccessDeniedException");
            }
            assertThat(report.records()).isEqualTo(n);
            assertThat(report.succeeded() + report.failures().size()).isEqualTo(n);
            assertThat(stored).doesNotHaveDuplicates().hasSize(report.succeeded());
            for (int i = 0; i < n; i++) {
                String text = records.get(i).partitionKey() + "|" + i;
                assertThat(stored.contains(text)).as("record %d written", i).isEqualTo(!failed.contains(i));
            }
            assertThat(rejected).hasSize(failed.size());
        }
    }

    @Test
    void sendAll_failFast_whenBufferFull_reportsTheRestAsNotAccepted_andWritesTheAccepted() {
        FakeKinesis fake = new FakeKinesis(List.of(shard("shardId-000000000000", BigInteger.ZERO, MAX)));
        // a long linger: nothing leaves the buffer before flush, so it is full after 2 records
        ProducerConfig c = withBuffer(config(false, false, Duration.ofMinutes(1)), 2, Duration.ZERO);
        SendReport report;
        ProducerMetrics m;
        try (DefaultKinesisProducer p = producer(fake, c)) {
            CompletableFuture<SendReport> f = p.sendAll(numbered(5, 5));
            assertThat(f).isNotDone();
            m = p.flush();
            report = f.join();
        }
        assertThat(report.succeeded()).isEqualTo(2);
        assertThat(report.failures()).extracting(RecordFailure::index).containsExactly(2, 3, 4);
        assertThat(report.failures())
                .extracting(RecordFailure::partitionKey)
                .containsExactly("user-2", "user-3", "user-4");
        assertThat(report.failures().get(2).error())
                .hasMessage("The producer buffer for stream 'test-stream' in us-east-1 stayed full (2 records, 28"
                        + " bytes buffered; limits 2 records, 1,099,511,627,776 bytes): records[2] (partition key"
                        + " 'user-2') and the 2 after it of this sendAll were not accepted. The stream takes less"
                        + " than you send: add shards, slow down, or raise maxBuffered.");
        assertThat(report.failures().get(0).error().retryable()).isTrue();
        assertThat(m.failed()).isEqualTo(3);
        assertThat(unpacked(fake)).containsExactly("user-0|0", "user-1|1");
    }

    @Test
    void sendAll_blockingBackpressure_waitsForRoom_andWritesEveryRecordInOrder() {
        FakeKinesis fake = new FakeKinesis(List.of(shard("shardId-000000000000", BigInteger.ZERO, MAX)));
        ProducerConfig c = withBuffer(config(false, false, Duration.ofMillis(1)), 3, Duration.ofSeconds(20));
        SendReport report;
        try (DefaultKinesisProducer p = producer(fake, c)) {
            report = p.sendAll(numbered(40, 1)).join();
        }
        assertThat(report.succeeded()).isEqualTo(40);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            expected.add("user-0|" + i);
        }
        assertThat(unpacked(fake)).containsExactlyElementsOf(expected);
    }

    @Test
    void sendAll_recordOverTheLimit_isIllegalArgumentNamingItsIndex_andNothingIsSent() {
        FakeKinesis fake = new FakeKinesis(List.of(shard("shardId-000000000000", BigInteger.ZERO, MAX)));
        ProducerMetrics m;
        try (DefaultKinesisProducer p = producer(fake, config(true, false))) {
            List<ProducerRecord> records = new ArrayList<>(numbered(3, 3));
            records.add(ProducerRecord.of("ab", new byte[MIB - 1]));
            assertThatThrownBy(() -> p.sendAll(records))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Record of 1,048,577 bytes (data 1,048,575 + partition key 2) is over the record"
                            + " limit of 1,048,576 bytes (1024 KiB) of stream 'test-stream' in us-east-1. Split the"
                            + " data, or raise the stream's limit with UpdateMaxRecordSize. (records[3]; nothing of"
                            + " the list was sent)");
            m = p.flush();
        }
        assertThat(m.records()).isZero();
        assertThat(fake.requests).isEmpty();
    }

    @Test
    void sendAll_nullRecord_isIllegalArgumentNamingItsIndex() {
        FakeKinesis fake = new FakeKinesis(List.of(shard("shardId-000000000000", BigInteger.ZERO, MAX)));
        try (DefaultKinesisProducer p = producer(fake, config(true, false))) {
            List<ProducerRecord> records = new ArrayList<>(numbered(2, 2));
            records.add(null);
            assertThatThrownBy(() -> p.sendAll(records))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("records[2] is null: sendAll takes a list of records without nulls; nothing of the"
                            + " list was sent");
        }
        assertThat(fake.requests).isEmpty();
    }

    @Test
    void sendAll_emptyList_completesAtOnceWithAnEmptyReport() {
        FakeKinesis fake = new FakeKinesis(twoShards());
        try (DefaultKinesisProducer p = producer(fake, config(true, false))) {
            SendReport r = p.sendAll(List.of()).join();
            assertThat(r.records()).isZero();
            assertThat(r.allSucceeded()).isTrue();
            assertThat(r).hasToString("SendReport{0 records: 0 written, 0 failed}");
        }
    }

    @Test
    void sendAll_afterClose_isIllegalState() {
        FakeKinesis fake = new FakeKinesis(twoShards());
        DefaultKinesisProducer p = producer(fake, config(true, false));
        p.close();
        assertThatThrownBy(() -> p.sendAll(numbered(2, 2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("This producer for stream 'test-stream' is closed; build a new one");
    }

    @Test
    void sendAll_closeRunsOutOfTime_reportsEveryPendingRecordAsAbandoned() {
        FakeKinesis fake = new FakeKinesis(List.of(shard("shardId-000000000000", BigInteger.ZERO, MAX)));
        fake.hang = true;
        DefaultKinesisProducer p = producer(fake, config(false, false));
        CompletableFuture<SendReport> f = p.sendAll(numbered(3, 3));
        ProducerMetrics m = p.close(Duration.ofMillis(300));

        assertThat(f).isDone();
        SendReport report = f.join();
        assertThat(report.succeeded()).isZero();
        assertThat(report.failures()).extracting(RecordFailure::index).containsExactly(0, 1, 2);
        assertThat(report.failures().get(0).error().getMessage())
                .startsWith("The producer for stream 'test-stream' in us-east-1 was closed with 3 records not yet"
                        + " confirmed after waiting PT0.3S: this record was ");
        assertThat(m.abandoned()).isEqualTo(3);
    }

    @Test
    void sendAll_reportCompletesOnTheCallbackThread_notOnTheSenderOrTheCaller() {
        FakeKinesis fake = new FakeKinesis(List.of(shard("shardId-000000000000", BigInteger.ZERO, MAX)));
        fake.holdFirst = 1;
        try (DefaultKinesisProducer p = producer(fake, config(true, false))) {
            CompletableFuture<String> thread = p.sendAll(numbered(10, 2))
                    .thenApply(r -> Thread.currentThread().getName());
            for (int i = 0; i < 2000 && fake.held.isEmpty(); i++) {
                sleep(5);
            }
            assertThat(thread).isNotDone();
            fake.release(0);
            assertThat(thread).succeedsWithin(WAIT).isEqualTo("aws-kit-kinesis-callbacks-test-stream");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
