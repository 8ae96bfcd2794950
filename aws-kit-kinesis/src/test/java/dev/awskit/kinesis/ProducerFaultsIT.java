package dev.awskit.kinesis;

import static dev.awskit.kinesis.KinesisRoundTripIT.newStream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.AwsKit;
import dev.awskit.core.RetryPolicy;
import dev.awskit.testing.FaultProxy;
import dev.awskit.testing.FaultProxy.Fault;
import dev.awskit.testing.Service;
import dev.awskit.testing.Target;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The producer behind {@link FaultProxy} in front of the Kinesis server: throttling
 * (ProvisionedThroughputExceededException in Kinesis's CBOR error body), 500s, connections reset
 * before and after the server acted, bodies cut half-way. The consumer reads back directly.
 */
@UsesServer(Service.KINESIS)
class ProducerFaultsIT {

    private static boolean isPutRecords(FaultProxy.Exchange x) {
        return "PutRecords".equals(x.request().operation());
    }

    @Test
    void putRecords_alwaysThrottled_isSentMaxAttemptsTimes_byTheSdkAlone_neverAgainByTheProducer(
            AwsKit plain, Target target, TestResources res) {
        KinesisStream stream = newStream(plain, res, 1);
        int maxAttempts = 3;
        try (FaultProxy proxy = FaultProxy.builder(target.endpoint())
                        .seed(11)
                        .fault(Fault.THROTTLE, 1.0)
                        .only(r -> "PutRecords".equals(r.operation()))
                        .start();
                AwsKit aws = target.withEndpoint(proxy.endpoint())
                        .kitBuilder()
                        .retryPolicy(RetryPolicy.builder()
                                .maxAttempts(maxAttempts)
                                .baseDelay(Duration.ofMillis(10))
                                .maxDelay(Duration.ofMillis(50))
                                .build())
                        .build()) {
            CompletableFuture<SendResult> f;
            ProducerMetrics m;
            try (KinesisProducer p = Kinesis.of(aws)
                    .producer(stream.name())
                    .recordTtl(Duration.ofMinutes(1))
                    .build()) {
                f = p.send("user-1", "one".getBytes(StandardCharsets.UTF_8));
                m = p.flush();
            }

            long putRecords = proxy.exchanges().stream()
                    .filter(ProducerFaultsIT::isPutRecords)
                    .count();
            // the SDK's retry strategy owns the call (maxAttempts HTTP requests); the producer adds none
            assertThat(putRecords).isEqualTo(maxAttempts);
            assertThat(m.batches()).isEqualTo(1);
            assertThat(m.failed()).isEqualTo(1);
            Throwable t = f.handle((v, e) -> e).join();
            assertThat(t)
                    .isInstanceOf(ProducerException.class)
                    .hasMessageStartingWith("PutRecords for the record with partition key 'user-1' to stream '"
                            + stream.name() + "' in " + target.region() + " failed after 3 attempts:"
                            + " ProvisionedThroughputExceededException")
                    .hasMessageEndingWith("Kinesis throttled the whole request: add shards or send less.");
            assertThat(((ProducerException) t).attempts()).isEqualTo(maxAttempts);
        }
    }

    @Test
    void faults10Percent_everyRecordReadBack_duplicatesOnlyFromLostAnswers_countsMatch(
            AwsKit plain, Target target, TestResources res) {
        KinesisStream stream = newStream(plain, res, 2);
        int total = 20_000;
        List<CompletableFuture<SendResult>> futures = new ArrayList<>();
        ProducerMetrics m;
        long putRecordsRequests;
        long putRecordsFaults;
        long lostAnswers;
        try (FaultProxy proxy = FaultProxy.builder(target.endpoint())
                        .seed(20261203)
                        .fault(Fault.THROTTLE, 0.03)
                        .fault(Fault.ERROR_500, 0.02)
                        .fault(Fault.RESET_BEFORE, 0.02)
                        .fault(Fault.RESET_AFTER, 0.02)
                        .fault(Fault.CUT_BODY, 0.01)
                        .start();
                AwsKit aws = target.withEndpoint(proxy.endpoint()).kit()) {
            try (KinesisProducer p = Kinesis.of(aws)
                    .producer(stream.name())
                    .strictOrdering(true) // at most one entry per shard per request: 2 per request here
                    .aggregationMaxBytes(1024) // many requests, so the faults hit hundreds of them
                    .maxBufferedTime(Duration.ofMillis(20))
                    .recordTtl(Duration.ofMinutes(3))
                    .build()) {
                for (int i = 0; i < total; i++) {
                    String key = "user-" + (i % 31);
                    futures.add(p.send(key, (key + "|" + i).getBytes(StandardCharsets.UTF_8)));
                }
                m = p.flush();
            }
            List<FaultProxy.Exchange> puts = proxy.exchanges().stream()
                    .filter(ProducerFaultsIT::isPutRecords)
                    .toList();
            putRecordsRequests = puts.size();
            putRecordsFaults = puts.stream().filter(x -> x.fault().isPresent()).count();
            lostAnswers = puts.stream()
                    .filter(x -> x.fault()
                            .filter(f -> f == Fault.RESET_AFTER || f == Fault.CUT_BODY)
                            .isPresent())
                    .count();
            assertThat(proxy.injected()).isPositive();
        }

        // nothing lost: every future succeeded and the metrics say the same
        List<Integer> failed = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            try {
                futures.get(i).join();
            } catch (CompletionException e) {
                failed.add(i);
            }
        }
        assertThat(failed).as("records whose future failed").isEmpty();
        assertThat(m.records()).isEqualTo(total);
        assertThat(m.failed()).isZero();
        assertThat(m.buffered()).isZero();
        assertThat(putRecordsFaults).as("faults that hit PutRecords").isPositive();
        // one retry owner: every PutRecords the producer made (batches) plus one SDK retry per fault
        assertThat(putRecordsRequests).isEqualTo(m.batches() + putRecordsFaults);

        // read back directly: every record at least once, in send order per key
        List<ConsumedRecord> got = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        Set<Integer> seen = new HashSet<>();
        try (KinesisConsumer c = Kinesis.of(plain)
                .consumer(stream.name())
                .from(StartPosition.trimHorizon())
                .build()) {
            while (seen.size() < total && System.nanoTime() < deadline) {
                for (ConsumedRecord r : c.readAvailable(Duration.ofSeconds(30))) {
                    got.add(r);
                    seen.add(Integer.parseInt(r.text().split("\\|")[1]));
                }
            }
        }
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < total && missing.size() < 20; i++) {
            if (!seen.contains(i)) {
                missing.add(i);
            }
        }
        assertThat(missing).as("records never read back (first 20)").isEmpty();

        // duplicates come only from requests whose answer was lost after the server stored them:
        // a Kinesis record all of whose user records were read before is a repeat, and each lost
        // answer repeats at most one Kinesis record per shard (strict ordering: 2 entries per request)
        Map<String, List<Integer>> byKinesisRecord = new LinkedHashMap<>();
        for (ConsumedRecord r : got) {
            byKinesisRecord
                    .computeIfAbsent(r.shardId() + "/" + r.sequenceNumber(), k -> new ArrayList<>())
                    .add(Integer.parseInt(r.text().split("\\|")[1]));
        }
        Set<Integer> before = new HashSet<>();
        long repeats = 0;
        long partialRepeats = 0;
        for (List<Integer> numbers : byKinesisRecord.values()) {
            long old = numbers.stream().filter(before::contains).count();
            if (old == numbers.size()) {
                repeats++;
            } else if (old > 0) {
                partialRepeats++;
            }
            before.addAll(numbers);
        }
        System.out.printf(
                "fault run: %d PutRecords requests, %d faulted (%d answers lost), %d batches, %d repeated Kinesis"
                        + " records, %d user records read for %d sent%n",
                putRecordsRequests, putRecordsFaults, lostAnswers, m.batches(), repeats, got.size(), total);
        assertThat(partialRepeats)
                .as("Kinesis records mixing new and already read records")
                .isZero();
        assertThat(repeats).as("repeated Kinesis records").isLessThanOrEqualTo(2 * lostAnswers);
        assertThat(got.size() - total)
                .as("duplicate user records")
                .isEqualTo(byKinesisRecord.entrySet().stream()
                        .filter(e -> isRepeat(e.getValue(), byKinesisRecord))
                        .mapToLong(e -> e.getValue().size())
                        .sum());

        // per key, the first delivery of each record follows the send order
        Map<String, Integer> last = new HashMap<>();
        Set<Integer> firstSeen = new HashSet<>();
        List<String> outOfOrder = new ArrayList<>();
        for (ConsumedRecord r : got) {
            int n = Integer.parseInt(r.text().split("\\|")[1]);
            if (!firstSeen.add(n)) {
                continue; // a repeat
            }
            Integer prev = last.put(r.partitionKey(), n);
            if (prev != null && prev > n) {
                outOfOrder.add(r.partitionKey() + ": " + prev + " before " + n);
            }
        }
        assertThat(outOfOrder).isEmpty();
    }

    /** Whether this Kinesis record's user records all appeared in an earlier Kinesis record. */
    private static boolean isRepeat(List<Integer> numbers, Map<String, List<Integer>> inOrder) {
        Set<Integer> earlier = new HashSet<>();
        for (List<Integer> other : inOrder.values()) {
            if (other == numbers) {
                return earlier.containsAll(numbers);
            }
            earlier.addAll(other);
        }
        throw new AssertionError("not in the map");
    }
}
