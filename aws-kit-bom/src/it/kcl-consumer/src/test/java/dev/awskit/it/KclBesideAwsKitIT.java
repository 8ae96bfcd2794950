package dev.awskit.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.AwsKit;
import dev.awskit.kinesis.Kinesis;
import dev.awskit.kinesis.KinesisProducer;
import dev.awskit.kinesis.KinesisStream;
import dev.awskit.kinesis.SendResult;
import dev.awskit.testing.Service;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.kinesis.common.StreamIdentifier;
import software.amazon.kinesis.leases.KinesisShardDetector;

/**
 * A user adds the KCL beside aws-kit-kinesis and imports aws-kit-bom: one SDK version on the class
 * path, and both libraries' calls work. Without the BOM's SDK import this project got SDK 2.33
 * and 2.59 jars side by side and the first call died with {@code NoSuchFieldError}.
 */
@UsesServer(Service.KINESIS)
class KclBesideAwsKitIT {

    @Test
    void classPath_holdsOneSdkVersion_theBomsOne() {
        Map<String, String> jars = SdkJars.onClassPath();

        assertThat(jars).containsKeys("kinesis", "dynamodb", "cloudwatch", "sdk-core", "netty-nio-client");
        assertThat(jars.values())
                .as("SDK jars by artifact: %s", jars)
                .containsOnly(System.getProperty("expected.sdk.version"));
    }

    /** aws-kit is compiled against the root pom's SDK; the BOM must hand users the same one. */
    @Test
    void bomsSdkVersion_isTheOneAwsKitIsBuiltWith() throws IOException {
        String rootPom = Files.readString(Path.of(System.getProperty("awskit.root.pom")), UTF_8);
        Matcher m = Pattern.compile("<awssdk\\.version>([^<]+)</awssdk\\.version>").matcher(rootPom);

        assertThat(m.find()).as("awssdk.version in %s", System.getProperty("awskit.root.pom")).isTrue();
        assertThat(System.getProperty("expected.sdk.version"))
                .as("aws-kit-bom's awssdk.version vs the root pom's")
                .isEqualTo(m.group(1));
    }

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
}
