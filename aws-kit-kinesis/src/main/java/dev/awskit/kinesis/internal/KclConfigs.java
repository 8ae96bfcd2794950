package dev.awskit.kinesis.internal;

import dev.awskit.core.RetryPolicy;
import dev.awskit.kinesis.StartPosition;
import java.util.Date;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.kinesis.checkpoint.CheckpointConfig;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.coordinator.CoordinatorConfig;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.lifecycle.LifecycleConfig;
import software.amazon.kinesis.metrics.MetricsConfig;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.processor.ProcessorConfig;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.retrieval.RetrievalConfig;
import software.amazon.kinesis.retrieval.fanout.FanOutConfig;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * The kit's settings mapped onto the KCL's seven config objects. Kept apart from the scheduler so the
 * mapping is unit-tested without a network.
 */
final class KclConfigs {
    final CheckpointConfig checkpoint;
    final CoordinatorConfig coordinator;
    final LeaseManagementConfig lease;
    final LifecycleConfig lifecycle;
    final MetricsConfig metrics;
    final ProcessorConfig processor;
    final RetrievalConfig retrieval;

    KclConfigs(
            GroupSettings s,
            RetryPolicy retry,
            KinesisAsyncClient kinesis,
            DynamoDbAsyncClient dynamo,
            CloudWatchAsyncClient cloudWatch,
            ShardRecordProcessorFactory factory) {
        ConfigsBuilder b = new ConfigsBuilder(
                        new SingleStreamTracker(s.stream(), initialPosition(s.from())),
                        s.group(),
                        kinesis,
                        dynamo,
                        cloudWatch,
                        s.workerId(),
                        factory)
                .tableName(s.leaseTable());
        s.metricsNamespace().ifPresent(b::namespace);
        long base = Math.max(50, retry.baseDelay().toMillis());
        int attempts = Math.max(1, retry.maxAttempts());

        checkpoint = b.checkpointConfig();

        coordinator = b.coordinatorConfig()
                // default: KCL 2.x-style lease taking by every worker; the 3.x leader (a DynamoDB lock, then
                // a lease assignment manager) is opt-in, see ConsumerGroup.Builder and the README
                .clientVersionConfig(
                        s.workerUtilizationAware()
                                ? CoordinatorConfig.ClientVersionConfig.CLIENT_VERSION_CONFIG_3X
                                : CoordinatorConfig.ClientVersionConfig.CLIENT_VERSION_CONFIG_COMPATIBLE_WITH_2X)
                .schedulerInitializationBackoffTimeMillis(base)
                .parentShardPollIntervalMillis(Math.max(base, 1_000))
                // how often the scheduler's loop moves each shard's consumer one step (initialize,
                // process, shut down: a close() takes several steps): the KCL's 1 s, or the poll interval
                // when that is shorter
                .shardConsumerDispatchPollIntervalMillis(
                        Math.min(1_000, s.pollInterval().toMillis()));
        coordinator.coordinatorStateTableConfig().tableName(s.coordinatorStateTable());

        long failover = s.failoverTime().toMillis();
        lease = b.leaseManagementConfig()
                .failoverTimeMillis(failover)
                // the leader reassigns expired leases (a killed worker's) this often; the KCL's default
                // is twice the failover time
                .leaseAssignmentIntervalMillis(failover)
                // the KCL idles this long after every shard sync, the one a new worker runs before it
                // starts included: its 60 s default made every start take a minute more; the failover
                // time (10 s by default) is how fast the group reacts anyway. Shard syncs stay rare (at
                // start, on holes in the lease table, at a shard's end), far below ListShards' limit.
                .shardSyncIntervalMillis(failover)
                .listShardsBackoffTimeInMillis(base)
                .maxListShardsRetryAttempts(attempts);
        lease.workerUtilizationAwareAssignmentConfig()
                .workerMetricsTableConfig()
                .tableName(s.workerMetricsTable());

        lifecycle = b.lifecycleConfig().taskBackoffTimeMillis(base);

        metrics = b.metricsConfig();
        if (s.metricsNamespace().isPresent()) {
            metrics.metricsLevel(MetricsLevel.SUMMARY);
        } else {
            metrics.metricsLevel(MetricsLevel.NONE).metricsFactory(new NullMetricsFactory());
        }

        processor = b.processorConfig().callProcessRecordsEvenForEmptyRecordList(false);

        retrieval = b.retrievalConfig().listShardsBackoffTimeInMillis(base).maxListShardsRetryAttempts(attempts);
        if (s.enhancedFanOut().isPresent()) {
            retrieval.retrievalSpecificConfig(new FanOutConfig(kinesis)
                    .streamName(s.stream())
                    .applicationName(s.group())
                    .consumerName(s.enhancedFanOut().get())
                    .retryBackoffMillis(base)
                    .registerStreamConsumerRetries(attempts)
                    .maxDescribeStreamConsumerRetries(Math.max(attempts, 10))
                    .maxDescribeStreamSummaryRetries(attempts));
        } else {
            retrieval.retrievalSpecificConfig(new PollingConfig(s.stream(), kinesis)
                    .maxRecords(s.maxRecordsPerCall())
                    .idleTimeBetweenReadsInMillis(Math.max(
                            PollingConfig.MIN_IDLE_MILLIS_BETWEEN_READS,
                            s.pollInterval().toMillis())));
        }
    }

    static InitialPositionInStreamExtended initialPosition(StartPosition p) {
        return switch (p.type()) {
            case TRIM_HORIZON ->
                InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON);
            case LATEST -> InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.LATEST);
            case AT_TIMESTAMP ->
                InitialPositionInStreamExtended.newInitialPositionAtTimestamp(
                        Date.from(p.timestamp().orElseThrow()));
            default ->
                throw new IllegalArgumentException(
                        "a consumer group starts at TRIM_HORIZON, LATEST or AT_TIMESTAMP, not " + p);
        };
    }

    Scheduler scheduler() {
        return new Scheduler(checkpoint, coordinator, lease, lifecycle, metrics, processor, retrieval);
    }
}
