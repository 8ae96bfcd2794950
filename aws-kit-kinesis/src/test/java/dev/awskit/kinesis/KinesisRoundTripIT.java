package dev.awskit.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.AwsKit;
import dev.awskit.testing.Service;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

@UsesServer(Service.KINESIS)
class KinesisRoundTripIT {

    static KinesisStream newStream(AwsKit aws, TestResources res, int shards) {
        KinesisStream s = Kinesis.of(aws).stream(res.name());
        s.create(shards);
        res.afterwards(s::delete);
        s.awaitActive(Duration.ofMinutes(1));
        return s;
    }

    @Test
    void createAwaitPutGet_roundTrip_readsWhatWasSent(AwsKit aws, TestResources res) {
        KinesisStream stream = newStream(aws, res, 1);

        StreamSummary summary = stream.describe();
        assertThat(summary.status()).isEqualTo("ACTIVE");
        assertThat(summary.openShards()).isEqualTo(1);
        assertThat(Kinesis.of(aws).streams()).contains(stream.name());
        assertThat(stream.shards()).hasSize(1);

        List<CompletableFuture<SendResult>> futures = new ArrayList<>();
        try (KinesisProducer p = Kinesis.of(aws)
                .producer(stream.name())
                .maxBufferedTime(Duration.ofSeconds(10)) // only close() sends: one aggregate
                .build()) {
            for (int i = 0; i < 10; i++) {
                futures.add(p.send("key-" + (i % 3), ("hello " + i).getBytes(StandardCharsets.UTF_8)));
            }
        }
        for (CompletableFuture<SendResult> f : futures) {
            SendResult r = f.join();
            assertThat(r.shardId()).isEqualTo(stream.shards().get(0).shardId());
            assertThat(r.attempts()).isEqualTo(1);
        }

        try (KinesisConsumer c = Kinesis.of(aws)
                .consumer(stream.name())
                .from(StartPosition.trimHorizon())
                .build()) {
            List<ConsumedRecord> got = c.readAvailable(Duration.ofSeconds(30));
            assertThat(got)
                    .extracting(ConsumedRecord::text)
                    .containsExactly(
                            "hello 0", "hello 1", "hello 2", "hello 3", "hello 4", "hello 5", "hello 6", "hello 7",
                            "hello 8", "hello 9");
            assertThat(got).extracting(ConsumedRecord::partitionKey).startsWith("key-0", "key-1", "key-2");
            assertThat(got).allMatch(ConsumedRecord::aggregated);
            assertThat(c.positions()).containsOnlyKeys(stream.shards().get(0).shardId());
        }
    }
}
