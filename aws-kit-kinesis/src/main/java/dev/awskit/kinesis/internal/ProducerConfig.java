package dev.awskit.kinesis.internal;

import java.time.Duration;

/** A producer's settings, validated by {@code KinesisProducer.Builder}. */
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
        int syncClientThreads) {}
