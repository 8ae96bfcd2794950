package dev.awskit.kinesis;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A record read by {@link KinesisConsumer}: a plain Kinesis record, or one user record unpacked from
 * a KPL aggregate (then {@link #aggregated()} is true and {@link #subSequenceNumber()} is its index).
 */
public final class ConsumedRecord {
    private final String shardId;
    private final String sequenceNumber;
    private final long subSequenceNumber;
    private final boolean aggregated;
    private final String partitionKey;
    private final String explicitHashKey;
    private final byte[] data;
    private final Instant arrivedAt;

    private ConsumedRecord(
            String shardId,
            String sequenceNumber,
            long subSequenceNumber,
            boolean aggregated,
            String partitionKey,
            String explicitHashKey,
            byte[] data,
            Instant arrivedAt) {
        this.shardId = shardId;
        this.sequenceNumber = sequenceNumber;
        this.subSequenceNumber = subSequenceNumber;
        this.aggregated = aggregated;
        this.partitionKey = partitionKey;
        this.explicitHashKey = explicitHashKey;
        this.data = data;
        this.arrivedAt = arrivedAt;
    }

    /** A record with these values, e.g. to test your own processing code. */
    public static ConsumedRecord of(
            String shardId,
            String sequenceNumber,
            long subSequenceNumber,
            boolean aggregated,
            String partitionKey,
            String explicitHashKey,
            byte[] data,
            Instant arrivedAt) {
        return new ConsumedRecord(
                Objects.requireNonNull(shardId),
                Objects.requireNonNull(sequenceNumber),
                subSequenceNumber,
                aggregated,
                Objects.requireNonNull(partitionKey),
                explicitHashKey,
                Objects.requireNonNull(data),
                arrivedAt);
    }

    public String shardId() {
        return shardId;
    }

    /** The Kinesis record's sequence number (shared by the records of one aggregate). */
    public String sequenceNumber() {
        return sequenceNumber;
    }

    /** The index inside the aggregate; 0 for a plain record. */
    public long subSequenceNumber() {
        return subSequenceNumber;
    }

    public boolean aggregated() {
        return aggregated;
    }

    public String partitionKey() {
        return partitionKey;
    }

    public Optional<String> explicitHashKey() {
        return Optional.ofNullable(explicitHashKey);
    }

    /** The data (not a copy). */
    public byte[] data() {
        return data;
    }

    /** The data as UTF-8 text. */
    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** When Kinesis received the (outer) record. */
    public Optional<Instant> arrivedAt() {
        return Optional.ofNullable(arrivedAt);
    }

    @Override
    public String toString() {
        return "ConsumedRecord{" + shardId + " " + sequenceNumber + (aggregated ? "/" + subSequenceNumber : "")
                + ", partitionKey=" + partitionKey + ", " + data.length + " bytes}";
    }
}
