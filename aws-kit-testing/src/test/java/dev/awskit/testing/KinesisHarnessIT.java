package dev.awskit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.AwsKit;
import dev.awskit.core.Wait;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** The harness end to end on Kinesis: create a stream, put a record, read it back. */
@UsesServer(Service.KINESIS)
class KinesisHarnessIT {

    @Test
    void kinesis_createPutGet_roundTrip(AwsKit aws, TestResources res) {
        KinesisClient kinesis = aws.client(KinesisClient.class);
        String stream = res.name();
        kinesis.createStream(r -> r.streamName(stream).shardCount(1));
        res.afterwards(() -> kinesis.deleteStream(r -> r.streamName(stream)));
        Wait.until("stream " + stream + " to be ACTIVE")
                .timeout(Duration.ofSeconds(30))
                .poll(() -> Optional.of(kinesis.describeStreamSummary(r -> r.streamName(stream)))
                        .filter(d -> d.streamDescriptionSummary().streamStatus() == StreamStatus.ACTIVE));

        PutRecordResponse put = kinesis.putRecord(
                r -> r.streamName(stream).partitionKey("user-42").data(SdkBytes.fromUtf8String("hello")));
        String iterator = kinesis.getShardIterator(r ->
                        r.streamName(stream).shardId(put.shardId()).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        GetRecordsResponse got = kinesis.getRecords(r -> r.shardIterator(iterator));

        assertThat(got.records()).hasSize(1);
        assertThat(got.records().get(0).partitionKey()).isEqualTo("user-42");
        assertThat(got.records().get(0).data().asUtf8String()).isEqualTo("hello");
        assertThat(got.records().get(0).sequenceNumber()).isEqualTo(put.sequenceNumber());
    }
}
