package dev.awskit.core;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * One progress update of a long operation: units (files, records, blobs) and bytes done so far.
 * Totals are {@code -1} while unknown (a sync still listing).
 */
@Value.Immutable
@AwsKitStyle
public interface ProgressEvent {
    /** What is running, e.g. {@code "sync ./site -> s3://web"}. */
    String operation();

    /** Units finished so far (files copied or skipped, records sent, blobs copied). */
    long completedUnits();

    /** Units in all, or -1 while unknown. */
    @Value.Default
    default long totalUnits() {
        return -1;
    }

    /** Bytes transferred so far. */
    @Value.Default
    default long completedBytes() {
        return 0;
    }

    /** Bytes in all, or -1 while unknown. */
    @Value.Default
    default long totalBytes() {
        return -1;
    }

    /** The unit's name in plural, for display: "files", "records", "blobs". */
    @Value.Default
    default String unit() {
        return "items";
    }

    /** The item just finished or started, for display. */
    Optional<String> current();

    /** True on the last event of an operation. */
    @Value.Default
    default boolean done() {
        return false;
    }

    static ProgressEventBuilder builder() {
        return new ProgressEventBuilder();
    }
}
