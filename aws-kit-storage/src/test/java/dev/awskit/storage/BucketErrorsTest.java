package dev.awskit.storage;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.core.RetryPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Errors that never reach a server leave the Bucket facade as AwsKitException. */
class BucketErrorsTest {
    private AwsKit kit;

    @BeforeEach
    void kitOnAClosedPort() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: connections are refused
        }
        kit = AwsKit.builder()
                .region("eu-west-1")
                .credentials("awskit-test-key", "test-secret")
                .endpoint("s3", "http://127.0.0.1:" + port)
                .retryPolicy(RetryPolicy.none())
                .build();
    }

    @AfterEach
    void close() {
        kit.close();
    }

    @Test
    void exists_whenTheConnectionIsRefused_throwsAwsKitExceptionNamingBucketRegionAndWhatToDo() {
        assertThatThrownBy(() -> Storage.of(kit).bucket("my-bucket").exists())
                .isInstanceOf(AwsKitException.class)
                .hasCauseInstanceOf(SdkClientException.class)
                .hasMessageContaining("'my-bucket'")
                .hasMessageContaining("eu-west-1")
                .hasMessageContaining("could not reach S3")
                .hasMessageContaining("check the endpoint");
    }

    @Test
    void create_whenTheConnectionIsRefused_throwsAwsKitException() {
        assertThatThrownBy(() -> Storage.of(kit).bucket("my-bucket").create())
                .isInstanceOf(AwsKitException.class)
                .hasCauseInstanceOf(SdkClientException.class)
                .hasMessageContaining("Creating bucket 'my-bucket' in eu-west-1")
                .hasMessageContaining("could not reach S3");
    }

    @Test
    void delete_whenTheConnectionIsRefused_throwsAwsKitException() {
        assertThatThrownBy(() -> Storage.of(kit).bucket("my-bucket").delete(true))
                .isInstanceOf(AwsKitException.class)
                .hasCauseInstanceOf(SdkClientException.class)
                .hasMessageContaining("Deleting bucket 'my-bucket' in eu-west-1")
                .hasMessageContaining("could not reach S3");
    }

    @Test
    void sync_whenTheConnectionIsRefused_throwsAwsKitException() {
        assertThatThrownBy(() -> Storage.of(kit)
                        .sync("s3://my-bucket", "s3://other-bucket")
                        .run())
                .isInstanceOf(AwsKitException.class)
                .hasMessageContaining("'my-bucket'")
                .hasMessageContaining("could not reach S3");
    }
}
