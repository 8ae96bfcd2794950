package dev.awskit.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKit;
import dev.awskit.kinesis.internal.GroupSettings;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every decision of ConsumerGroup.Builder, without a server (settings() is what start() hands the KCL). */
class ConsumerGroupBuilderTest {
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

    private static ConsumerGroup.Builder group() {
        return Kinesis.of(kit).consumerGroup("orders-app");
    }

    @Test
    void defaults_leaseTableIsTheGroup_trimHorizon_pollingAndTheKclsFailover() {
        GroupSettings s = group().stream("my-event-dev").process(b -> {}).settings();
        assertThat(s.leaseTable()).isEqualTo("orders-app");
        assertThat(s.coordinatorStateTable()).isEqualTo("orders-app-CoordinatorState");
        assertThat(s.workerMetricsTable()).isEqualTo("orders-app-WorkerMetricStats");
        assertThat(s.from().type()).isEqualTo(StartPosition.Type.TRIM_HORIZON);
        assertThat(s.enhancedFanOut()).isEmpty();
        assertThat(s.metricsNamespace()).isEmpty();
        assertThat(s.failoverTime()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.maxRecordsPerCall()).isEqualTo(10_000);
        assertThat(s.workerId()).matches(".+-[0-9a-f]{8}");
    }

    @Test
    void twoWorkers_getDifferentDefaultIds() {
        String a = group().stream("s1").process(b -> {}).settings().workerId();
        String b = group().stream("s1").process(x -> {}).settings().workerId();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void start_withoutStream_namesTheCallToAdd() {
        assertThatThrownBy(() -> group().process(b -> {}).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("consumer group orders-app has no stream: add .stream(\"my-event-dev\") before start()");
    }

    @Test
    void start_withoutHandler_namesTheCallToAdd() {
        assertThatThrownBy(() -> group().stream("my-event-dev").start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("consumer group orders-app has no handler: add .process(batch -> ...) before start()");
    }

    @Test
    void enhancedFanOut_withPollingSettings_isRejected() {
        assertThatThrownBy(() -> group().stream("s")
                        .process(b -> {})
                        .enhancedFanOut("orders-efo")
                        .pollInterval(Duration.ofMillis(500))
                        .start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("consumer group orders-app reads with enhancedFanOut(orders-efo): pollInterval applies"
                        + " to polling only; remove it (SubscribeToShard pushes records as they arrive)");
        assertThatThrownBy(() -> group().stream("s")
                        .process(b -> {})
                        .enhancedFanOut("orders-efo")
                        .pollInterval(Duration.ofMillis(500))
                        .maxRecordsPerCall(100)
                        .start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("consumer group orders-app reads with enhancedFanOut(orders-efo): pollInterval and"
                        + " maxRecordsPerCall apply to polling only; remove them (SubscribeToShard pushes records"
                        + " as they arrive)");
    }

    /** The group and the standalone consumer share one check of the read settings: same values, same messages. */
    @Test
    void readSettings_areCheckedAlike_byTheGroupAndTheStandaloneConsumer() {
        for (int bad : new int[] {0, -1, 10_001}) {
            assertThatThrownBy(() -> group().maxRecordsPerCall(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("maxRecordsPerCall must be 1..10000, was " + bad);
            assertThatThrownBy(() -> Kinesis.of(kit).consumer("s").maxRecordsPerCall(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("maxRecordsPerCall must be 1..10000, was " + bad);
        }
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofNanos(999_999), Duration.ofSeconds(61)}) {
            assertThatThrownBy(() -> group().pollInterval(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("pollInterval must be 1 ms..1 min, was " + bad);
            assertThatThrownBy(() -> Kinesis.of(kit).consumer("s").pollInterval(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("pollInterval must be 1 ms..1 min, was " + bad);
        }
        assertThatThrownBy(() -> Kinesis.of(kit)
                        .consumer("s")
                        .enhancedFanOut("orders-efo")
                        .maxRecordsPerCall(100)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("consumer of stream s reads with enhancedFanOut(orders-efo): maxRecordsPerCall applies"
                        + " to polling only; remove it (SubscribeToShard pushes records as they arrive)");
        // the standalone consumer keeps pollInterval with enhanced fan-out: how long a poll waits
        assertThat(Kinesis.of(kit)
                        .consumer("s")
                        .enhancedFanOut("orders-efo")
                        .pollInterval(Duration.ofMillis(50))
                        .build()
                        .toString())
                .contains("enhancedFanOut=orders-efo");
    }

    @Test
    void from_aSequenceNumber_isRejected() {
        assertThatThrownBy(() -> group().from(StartPosition.afterSequenceNumber(
                        "49590338271490256608559692538361571095921575989136588898")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names a sequence number of one shard; a consumer group starts every shard at"
                        + " TRIM_HORIZON, LATEST or AT_TIMESTAMP");
    }

    @Test
    void aSettingWrittenTwice_namesBothValues() {
        assertThatThrownBy(() -> group().stream("a-stream").stream("b-stream"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stream")
                .hasMessageContaining("a-stream")
                .hasMessageContaining("b-stream");
    }

    @Test
    void badValues_areRejectedAtOnce_withTheValueAndTheExpectedForm() {
        assertThatThrownBy(() -> Kinesis.of(kit).consumerGroup("a b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("group name 'a b' is invalid: it names DynamoDB tables, so 3-200 characters of a-z A-Z"
                        + " 0-9 _ . - (e.g. orders-app)");
        assertThatThrownBy(() -> group().checkpointEvery(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("checkpointEvery must be at least 1 record, was 0");
        assertThatThrownBy(() -> group().metricsNamespace("AWS/Kinesis"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metricsNamespace 'AWS/Kinesis' is invalid: 1-255 characters, not starting with AWS/"
                        + " (reserved), e.g. orders-app");
        assertThatThrownBy(() -> group().enhancedFanOut("orders app"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("enhanced fan-out consumer name 'orders app' is invalid: 1-128 characters of a-z A-Z 0-9"
                        + " _ . - (e.g. orders-app)");
        assertThatThrownBy(() -> group().failoverTime(Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failoverTime must be 1 s..1 h, was PT0.5S");
    }

    @Test
    void printedBuilder_saysItIsNotRunningYet() {
        assertThat(group().stream("my-event-dev").checkpointEvery(500).toString())
                .isEqualTo(
                        "ConsumerGroup.Builder{group orders-app, stream=my-event-dev, checkpointEvery=500, start() runs"
                                + " it}");
    }
}
