package dev.awskit.kinesis.internal;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * A producer's settings, validated by {@code KinesisProducer.Builder}. {@code callbackExecutor} is
 * null for the producer's own callback thread.
 */
public record ProducerConfig(
        String streamName,
        Duration maxBufferedTime,
        boolean aggregation,
        int aggregationMaxBytes,
        Duration recordTtl,
        long shardBytesPerSecond,
        int shardRecordsPerSecond,
        int maxBufferedRecords,
        long maxBufferedBytes,
        Duration blockTimeout,
        boolean strictOrdering,
        int maxInFlightRequests,
        Duration metricsLogInterval,
        int syncClientThreads,
        Executor callbackExecutor) {}
