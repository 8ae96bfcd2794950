package dev.awskit.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The interface's own {@code sendAll}, for producers that do not override it: one send per record. */
class KinesisProducerSendAllDefaultTest {

    /** Fails records whose key starts with "bad" (with a ProducerException) or "odd" (with another error). */
    private static final class StubProducer implements KinesisProducer {
        @Override
        public CompletableFuture<SendResult> send(String partitionKey, byte[] data) {
            return send(ProducerRecord.of(partitionKey, data));
        }

        @Override
        public CompletableFuture<SendResult> send(ProducerRecord record) {
            if (record.partitionKey().startsWith("bad")) {
                return CompletableFuture.failedFuture(
                        new ProducerException("rejected " + record.partitionKey(), null, 1, false, "X"));
            }
            if (record.partitionKey().startsWith("odd")) {
                return CompletableFuture.failedFuture(new IllegalStateException("boom"));
            }
            return CompletableFuture.completedFuture(SendResult.builder()
                    .shardId("shardId-000000000000")
                    .sequenceNumber("1")
                    .subSequenceNumber(0)
                    .aggregated(false)
                    .attempts(1)
                    .build());
        }

        @Override
        public ProducerMetrics flush() {
            return metrics();
        }

        @Override
        public ProducerMetrics metrics() {
            return ProducerMetrics.builder()
                    .records(0)
                    .kinesisRecords(0)
                    .bytes(0)
                    .batches(0)
                    .retries(0)
                    .throttles(0)
                    .failed(0)
                    .buffered(0)
                    .build();
        }

        @Override
        public String streamName() {
            return "stub";
        }

        @Override
        public void close() {}
    }

    @Test
    void defaultSendAll_reportsEachFailedRecordWithItsIndex_andWrapsForeignErrors() {
        SendReport report = new StubProducer()
                .sendAll(List.of(
                        ProducerRecord.of("a", "1"),
                        ProducerRecord.of("bad-1", "2"),
                        ProducerRecord.of("b", "3"),
                        ProducerRecord.of("odd-3", "4")))
                .join();

        assertThat(report.records()).isEqualTo(4);
        assertThat(report.succeeded()).isEqualTo(2);
        assertThat(report.failures()).extracting(RecordFailure::index).containsExactly(1, 3);
        assertThat(report.failures().get(0).error()).hasMessage("rejected bad-1");
        assertThat(report.failures().get(1).error())
                .isInstanceOf(ProducerException.class)
                .hasMessage("The record with partition key 'odd-3' of stream 'stub' failed:"
                        + " java.lang.IllegalStateException: boom")
                .hasCauseInstanceOf(IllegalStateException.class);
    }
}
