package dev.awskit.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.AwsKit;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What JShell shows for the facade and for builders not built yet; no server. */
class KinesisPrintingTest {
    private static final String SECRET = "awskit-test/secret+value";

    private static AwsKit kit() {
        return AwsKit.builder()
                .region("us-east-1")
                .credentials("awskit-test-key", SECRET)
                .endpoint("kinesis", "http://127.0.0.1:9")
                .environment(
                        Map.of("AWS_CONFIG_FILE", "/nonexistent/c", "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/k"))
                .build();
    }

    @Test
    void facade_namesRegionAndKinesisEndpoint_notTheWholeKit() {
        try (AwsKit aws = kit()) {
            assertThat(Kinesis.of(aws)).hasToString("Kinesis[region us-east-1, endpoint http://127.0.0.1:9]");
            assertThat(Kinesis.of(aws).toString()).doesNotContain(SECRET);
        }
    }

    @Test
    void buildersNotBuilt_showTheStreamAndWhatWasSet() {
        try (AwsKit aws = kit()) {
            assertThat(Kinesis.of(aws).producer("events").maxBufferedTime(Duration.ofSeconds(1)))
                    .hasToString("KinesisProducer.Builder{stream events, maxBufferedTime=PT1S, build() makes it}");
            assertThat(Kinesis.of(aws).consumer("events"))
                    .hasToString("KinesisConsumer.Builder{stream events, build() makes it}");
        }
    }
}
