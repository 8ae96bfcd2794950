package dev.awskit.kinesis.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The checks that the standalone consumer's and the consumer group's builders share: how records
 * are read (GetRecords limits, the poll interval) and which settings enhanced fan-out excludes. One
 * place, so the two builders accept the same values with the same messages.
 */
public final class ReadChecks {
    private ReadChecks() {}

    /** GetRecords' Limit: 1 to 10,000 (the API's range). */
    public static int maxRecordsPerCall(int n) {
        if (n < 1 || n > 10_000) {
            throw new IllegalArgumentException("maxRecordsPerCall must be 1..10000, was " + n);
        }
        return n;
    }

    /** The least time between two GetRecords calls on one shard: 1 ms to 1 min. */
    public static Duration pollInterval(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.toMillis() < 1 || interval.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("pollInterval must be 1 ms..1 min, was " + interval);
        }
        return interval;
    }

    /**
     * Rejects polling-only settings beside enhanced fan-out: {@code owner} reads with {@code
     * enhancedFanOut(consumerName)}, and {@code pollingOnly} names the settings that were set which
     * only GetRecords uses (none: nothing to reject).
     *
     * @throws IllegalStateException naming the settings to remove
     */
    public static void pushedNotPolled(String owner, String consumerName, java.util.List<String> pollingOnly) {
        if (consumerName == null || pollingOnly.isEmpty()) {
            return;
        }
        throw new IllegalStateException(owner + " reads with enhancedFanOut(" + consumerName + "): "
                + String.join(" and ", pollingOnly) + (pollingOnly.size() == 1 ? " applies" : " apply")
                + " to polling only; remove " + (pollingOnly.size() == 1 ? "it" : "them")
                + " (SubscribeToShard pushes records as they arrive)");
    }
}
