package dev.awskit.kinesis.internal;

import java.time.Duration;
import java.util.Optional;

/**
 * When a shard processor checkpoints: after every batch when neither limit is set; otherwise as soon
 * as either limit is reached (records since the last checkpoint, or time since it).
 */
public record CheckpointRule(Optional<Integer> everyRecords, Optional<Duration> interval) {

    public static CheckpointRule everyBatch() {
        return new CheckpointRule(Optional.empty(), Optional.empty());
    }

    /**
     * @param recordsSince records processed since the last checkpoint (0: nothing to checkpoint)
     * @param sinceLast time since the last checkpoint (or since the shard was taken)
     */
    public boolean due(long recordsSince, Duration sinceLast) {
        if (recordsSince <= 0) {
            return false;
        }
        if (everyRecords.isEmpty() && interval.isEmpty()) {
            return true;
        }
        return everyRecords.map(n -> recordsSince >= n).orElse(false)
                || interval.map(t -> sinceLast.compareTo(t) >= 0).orElse(false);
    }
}
