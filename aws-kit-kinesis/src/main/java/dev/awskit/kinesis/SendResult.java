package dev.awskit.kinesis;

import dev.awskit.core.AwsKitStyle;
import org.immutables.value.Value;

/**
 * Where a record was written: the shard, the sequence number of the Kinesis record that carries it,
 * and how many PutRecords attempts it took. Aggregated records share one sequence number and are
 * told apart by {@link #subSequenceNumber()}, as the KCL does.
 */
@Value.Immutable
@AwsKitStyle
public interface SendResult {
    /** The shard the record was written to, e.g. {@code shardId-000000000001}. */
    String shardId();

    /** The sequence number of the Kinesis record (shared by all records of one aggregate). */
    String sequenceNumber();

    /** The record's index inside its aggregate; 0 when not aggregated. */
    int subSequenceNumber();

    /** Whether the record travelled inside a KPL aggregated record. */
    boolean aggregated();

    /** PutRecords attempts, the successful one included. */
    int attempts();

    static SendResultBuilder builder() {
        return new SendResultBuilder();
    }
}
