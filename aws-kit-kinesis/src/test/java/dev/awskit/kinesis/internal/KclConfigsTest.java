package dev.awskit.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKit;
import dev.awskit.core.RetryPolicy;
import dev.awskit.kinesis.StartPosition;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.coordinator.CoordinatorConfig;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.retrieval.fanout.FanOutConfig;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/** The kit's settings onto the KCL's config objects: read back through the KCL's own getters. */
class KclConfigsTest {
    private static AwsKit kit;

    @BeforeAll
    static void kit() {
        kit = AwsKit.builder()
                .region("us-east-1")
                .credentials("awskit-test-key", "test-secret")
                .endpoint("http://127.0.0.1:9")
                .build();
    }

    @AfterAll
    static void close() {
        kit.close();
    }

    private static GroupSettings settings(
            StartPosition from, Optional<String> efo, Optional<String> metrics, Duration failover) {
        return new GroupSettings(
                "orders-app",
                "my-event-dev",
                batch -> {},
                from,
                efo,
                Optional.empty(),
                Optional.empty(),
                metrics,
                "worker-1",
                "orders-leases",
                failover,
                Duration.ofMillis(350),
                500,
                false);
    }

    private static KclConfigs configs(GroupSettings s, RetryPolicy retry) {
        return new KclConfigs(
                s,
                retry,
                kit.client(KinesisAsyncClient.class),
                kit.client(DynamoDbAsyncClient.class),
                kit.client(CloudWatchAsyncClient.class),
                () -> null);
    }

    @Test
    void polling_mapsTablesLeasesMetricsOffAndGetRecordsPacing() {
        KclConfigs c = configs(
                settings(StartPosition.trimHorizon(), Optional.empty(), Optional.empty(), Duration.ofSeconds(4)),
                RetryPolicy.standard());

        assertThat(c.lease.tableName()).isEqualTo("orders-leases");
        assertThat(c.lease.workerIdentifier()).isEqualTo("worker-1");
        assertThat(c.lease.failoverTimeMillis()).isEqualTo(4_000);
        assertThat(c.lease.leaseAssignmentIntervalMillis()).isEqualTo(4_000);
        // the KCL idles shardSyncIntervalMillis after each shard sync, the start-up one included (its
        // default, 60 s, was a minute of every worker's start): the failover time instead
        assertThat(c.lease.shardSyncIntervalMillis()).isEqualTo(4_000);
        // the scheduler steps each shard's consumer at the poll interval when below the KCL's 1 s
        assertThat(c.coordinator.shardConsumerDispatchPollIntervalMillis()).isEqualTo(350);
        assertThat(c.coordinator.coordinatorStateTableConfig().tableName()).isEqualTo("orders-leases-CoordinatorState");
        assertThat(c.lease
                        .workerUtilizationAwareAssignmentConfig()
                        .workerMetricsTableConfig()
                        .tableName())
                .isEqualTo("orders-leases-WorkerMetricStats");
        assertThat(c.coordinator.clientVersionConfig())
                .isEqualTo(CoordinatorConfig.ClientVersionConfig.CLIENT_VERSION_CONFIG_COMPATIBLE_WITH_2X);
        assertThat(c.coordinator.applicationName()).isEqualTo("orders-app");

        assertThat(c.metrics.metricsLevel()).isEqualTo(MetricsLevel.NONE);
        assertThat(c.metrics.metricsFactory()).isInstanceOf(NullMetricsFactory.class);

        assertThat(c.retrieval.retrievalSpecificConfig()).isInstanceOf(PollingConfig.class);
        PollingConfig p = (PollingConfig) c.retrieval.retrievalSpecificConfig();
        assertThat(p.maxRecords()).isEqualTo(500);
        assertThat(p.idleTimeBetweenReadsInMillis()).isEqualTo(350);
        assertThat(p.streamName()).isEqualTo("my-event-dev");

        assertThat(c.retrieval.streamTracker().streamConfigList())
                .singleElement()
                .satisfies(sc -> {
                    assertThat(sc.streamIdentifier().streamName()).isEqualTo("my-event-dev");
                    assertThat(sc.initialPositionInStreamExtended().getInitialPositionInStream())
                            .isEqualTo(InitialPositionInStream.TRIM_HORIZON);
                });
        assertThat(c.processor.callProcessRecordsEvenForEmptyRecordList()).isFalse();
    }

