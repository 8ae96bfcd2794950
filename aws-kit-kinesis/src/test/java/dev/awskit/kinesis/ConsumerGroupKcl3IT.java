package dev.awskit.kinesis;

import static dev.awskit.kinesis.KinesisRoundTripIT.newStream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.AwsKit;
import dev.awskit.testing.Service;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The KCL 3.x mode ({@code workerUtilizationAwareAssignment()}: a leader elected through a DynamoDB
 * lock assigns the leases from the workers' metrics) on kinesis-mock and moto's DynamoDB. moto serves
 * every call it needs (the lock item in {@code <table>-CoordinatorState}, the lease table's
 * {@code LeaseOwnerToLeaseKeyIndex} GSI, {@code <table>-WorkerMetricStats}); the leader assigns the
 * leases once this worker reported its first metrics (a few seconds; off EC2/ECS/EKS without CPU
 * figures, "using default WorkerMetricStats").
 */
@UsesServer({Service.KINESIS, Service.DYNAMODB})
class ConsumerGroupKcl3IT {

    @Test
    void group_workerUtilizationAwareAssignment_leaderAssignsTheLeases_andEveryRecordIsProcessed(
            AwsKit aws, TestResources res) {
        KinesisStream stream = newStream(aws, res, 2);
        String group = res.name();
        GroupTables.deleteAfterwards(aws, res, group);
        ConsumerGroupIT.send(aws, stream.name(), 0, 1_000);

        Map<Integer, AtomicInteger> seen = new ConcurrentHashMap<>();
        ConsumerGroup g = Kinesis.of(aws).consumerGroup(group).stream(stream.name())
                .workerUtilizationAwareAssignment()
                .failoverTime(Duration.ofSeconds(3))
                .pollInterval(Duration.ofMillis(200))
                .process(batch -> batch.forEach(
                        r -> seen.computeIfAbsent(Integer.parseInt(r.text().split("\\|")[1]), k -> new AtomicInteger())
                                .incrementAndGet()))
                .start();
        try {
            ConsumerGroupIT.awaitCount(seen, 1_000, Duration.ofSeconds(120));
        } finally {
            g.close();
        }
        assertThat(seen).hasSize(1_000);
        assertThat(g.report().failure()).isEmpty();
        // the leader's assignment is in the lease table: this worker owns both leases' checkpoints
        assertThat(GroupTables.leases(aws, group).values())
                .hasSize(2)
                .allSatisfy(l -> assertThat(l.get("checkpoint").s()).matches("\\d+"));
    }
}
