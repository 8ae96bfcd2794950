package dev.awskit.kinesis;

import static dev.awskit.kinesis.KinesisRoundTripIT.newStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.testing.Service;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A consumer group worker on the KCL: Kinesis on kinesis-mock, leases in moto's DynamoDB (the kit
 * has one endpoint per service). Records come from our producer, KPL-aggregated; the KCL unpacks
 * them.
 */
@UsesServer({Service.KINESIS, Service.DYNAMODB})
class ConsumerGroupIT {

    static void send(AwsKit aws, String stream, int from, int to) {
        List<java.util.concurrent.CompletableFuture<SendResult>> sent = new java.util.ArrayList<>();
        try (KinesisProducer p = Kinesis.of(aws)
                .producer(stream)
                .recordTtl(Duration.ofMinutes(10)) // a loaded machine must not turn into lost test records
                .build()) {
            for (int i = from; i < to; i++) {
                sent.add(p.send("user-" + (i % 97), ("user-" + (i % 97) + "|" + i).getBytes(StandardCharsets.UTF_8)));
            }
        }
        sent.forEach(java.util.concurrent.CompletableFuture::join);
    }

    static void awaitCount(Map<Integer, AtomicInteger> seen, int n, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (seen.size() < n && System.nanoTime() < deadline) {
            sleep(200);
        }
    }

    static void sleep(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void group_processesEveryAggregatedRecord_andCloseCheckpointsEveryShardInDynamoDb(AwsKit aws, TestResources res) {
        KinesisStream stream = newStream(aws, res, 4);
        String group = res.name();
        GroupTables.deleteAfterwards(aws, res, group);
        int total = 5_000;
        send(aws, stream.name(), 0, total);

        Map<Integer, AtomicInteger> seen = new ConcurrentHashMap<>();
        List<Boolean> aggregated = new CopyOnWriteArrayList<>();
        ConsumerGroup g = Kinesis.of(aws).consumerGroup(group).stream(stream.name())
                .checkpointEvery(1_000_000) // only close() checkpoints: proves it does
                // the KCL forces its shutdown once a lease's failover time passed: on this shared,
                // loaded machine the graceful part needs more than 3 s
                .failoverTime(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .process(batch -> batch.forEach(r -> {
                    aggregated.add(r.aggregated());
                    seen.computeIfAbsent(Integer.parseInt(r.text().split("\\|")[1]), k -> new AtomicInteger())
                            .incrementAndGet();
                }))
                .start();
        try {
            awaitCount(seen, total, Duration.ofSeconds(240));
        } finally {
            g.close();
        }

        assertThat(seen).hasSize(total);
        assertThat(seen.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
        assertThat(aggregated).contains(true); // our producer's KPL aggregates, unpacked by the KCL
        ConsumerGroupReport report = g.report();
        assertThat(report.records()).isEqualTo(total);
        assertThat(report.failure()).isEmpty();
        assertThat(report.shardsHeld()).isEmpty();

        Map<String, Map<String, AttributeValue>> leases = GroupTables.leases(aws, group);
        assertThat(leases.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        stream.shards().stream().map(ShardInfo::shardId).toList());
        // close() checkpointed every shard at a real sequence number, not at TRIM_HORIZON
        assertThat(leases.values())
                .allSatisfy(l -> assertThat(l.get("checkpoint").s()).matches("\\d+"));
    }

    @Test
    void group_whenHandlerFailsForGood_stopsWithoutCheckpointing_andCloseThrows(AwsKit aws, TestResources res) {
        KinesisStream stream = newStream(aws, res, 1);
        String group = res.name();
        GroupTables.deleteAfterwards(aws, res, group);
        send(aws, stream.name(), 0, 10);

        AtomicInteger calls = new AtomicInteger();
        ConsumerGroup g = Kinesis.of(aws).consumerGroup(group).stream(stream.name())
                .failoverTime(Duration.ofSeconds(3))
                .pollInterval(Duration.ofMillis(200))
                .process(batch -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException(
                            "order service refused record " + batch.get(0).text());
                })
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (g.report().failure().isEmpty() && System.nanoTime() < deadline) {
            sleep(200);
        }
        assertThatThrownBy(g::close)
                .isInstanceOf(AwsKitException.class)
                .hasMessageContaining("process 10 records of shardId-000000000000 (stream " + stream.name()
                        + ", consumer group " + group + ", region us-east-1) failed")
                .hasMessageContaining("order service refused record user-0|0")
                .hasMessageContaining("the group stopped without checkpointing this batch");
        assertThat(calls).hasValue(1); // not an AWS failure: the retry policy does not repeat it
        Map<String, Map<String, AttributeValue>> leases = GroupTables.leases(aws, group);
        assertThat(leases.get("shardId-000000000000").get("checkpoint").s()).isEqualTo("TRIM_HORIZON");
    }
}
