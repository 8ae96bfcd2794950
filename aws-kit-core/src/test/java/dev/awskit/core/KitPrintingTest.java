package dev.awskit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What JShell shows for a kit: {@code aws}, {@code aws.describe()}, and the one-line summary facades print. */
class KitPrintingTest {
    private static final String SECRET = "awskit-test/secret+value";

    private static AwsKit kit(AwsKit.Builder b) {
        return b.environment(Map.of(
                        "AWS_CONFIG_FILE", Path.of("/nonexistent/config").toString(),
                        "AWS_SHARED_CREDENTIALS_FILE",
                                Path.of("/nonexistent/credentials").toString()))
                .build();
    }

    @Test
    void describe_isAValuePrintedOneSettingPerLine_notAStringJShellWouldShowEscapedOnOneLine() {
        try (AwsKit aws = kit(AwsKit.builder()
                .region("us-east-1")
                .credentials("awskit-test-key", SECRET)
                .endpoint("s3", "http://127.0.0.1:9000")
                .endpoint("kinesis", "http://127.0.0.1:4567"))) {
            Object d = aws.describe();
            // JShell shows a String as "aws-kit dev\n  profile ..." on one line: a value prints its lines
            assertThat(d).isNotInstanceOf(String.class);
            assertThat(d.toString().split("\n"))
                    .containsExactly(
                            "aws-kit " + AwsKit.version(),
                            "  profile     default (default)",
                            "  region      us-east-1 (builder)",
                            "  endpoint    (AWS)",
                            "  endpoint    kinesis = http://127.0.0.1:4567",
                            "  endpoint    s3 = http://127.0.0.1:9000",
                            "  credentials builder",
                            "  files       " + Path.of("/nonexistent/config") + ", "
                                    + Path.of("/nonexistent/credentials"));
            KitDescription k = aws.describe();
            assertThat(k.region()).map(r -> r.id()).contains("us-east-1");
            assertThat(k.serviceEndpoints()).containsEntry("s3", URI.create("http://127.0.0.1:9000"));
            assertThat(k.credentialsSource()).isEqualTo("builder");
            assertThat(d.toString()).doesNotContain(SECRET).doesNotContain("awskit-test-key");
        }
    }

    @Test
    void toString_isOneLine_withRegionEndpointsProfileAndCredentialSource_neverTheKeys() {
        try (AwsKit aws = kit(AwsKit.builder()
                .region("eu-west-1")
                .credentials("awskit-test-key", SECRET)
                .endpoint("http://127.0.0.1:5000"))) {
            assertThat(aws)
                    .hasToString("AwsKit[region eu-west-1, endpoint http://127.0.0.1:5000, profile default,"
                            + " credentials builder]");
        }
    }

    @Test
    void summary_namesTheServicesEndpoint_andTheProfileOnlyWhenNotDefault(@TempDir Path dir) throws IOException {
        try (AwsKit aws = kit(AwsKit.builder()
                .region("us-east-1")
                .credentials("awskit-test-key", SECRET)
                .endpoint("s3", "http://127.0.0.1:9000"))) {
            assertThat(aws.summary("s3")).isEqualTo("region us-east-1, endpoint http://127.0.0.1:9000");
            assertThat(aws.summary("kinesis")).isEqualTo("region us-east-1");
        }
        Files.writeString(dir.resolve("config"), "[profile dev]\nregion = us-west-2\n");
        Files.writeString(
                dir.resolve("credentials"),
                "[dev]\naws_access_key_id = awskit-test-key\n" + "aws_secret_access_key = " + SECRET + "\n");
        try (AwsKit aws = AwsKit.builder()
                .profile("dev")
                .environment(Map.of(
                        "AWS_CONFIG_FILE", dir.resolve("config").toString(),
                        "AWS_SHARED_CREDENTIALS_FILE",
                                dir.resolve("credentials").toString()))
                .build()) {
            assertThat(aws.summary("ecs")).isEqualTo("region us-west-2, profile dev");
            assertThat(aws.toString() + aws.describe()).doesNotContain(SECRET);
        }
        try (AwsKit aws = kit(AwsKit.builder().credentials("awskit-test-key", SECRET))) {
            assertThat(aws.summary("ecs")).isEqualTo("region (none)");
            assertThat(aws.toString()).isEqualTo("AwsKit[region (none), profile default, credentials builder]");
        }
    }
}
