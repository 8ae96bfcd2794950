package dev.awskit.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.RetryPolicy;
import dev.awskit.kinesis.ProducerRecord;
import dev.awskit.kinesis.SendResult;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.kinesis.retrieval.AggregatorUtil;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * What the producer puts on the wire, read back by an independent decoder: the KCL's deaggregation
 * ({@code AggregatorUtil}, protobuf-java's generated classes, MD5 check, and the check that every
 * sub-record's hash key lies in the shard it was read from). Covers the producer's hot-path
 * machinery together: cached partition keys and hash keys, and each shard's aggregate builder
 * reused from one aggregate to the next (tables cleared, arrays kept).
 */
class ProducerKclDecodeTest {
    static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    /** One PutRecords entry as sent, the data copied at once, with the shard the fake stored it on. */
    record Sent(String partitionKey, String explicitHashKey, byte[] data, String shardId, String sequenceNumber) {}

    /** Stores every entry on the shard its hash key belongs to (as Kinesis does), numbering them. */
    static final class RecordingKinesis implements DefaultKinesisProducer.Backend {
        final List<Shard> shards;
        final ShardMap map;
        final List<Sent> sent = new CopyOnWriteArrayList<>();
        long seq;

        RecordingKinesis(int n) {
            List<Shard> s = new ArrayList<>();
            BigInteger size = MAX.add(BigInteger.ONE).divide(BigInteger.valueOf(n));
            for (int i = 0; i < n; i++) {
                BigInteger start = size.multiply(BigInteger.valueOf(i));
                BigInteger end = i == n - 1 ? MAX : start.add(size).subtract(BigInteger.ONE);
                s.add(DefaultKinesisProducerTest.shard("shardId-" + i, start, end));
            }
            shards = List.copyOf(s);
            map = ShardMap.of(shards, 0);
        }

        @Override
        public synchronized CompletableFuture<PutRecordsResponse> putRecords(PutRecordsRequest request) {
            List<PutRecordsResultEntry> results = new ArrayList<>();
            for (PutRecordsRequestEntry e : request.records()) {
                long[] h = e.explicitHashKey() != null
                        ? HashKeys.parse(e.explicitHashKey())
                        : HashKeys.ofPartitionKey(e.partitionKey());
                String shardId = map.find(h[0], h[1]).shardId();
                String sequenceNumber = Long.toString(++seq);
                sent.add(new Sent(
                        e.partitionKey(), e.explicitHashKey(), e.data().asByteArray(), shardId, sequenceNumber));
                results.add(PutRecordsResultEntry.builder()
                        .shardId(shardId)
                        .sequenceNumber(sequenceNumber)
                        .build());
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

    /** The KCL's view of one stored Kinesis record: its user records, as a consumer of its shard sees them. */
    private static List<KinesisClientRecord> kclRead(RecordingKinesis kinesis, Sent s) {
        Shard shard = kinesis.shards.stream()
                .filter(x -> x.shardId().equals(s.shardId()))
                .findFirst()
                .orElseThrow();
        KinesisClientRecord stored = KinesisClientRecord.builder()
                .partitionKey(s.partitionKey())
                .explicitHashKey(s.explicitHashKey())
                .sequenceNumber(s.sequenceNumber())
                .data(ByteBuffer.wrap(s.data()))
                .build();
        return new AggregatorUtil()
                .deaggregate(
                        List.of(stored),
                        new BigInteger(shard.hashKeyRange().startingHashKey()),
                        new BigInteger(shard.hashKeyRange().endingHashKey()));
    }

    private static String text(ByteBuffer b) {
        byte[] d = new byte[b.remaining()];
        b.duplicate().get(d);
        return new String(d, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Test
    void aggregates_overFourShardsAndManyKeys_decodeByteExactWithTheKcl_inSendOrderPerKey() throws Exception {
        Random rnd = new Random(20261203);
        RecordingKinesis kinesis = new RecordingKinesis(4);
        ProducerConfig config = DefaultKinesisProducerTest.config(true, false, Duration.ofMillis(5));
        // more keys than one aggregate's tables start with, and than the key cache has slots in a set
        int records = 30_000;
        Map<String, List<String>> expectedByKey = new HashMap<>();
        List<CompletableFuture<SendResult>> futures = new ArrayList<>();
        List<String> keyOf = new ArrayList<>();
        List<String> dataOf = new ArrayList<>();
        try (DefaultKinesisProducer p = new DefaultKinesisProducer(
                config, "us-east-1", RetryPolicy.standard(), kinesis, DefaultKinesisProducerTest.MIB)) {
            for (int i = 0; i < records; i++) {
                // records routed by an explicit hash key get a key of their own: Kinesis orders records
                // per shard, and the same key with another hash key may go to another shard
                boolean explicit = i % 101 == 0;
                String key = explicit ? "explicit-" + i : "user-" + rnd.nextInt(i < 10_000 ? 40 : 5_000);
                byte[] data = new byte[rnd.nextInt(400)];
                rnd.nextBytes(data);
                String text = new String(data, java.nio.charset.StandardCharsets.ISO_8859_1);
                ProducerRecord r = ProducerRecord.of(key, data);
                if (explicit) {
                    r = r.withExplicitHashKey(new BigInteger(128, rnd).toString());
                }
                futures.add(p.send(r));
                expectedByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(text);
                keyOf.add(key);
                dataOf.add(text);
            }
            p.flush();
        }

        Map<String, List<String>> readByKey = new HashMap<>();
        Map<String, List<KinesisClientRecord>> bySequence = new HashMap<>();
        int read = 0;
        for (Sent s : kinesis.sent) {
            List<KinesisClientRecord> users = kclRead(kinesis, s);
            assertThat(users)
                    .as("a stored record the KCL dropped or split wrongly")
                    .isNotEmpty();
            bySequence.put(s.sequenceNumber(), users);
            for (KinesisClientRecord u : users) {
                readByKey
                        .computeIfAbsent(u.partitionKey(), k -> new ArrayList<>())
                        .add(text(u.data()));
                read++;
            }
        }
        assertThat(kinesis.sent.size()).as("aggregation happened").isLessThan(records / 10);
        assertThat(read).isEqualTo(records);
        assertThat(readByKey).isEqualTo(expectedByKey); // every byte, in send order per key

        // each future names where its record is: the KCL finds it at that sub-sequence number
        for (int i = 0; i < records; i++) {
            SendResult r = futures.get(i).get(10, TimeUnit.SECONDS);
            KinesisClientRecord u = bySequence.get(r.sequenceNumber()).get(r.aggregated() ? r.subSequenceNumber() : 0);
            assertThat(u.partitionKey()).isEqualTo(keyOf.get(i));
            assertThat(text(u.data())).isEqualTo(dataOf.get(i));
        }
    }
}
