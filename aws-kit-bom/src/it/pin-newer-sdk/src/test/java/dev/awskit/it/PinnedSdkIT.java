package dev.awskit.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.AwsKit;
import dev.awskit.kinesis.Kinesis;
import dev.awskit.kinesis.KinesisProducer;
import dev.awskit.kinesis.KinesisStream;
import dev.awskit.kinesis.SendResult;
import dev.awskit.kinesis.ShardInfo;
import dev.awskit.testing.Service;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import org.junit.jupiter.api.Test;

/**
 * A user imports the SDK's BOM before aws-kit-bom to run another SDK version: every SDK jar comes
 * at that version and aws-kit's sync and async calls work on it.
 */
@UsesServer(Service.KINESIS)
class PinnedSdkIT {

    @Test
    void awsKit_syncAndAsyncCalls_workOnThePinnedSdk(AwsKit aws, TestResources res) {
        String name = res.name();
        KinesisStream stream = Kinesis.of(aws).stream(name);
        stream.createIfAbsent(1).awaitActive();
        res.afterwards(stream::delete);

        SendResult sent;
        try (KinesisProducer producer = Kinesis.of(aws).producer(name).build()) {
            sent = producer.send("user-42", "hello".getBytes(UTF_8)).join();
        }

        assertThat(stream.shards()).extracting(ShardInfo::shardId).containsExactly(sent.shardId());
    }
}
