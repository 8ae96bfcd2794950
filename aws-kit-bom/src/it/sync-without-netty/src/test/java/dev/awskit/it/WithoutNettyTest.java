package dev.awskit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code netty-nio-client} excluded: it is really gone, and what needs it says so (no server needed). */
class WithoutNettyTest {

    @Test
    void classPath_hasNoNettyClient() {
        assertThat(SdkJars.onClassPath()).containsKey("apache5-client").doesNotContainKey("netty-nio-client");
        assertThatThrownBy(() -> Class.forName("software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void asyncClient_withoutNetty_failsNamingTheDependency_syncClientStillBuilds() {
        try (AwsKit aws = AwsKit.builder()
                .region("us-east-1")
                .credentials("awskit-test-key", "test-secret")
                .build()) {
            assertThatThrownBy(() -> aws.client(S3AsyncClient.class))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("An async AWS SDK client needs software.amazon.awssdk:netty-nio-client, which is not"
                            + " on the classpath (was it excluded?): add it back, or use the sync variant of the"
                            + " operation (e.g. the Kinesis producer's syncClient(threads))");
            assertThat(aws.client(S3Client.class)).isNotNull();
        }
    }
}
