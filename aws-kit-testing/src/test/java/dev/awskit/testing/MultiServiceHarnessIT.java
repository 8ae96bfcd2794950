package dev.awskit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.AwsKit;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One kit for three services on three servers (locally S3Proxy, kinesis-mock and moto; one
 * endpoint for all with AWSKIT_IT_ENDPOINT): each call reaches a server that knows the service,
 * signed with that server's keys (S3Proxy rejects other keys with 403), S3 in path-style (S3Proxy
 * serves no virtual-host buckets) without anything from aws-kit-storage.
 */
@UsesServer({Service.S3, Service.KINESIS, Service.STS})
class MultiServiceHarnessIT {

    @Test
    void oneKit_reachesEachServicesServer(AwsKit aws, Servers servers, Target target, TestResources res) {
        assertThat(target).isSameAs(servers.target(Service.S3));
        S3Client s3 = aws.client(S3Client.class);
        String bucket = res.bucketName();
        s3.createBucket(r -> r.bucket(bucket));
        // the injected kit is still open when the cleanups run (after the test, last first)
        res.afterwards(() -> s3.deleteBucket(r -> r.bucket(bucket)));
        s3.putObject(r -> r.bucket(bucket).key("k"), RequestBody.fromString("v"));
        res.afterwards(() -> s3.deleteObject(r -> r.bucket(bucket).key("k")));
        assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket).key("k")).asUtf8String())
                .isEqualTo("v");

        KinesisClient kinesis = aws.client(KinesisClient.class);
        String stream = res.name();
        kinesis.createStream(r -> r.streamName(stream).shardCount(1));
        try {
            kinesis.waiter().waitUntilStreamExists(r -> r.streamName(stream), w -> w.maxAttempts(150)
                    .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(200))));
            assertThat(kinesis.describeStreamSummary(r -> r.streamName(stream))
                            .streamDescriptionSummary()
                            .streamStatus())
                    .isEqualTo(StreamStatus.ACTIVE);
        } finally {
            kinesis.deleteStream(r -> r.streamName(stream));
        }

        String account = aws.identity().accountId();
        if (servers.target(Service.STS).kind() == Target.Kind.LOCAL_EMULATOR) {
            assertThat(account).isEqualTo("123456789012"); // moto's default account
        } else {
            assertThat(account).matches("\\d{12}");
        }
    }
}
