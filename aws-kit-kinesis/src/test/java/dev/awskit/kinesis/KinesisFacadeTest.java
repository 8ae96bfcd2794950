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
                .credentials("AKIAIOSFODNN7EXAMPLE", "test-secret")
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
                .hasMessage("maxBuffered was already set to 1000 records, 8388608 bytes on this producer builder; a"
                        + " second value (10 records, 2097152 bytes) would silently replace it: set it once");
        KinesisProducer.Builder c = Kinesis.of(kit).producer("my-event-dev").recordTtl(Duration.ofSeconds(5));
        assertThatThrownBy(() -> c.recordTtl(Duration.ofSeconds(60)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("recordTtl was already set to PT5S on this producer builder; a second value (PT1M)"
                        + " would silently replace it: set it once");
    }

    @Test
    void consumerBuilder_secondWriteOfASetting_isIllegalStateNamingBothValues() {
        KinesisConsumer.Builder b = Kinesis.of(kit).consumer("my-event-dev").maxRecordsPerCall(100);
        assertThatThrownBy(() -> b.maxRecordsPerCall(200))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("maxRecordsPerCall was already set to 100 on this consumer builder; a second value (200)"
                        + " would silently replace it: set it once");
    }

    @Test
    void producerBuild_whenKinesisCannotBeReached_isAwsKitExceptionNamingTheStream() {
        assertThatThrownBy(() -> Kinesis.of(kit).producer("my-event-dev").build())
                .isExactlyInstanceOf(AwsKitException.class)
                .hasMessageStartingWith("DescribeStreamSummary for Kinesis stream 'my-event-dev' in us-east-1 failed: ")
                .hasCauseInstanceOf(SdkClientException.class);
    }
}
