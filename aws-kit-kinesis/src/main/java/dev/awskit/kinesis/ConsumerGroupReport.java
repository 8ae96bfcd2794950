package dev.awskit.kinesis;

import dev.awskit.core.AwsKitStyle;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * What one worker of a consumer group did so far ({@link ConsumerGroup#report()}).
 *
 * <pre>{@code
 * ConsumerGroupReport{group=orders-app, stream=my-event-dev, workerId=host-1a2b3c4d, records=50211,
 *     batches=412, checkpoints=37, shardsHeld=[shardId-000000000001], shardsEnded=1, leasesLost=0}
 * }</pre>
 */
@Value.Immutable
@AwsKitStyle
public interface ConsumerGroupReport {
    /** The group's name: the KCL application name and, unless set otherwise, its lease table. */
    String group();

    String stream();

    /** This worker's id in the lease table. */
    String workerId();

    /** User records handed to the handler by this worker (aggregates unpacked) and processed without error. */
    long records();

    /** Handler calls that returned normally. */
    long batches();

    /** Checkpoints written to the lease table by this worker. */
    long checkpoints();

    /** Checkpoints that failed (the lease was lost, or DynamoDB refused); their records come again elsewhere. */
    long checkpointFailures();

    /** The shards this worker holds a lease on now. */
    Set<String> shardsHeld();

    /** Shards this worker read to their end (after a split or merge) and checkpointed as ended. */
    long shardsEnded();

    /** Leases taken from this worker by another one (the records after its last checkpoint come again there). */
    long leasesLost();

    /** Why the group stopped on its own: the handler failed after the kit's retry policy gave up. */
    Optional<String> failure();

    static ConsumerGroupReportBuilder builder() {
        return new ConsumerGroupReportBuilder();
    }
}
