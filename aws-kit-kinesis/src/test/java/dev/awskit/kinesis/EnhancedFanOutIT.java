package dev.awskit.kinesis;

import static dev.awskit.kinesis.KinesisRoundTripIT.newStream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.AwsKit;
import dev.awskit.testing.Service;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Consumer;

/**
 * Enhanced fan-out (RegisterStreamConsumer, SubscribeToShard) against kinesis-mock, which implements
 * both (0.6.2; it serves SubscribeToShard's event stream over plain HTTP/1.1, where AWS requires
 * HTTP/2: see the module README).
 */
@UsesServer({Service.KINESIS, Service.DYNAMODB})
class EnhancedFanOutIT {

    private static List<Consumer> consumers(AwsKit aws, KinesisStream stream) {
        KinesisClient k = aws.client(KinesisClient.class);
        String arn = k.describeStreamSummary(r -> r.streamName(stream.name()))
                .streamDescriptionSummary()
                .streamARN();
        return k.listStreamConsumers(r -> r.streamARN(arn)).consumers();
    }

    private static List<Integer> numbers(List<ConsumedRecord> records) {
        List<Integer> out = new ArrayList<>();
        records.forEach(r -> out.add(Integer.parseInt(r.text().split("\\|")[1])));
        return out;
    }

    @Test
    void consumer_enhancedFanOut_registersOnce_andReadsEveryRecordPushed_acrossASplit(AwsKit aws, TestResources res) {
        KinesisStream stream = newStream(aws, res, 2);
        ConsumerGroupIT.send(aws, stream.name(), 0, 1_000);

        List<ConsumedRecord> got = new ArrayList<>();
        try (KinesisConsumer c = Kinesis.of(aws)
                .consumer(stream.name())
                .enhancedFanOut("kit-efo")
                .build()) {
            got.addAll(c.readAvailable(Duration.ofSeconds(60)));
            stream.split(stream.openShards().get(0).shardId());
            stream.awaitActive(Duration.ofMinutes(1));
            ConsumerGroupIT.send(aws, stream.name(), 1_000, 2_000);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (got.size() < 2_000 && System.nanoTime() < deadline) {
                got.addAll(c.readAvailable(Duration.ofSeconds(10)));
            }
            assertThat(c.toString()).contains("enhancedFanOut=kit-efo");
        }
        assertThat(numbers(got))
                .containsExactlyInAnyOrderElementsOf(
                        java.util.stream.IntStream.range(0, 2_000).boxed().toList());
        assertThat(got).anySatisfy(r -> assertThat(r.aggregated()).isTrue());

        // a second consumer with the same name reuses the registration (idempotent)
        try (KinesisConsumer again = Kinesis.of(aws)
                .consumer(stream.name())
                .enhancedFanOut("kit-efo")
                .build()) {
            assertThat(again.readAvailable(Duration.ofSeconds(60))).hasSizeGreaterThanOrEqualTo(1_000);
        }
        assertThat(consumers(aws, stream)).extracting(Consumer::consumerName).containsExactly("kit-efo");
    }

    @Test
    void group_enhancedFanOut_registersTheConsumer_andProcessesEveryRecord(AwsKit aws, TestResources res) {
        KinesisStream stream = newStream(aws, res, 2);
        String group = res.name();
        GroupTables.deleteAfterwards(aws, res, group);
        ConsumerGroupIT.send(aws, stream.name(), 0, 2_000);

        Map<Integer, AtomicInteger> seen = new ConcurrentHashMap<>();
        ConsumerGroup g = Kinesis.of(aws).consumerGroup(group).stream(stream.name())
                .enhancedFanOut("group-efo")
                .failoverTime(Duration.ofSeconds(3))
                .process(batch -> batch.forEach(
                        r -> seen.computeIfAbsent(Integer.parseInt(r.text().split("\\|")[1]), k -> new AtomicInteger())
                                .incrementAndGet()))
                .start();
        try {
            ConsumerGroupIT.awaitCount(seen, 2_000, Duration.ofSeconds(240));
        } finally {
            g.close();
        }
        assertThat(seen).hasSize(2_000);
        assertThat(consumers(aws, stream)).extracting(Consumer::consumerName).containsExactly("group-efo");
    }
}
