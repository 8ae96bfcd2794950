package dev.awskit.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.AwsKit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What JShell shows for the facade; no server. */
class IamPrintingTest {
    private static final String SECRET = "awskit-test/secret+value";

    @Test
    void facade_namesRegionAndIamEndpoint_neverTheSecret() {
        try (AwsKit aws = AwsKit.builder()
                .region("us-east-1")
                .credentials("awskit-test-key", SECRET)
                .endpoint("http://127.0.0.1:9")
                .environment(
                        Map.of("AWS_CONFIG_FILE", "/nonexistent/c", "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/k"))
                .build()) {
            assertThat(Iam.of(aws)).hasToString("Iam[region us-east-1, endpoint http://127.0.0.1:9]");
            assertThat(Iam.of(aws).user("dev") + " " + Iam.of(aws).group("admins"))
                    .doesNotContain(SECRET);
        }
    }
}
