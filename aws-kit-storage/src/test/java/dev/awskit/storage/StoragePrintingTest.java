package dev.awskit.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.AwsKit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What JShell shows for the facade and for a sync that was built but not run; no server. */
class StoragePrintingTest {
    private static final String SECRET = "awskit-test/secret+value";

    private static AwsKit kit() {
        return AwsKit.builder()
                .region("us-east-1")
                .credentials("awskit-test-key", SECRET)
                .endpoint("s3", "http://127.0.0.1:9")
                .environment(
                        Map.of("AWS_CONFIG_FILE", "/nonexistent/c", "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/k"))
                .build();
    }

    @Test
    void facade_namesRegionAndS3Endpoint_neverTheSecret() {
        try (AwsKit aws = kit()) {
            assertThat(Storage.of(aws)).hasToString("Storage[region us-east-1, endpoint http://127.0.0.1:9]");
            assertThat(Storage.of(aws).toString()).doesNotContain(SECRET).doesNotContain("awskit-test-key");
        }
    }

    @Test
    void syncNotRun_saysWhatItWouldDo_andThatRunStartsIt() {
        try (AwsKit aws = kit()) {
            Sync sync = Storage.of(aws)
                    .sync("s3://my-first-bucket", "s3://my-second-bucket/backup")
                    .exclude("datasets/*")
                    .include("datasets/keep/*")
                    .delete()
                    .maxDelete(10)
                    .dryRun();
            assertThat(sync)
                    .hasToString("Sync{s3://my-first-bucket -> s3://my-second-bucket/backup, exclude datasets/*,"
                            + " include datasets/keep/*, delete (max 10), dry run, not run: call run()}");
        }
    }
}
