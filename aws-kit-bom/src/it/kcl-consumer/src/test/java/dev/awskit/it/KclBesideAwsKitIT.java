package dev.awskit.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.AwsKit;
import dev.awskit.kinesis.Kinesis;
import dev.awskit.kinesis.KinesisProducer;
import dev.awskit.kinesis.KinesisStream;
import dev.awskit.kinesis.SendResult;
import dev.awskit.testing.Service;
import dev.awskit.testing.Target;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.kinesis.common.KinesisClientUtil;
import software.amazon.kinesis.common.StreamIdentifier;
import software.amazon.kinesis.leases.KinesisShardDetector;

/**
 * A user adds the KCL beside aws-kit-kinesis and imports aws-kit-bom: one SDK version on the class
 * path, and both libraries' calls work (aws-kit's producer, the KCL's shard detector on the kit's
 * client, and the client the KCL's own factory builds). Without the BOM's SDK import this project got SDK 2.33
 * and 2.59 jars side by side and the first call died with {@code NoSuchFieldError}.
 */
@UsesServer(Service.KINESIS)
class KclBesideAwsKitIT {

    @Test
    void awsKitProducer_andKclShardDetector_bothReachKinesis(AwsKit aws, TestResources res) {
        String name = res.name();
        KinesisStream stream = Kinesis.of(aws).stream(name);
        stream.createIfAbsent(1).awaitActive();
        res.afterwards(stream::delete);

        SendResult sent;
        try (KinesisProducer producer = Kinesis.of(aws).producer(name).build()) {
            sent = producer.send("user-42", "hello".getBytes(UTF_8)).join();
        }

        // The KCL's code on the kit's client, as the aws-kit-kinesis README shows.
        KinesisShardDetector detector = new KinesisShardDetector(
                aws.client(KinesisAsyncClient.class),
                StreamIdentifier.singleStreamInstance(name),
                1_000L,
                3,
                30L,
                3,
                1_000,
                Duration.ofSeconds(30));
        List<Shard> shards = detector.listShards();

        assertThat(shards).extracting(Shard::shardId).containsExactly(sent.shardId());
    }

    @Test
    void kclsOwnClient_reachesKinesis_onTheBomsSdk(AwsKit aws, Target target, TestResources res) {
        String name = res.name();
        KinesisStream stream = Kinesis.of(aws).stream(name);
        stream.createIfAbsent(1).awaitActive();
        res.afterwards(stream::delete);

        // the client the KCL's samples build: its own Netty settings (HTTP/2, concurrency)
        try (KinesisAsyncClient kcl = KinesisClientUtil.createKinesisAsyncClient(KinesisAsyncClient.builder()
                .endpointOverride(target.endpoint())
                .region(Region.of(target.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(target.accessKey(), target.secretKey()))))) {
            StreamDescriptionSummary summary = kcl.describeStreamSummary(r -> r.streamName(name))
                    .join()
                    .streamDescriptionSummary();

            assertThat(summary.streamName()).isEqualTo(name);
            assertThat(summary.openShardCount()).isEqualTo(1);
        }
    }
}
