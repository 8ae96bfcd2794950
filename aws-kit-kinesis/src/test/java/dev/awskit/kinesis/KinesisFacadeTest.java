package dev.awskit.kinesis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.core.RetryPolicy;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The facade and the builders without a server: misuse and an unreachable endpoint. */
class KinesisFacadeTest {
    private AwsKit kit;
    private int closedPort;

    @BeforeEach
    void kitOnAClosedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort(); // closed again at once: connections are refused
        }
        kit = AwsKit.builder()
                .region("us-east-1")
                .credentials("awskit-test-key", "test-secret")
                .endpoint("http://127.0.0.1:" + closedPort)
                .retryPolicy(RetryPolicy.none())
                .build();
    }

    @AfterEach
    void close() {
        kit.close();
    }

    @Test
    void streams_whenKinesisCannotBeReached_isAwsKitExceptionNamingRegionAndWhatToDo() {
        assertThatThrownBy(() -> Kinesis.of(kit).streams().toList())
                .isExactlyInstanceOf(AwsKitException.class)
                .hasMessageStartingWith("ListStreams on Kinesis in us-east-1 failed: ")
                .hasMessageEndingWith(" Kinesis could not be reached: check the network, the endpoint"
                        + " (AWS_ENDPOINT_URL_KINESIS or the kit's endpoint override) and the region, then try"
                        + " again.")
                .hasCauseInstanceOf(SdkClientException.class);
    }

    @Test
    void streamExists_whenKinesisCannotBeReached_isAwsKitExceptionNamingTheStream() {
        assertThatThrownBy(() -> Kinesis.of(kit).stream("my-event-dev").exists())
                .isExactlyInstanceOf(AwsKitException.class)
                .hasMessageStartingWith("DescribeStreamSummary for Kinesis stream 'my-event-dev' in us-east-1 failed: ")
                .hasMessageContaining("Kinesis could not be reached")
                .hasCauseInstanceOf(SdkClientException.class);
    }

    @Test
    void producerBuilder_secondWriteOfASetting_isIllegalStateNamingBothValues() {
        KinesisProducer.Builder b = Kinesis.of(kit).producer("my-event-dev").maxBuffered(1000, 8L << 20);
        assertThatThrownBy(() -> b.maxBuffered(10, 2L << 20))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("maxBuffered was already set to 1000 records, 8 MiB; cannot set it to 10 records, 2 MiB");
        KinesisProducer.Builder c = Kinesis.of(kit).producer("my-event-dev").recordTtl(Duration.ofSeconds(5));
        assertThatThrownBy(() -> c.recordTtl(Duration.ofSeconds(60)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("recordTtl was already set to PT5S; cannot set it to PT1M");
    }

    @Test
    void consumerBuilder_secondWriteOfASetting_isIllegalStateNamingBothValues() {
        KinesisConsumer.Builder b = Kinesis.of(kit).consumer("my-event-dev").maxRecordsPerCall(100);
        assertThatThrownBy(() -> b.maxRecordsPerCall(200))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("maxRecordsPerCall was already set to 100; cannot set it to 200");
    }

    @Test
    void producerBuilder_everySettingIsWrittenOnce() {
        assertThatThrownBy(
                        () -> producer().maxBufferedTime(Duration.ofMillis(50)).maxBufferedTime(Duration.ofMillis(60)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("maxBufferedTime was already set to PT0.05S; cannot set it to PT0.06S");
        assertThatThrownBy(() -> producer().aggregation(true).aggregation(false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("aggregation was already set to true; cannot set it to false");
        assertThatThrownBy(() -> producer().aggregationMaxBytes(4096).aggregationMaxBytes(51_200))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("aggregationMaxBytes was already set to 4 KiB; cannot set it to 50 KiB");
        assertThatThrownBy(() -> producer().shardRateLimit(1 << 20, 1000).shardRateLimit(1 << 19, 500))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("shardRateLimit was already set to 1 MiB/s, 1000 records/s; cannot set it to 512 KiB/s,"
                        + " 500 records/s");
        assertThatThrownBy(() -> producer().strictOrdering(true).strictOrdering(true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("strictOrdering was already set to true; cannot set it to true");
        assertThatThrownBy(() -> producer().maxInFlightRequests(8).maxInFlightRequests(16))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("maxInFlightRequests was already set to 8; cannot set it to 16");
        assertThatThrownBy(() -> producer().syncClient(4).syncClient(8))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("syncClient was already set to 4 threads; cannot set it to 8 threads");
        assertThatThrownBy(
                        () -> producer().metricsLogInterval(Duration.ZERO).metricsLogInterval(Duration.ofSeconds(10)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("metricsLogInterval was already set to PT0S; cannot set it to PT10S");
    }

    @Test
    void producerBuild_aggregationMaxBytesWithoutAggregation_isRefusedBeforeAnyCall() {
        assertThatThrownBy(() ->
                        producer().aggregation(false).aggregationMaxBytes(4096).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("aggregationMaxBytes (4 KiB) sizes aggregated records, but aggregation is off: drop"
                        + " aggregationMaxBytes, or turn aggregation on");
    }

    @Test
    void producerBuild_recordTtlNotLongerThanMaxBufferedTime_isRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> producer()
                        .maxBufferedTime(Duration.ofMillis(500))
                        .recordTtl(Duration.ofMillis(400))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("recordTtl (PT0.4S) must be longer than maxBufferedTime (PT0.5S): records would expire"
                        + " while they wait to be batched");
    }

    @Test
    void producerBuild_maxBufferedBelowOneRecord_isRefusedBeforeAnyCall() {
        // every stream takes records of at least 1 MiB (MaxRecordSizeInKiB 1024..10240, API_UpdateMaxRecordSize)
        assertThatThrownBy(() -> producer().maxBuffered(1000, 512 * 1024).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("maxBuffered bytes (512 KiB) cannot hold one record of the largest size any stream"
                        + " accepts (at least 1 MiB, data plus partition key): raise maxBuffered to at least 1 MiB");
    }

    @Test
    void consumerBuilder_everySettingIsWrittenOnce() {
        assertThatThrownBy(() -> Kinesis.of(kit)
                        .consumer("my-event-dev")
                        .shard("shardId-000000000000")
                        .shard("shardId-000000000001"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("shard was already set to shardId-000000000000; cannot set it to shardId-000000000001");
        assertThatThrownBy(() -> Kinesis.of(kit)
                        .consumer("my-event-dev")
                        .from(StartPosition.latest())
                        .from(StartPosition.trimHorizon()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("from was already set to " + StartPosition.latest() + "; cannot set it to "
                        + StartPosition.trimHorizon());
        assertThatThrownBy(() -> Kinesis.of(kit)
                        .consumer("my-event-dev")
                        .resumeFrom(java.util.Map.of())
                        .resumeFrom(java.util.Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("resumeFrom was already set to 0 shard positions; cannot set it to 0 shard positions");
        assertThatThrownBy(() -> Kinesis.of(kit)
                        .consumer("my-event-dev")
                        .pollInterval(Duration.ofMillis(200))
                        .pollInterval(Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("pollInterval was already set to PT0.2S; cannot set it to PT1S");
    }

    private KinesisProducer.Builder producer() {
        return Kinesis.of(kit).producer("my-event-dev");
    }

    @Test
    void producerBuild_whenKinesisCannotBeReached_isAwsKitExceptionNamingTheStream() {
        assertThatThrownBy(() -> Kinesis.of(kit).producer("my-event-dev").build())
                .isExactlyInstanceOf(AwsKitException.class)
                .hasMessageStartingWith("DescribeStreamSummary for Kinesis stream 'my-event-dev' in us-east-1 failed: ")
                .hasCauseInstanceOf(SdkClientException.class);
    }
}