    @Test
    void workerUtilizationAwareAssignment_selectsTheKcl3xMode() {
        GroupSettings d =
                settings(StartPosition.trimHorizon(), Optional.empty(), Optional.empty(), Duration.ofSeconds(10));
        GroupSettings kcl3 = new GroupSettings(
                d.group(),
                d.stream(),
                d.handler(),
                d.from(),
                d.enhancedFanOut(),
                d.checkpointEvery(),
                d.checkpointInterval(),
                d.metricsNamespace(),
                d.workerId(),
                d.leaseTable(),
                d.failoverTime(),
                Duration.ofSeconds(2),
                d.maxRecordsPerCall(),
                true);
        KclConfigs c = configs(kcl3, RetryPolicy.standard());
        assertThat(c.coordinator.clientVersionConfig())
                .isEqualTo(CoordinatorConfig.ClientVersionConfig.CLIENT_VERSION_CONFIG_3X);
        assertThat(c.coordinator.shardConsumerDispatchPollIntervalMillis()).isEqualTo(1_000);
    }

    @Test
    void retryPolicy_setsTheKclBackoffsAndAttempts() {
        RetryPolicy retry = RetryPolicy.builder()
                .maxAttempts(7)
                .baseDelay(Duration.ofMillis(250))
                .build();
        KclConfigs c = configs(
                settings(StartPosition.latest(), Optional.of("orders-efo"), Optional.empty(), Duration.ofSeconds(10)),
                retry);

        assertThat(c.lifecycle.taskBackoffTimeMillis()).isEqualTo(250);
        assertThat(c.retrieval.listShardsBackoffTimeInMillis()).isEqualTo(250);
        assertThat(c.retrieval.maxListShardsRetryAttempts()).isEqualTo(7);
        assertThat(c.lease.listShardsBackoffTimeInMillis()).isEqualTo(250);
        assertThat(c.lease.maxListShardsRetryAttempts()).isEqualTo(7);
        assertThat(c.coordinator.schedulerInitializationBackoffTimeMillis()).isEqualTo(250);

        FanOutConfig f = (FanOutConfig) c.retrieval.retrievalSpecificConfig();
        assertThat(f.consumerName()).isEqualTo("orders-efo");
        assertThat(f.streamName()).isEqualTo("my-event-dev");
        assertThat(f.applicationName()).isEqualTo("orders-app");
        assertThat(f.retryBackoffMillis()).isEqualTo(250);
        assertThat(f.registerStreamConsumerRetries()).isEqualTo(7);
        assertThat(c.retrieval
                        .streamTracker()
                        .streamConfigList()
                        .get(0)
                        .initialPositionInStreamExtended()
                        .getInitialPositionInStream())
                .isEqualTo(InitialPositionInStream.LATEST);
    }

    @Test
    void metricsNamespace_publishesSummaryMetricsUnderIt() {
        KclConfigs c = configs(
                settings(StartPosition.trimHorizon(), Optional.empty(), Optional.of("orders"), Duration.ofSeconds(10)),
                RetryPolicy.standard());
        assertThat(c.metrics.metricsLevel()).isEqualTo(MetricsLevel.SUMMARY);
        assertThat(c.metrics.namespace()).isEqualTo("orders");
        assertThat(c.metrics.metricsFactory()).isNotInstanceOf(NullMetricsFactory.class);
    }

    @Test
    void atTimestamp_isTheKclsTimestampPosition() {
        Instant t = Instant.parse("2026-12-01T10:15:30Z");
        assertThat(KclConfigs.initialPosition(StartPosition.atTimestamp(t)).getTimestamp())
                .isEqualTo(Date.from(t));
        assertThat(KclConfigs.initialPosition(StartPosition.atTimestamp(t)).getInitialPositionInStream())
                .isEqualTo(InitialPositionInStream.AT_TIMESTAMP);
    }

    @Test
    void missingKcl_saysWhichDependencyToAdd() {
        assertThatThrownBy(() -> Kcl.require("software.amazon.kinesis.NoSuchClass", "orders-app"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("consumer group orders-app runs on the Kinesis Client Library, which is not on the class"
                        + " path: add the dependency software.amazon.kinesis:amazon-kinesis-client (3.1.3, an"
                        + " optional dependency of aws-kit-kinesis; import aws-kit-bom so its AWS SDK modules"
                        + " match the kit's)");
    }
}
