package dev.awskit.kinesis;

import dev.awskit.core.AwsKitStyle;
import org.immutables.value.Value;

/**
 * A snapshot of a producer's counters since it was built ({@link KinesisProducer#metrics()}).
 *
 * <pre>{@code
 * ProducerMetrics{records=1000, kinesisRecords=3, bytes=52000, batches=2, retries=0, throttles=0, failed=0, abandoned=0, buffered=0}
 * }</pre>
 */
@Value.Immutable
@AwsKitStyle
public interface ProducerMetrics {
    /** User records written (futures completed successfully). */
    long records();

    /** Kinesis records written: one per aggregate, one per record sent plain. */
    long kinesisRecords();

    /** User data bytes written (partition keys not included). */
    long bytes();

    /** PutRecords requests made. */
    long batches();

    /** Kinesis records sent again after a failed entry or a failed request. */
    long retries();

    /** Entries rejected with ProvisionedThroughputExceededException (or requests throttled). */
    long throttles();

    /** User records whose future failed (expired, rejected, buffer full, abandoned). */
    long failed();

    /**
     * Of {@link #failed()}, the records failed without a final answer from Kinesis: still pending
     * when {@link KinesisProducer#close(java.time.Duration)} ran out of time, when the producer
     * broke, or when it became unreachable without {@code close()}.
     */
    @Value.Default
    default long abandoned() {
        return 0;
    }

    /** User records accepted and not yet completed (buffered or in flight). */
    long buffered();

    /** User records per Kinesis record: the aggregation factor. */
    @Value.Derived
    default double recordsPerKinesisRecord() {
        return kinesisRecords() == 0 ? 0 : (double) records() / kinesisRecords();
    }

    static ProducerMetricsBuilder builder() {
        return new ProducerMetricsBuilder();
    }
}
