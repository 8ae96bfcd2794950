package dev.awskit.kinesis;

import dev.awskit.core.AwsKitStyle;
import org.immutables.value.Value;

/**
 * One record of a {@link KinesisProducer#sendAll(java.util.List) sendAll} that was not written: its
 * index in the list given, its partition key, and the error its own {@code send} future would have
 * failed with (expired, rejected, buffer full, abandoned at close).
 */
@Value.Immutable
@AwsKitStyle
public interface RecordFailure {
    /** The record's index in the list given to {@code sendAll}. */
    int index();

    String partitionKey();

    /** Why it was not written; the message names the stream, the region and what to do. */
    ProducerException error();

    static RecordFailureBuilder builder() {
        return new RecordFailureBuilder();
    }
}
