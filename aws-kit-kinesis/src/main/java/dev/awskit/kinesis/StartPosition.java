package dev.awskit.kinesis;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Where a consumer starts reading a shard: the GetShardIterator types. */
public final class StartPosition {
    /** The iterator types of GetShardIterator. */
    public enum Type {
        TRIM_HORIZON,
        LATEST,
        AT_TIMESTAMP,
        AT_SEQUENCE_NUMBER,
        AFTER_SEQUENCE_NUMBER
    }

    private final Type type;
    private final Instant timestamp;
    private final String sequenceNumber;

    private StartPosition(Type type, Instant timestamp, String sequenceNumber) {
        this.type = type;
        this.timestamp = timestamp;
        this.sequenceNumber = sequenceNumber;
    }

    /** The oldest record still retained. */
    public static StartPosition trimHorizon() {
        return new StartPosition(Type.TRIM_HORIZON, null, null);
    }

    /** Only records written after the consumer starts. */
    public static StartPosition latest() {
        return new StartPosition(Type.LATEST, null, null);
    }

    /** Records that arrived at or after {@code timestamp}. */
    public static StartPosition atTimestamp(Instant timestamp) {
        return new StartPosition(Type.AT_TIMESTAMP, Objects.requireNonNull(timestamp, "timestamp"), null);
    }

    /** The record with this sequence number and those after it (one shard only). */
    public static StartPosition atSequenceNumber(String sequenceNumber) {
        return new StartPosition(Type.AT_SEQUENCE_NUMBER, null, checkSequence(sequenceNumber));
    }

    /** The records after this sequence number, e.g. a checkpoint (one shard only). */
    public static StartPosition afterSequenceNumber(String sequenceNumber) {
        return new StartPosition(Type.AFTER_SEQUENCE_NUMBER, null, checkSequence(sequenceNumber));
    }

    private static String checkSequence(String s) {
        if (s == null || !s.matches("0|[1-9][0-9]{0,127}")) {
            throw new IllegalArgumentException(
                    "sequence number '" + (s == null || s.length() <= 64 ? s : s.substring(0, 64) + "...")
                            + "' is invalid: expected the decimal digits of a Kinesis sequence number");
        }
        return s;
    }

    public Type type() {
        return type;
    }

    public Optional<Instant> timestamp() {
        return Optional.ofNullable(timestamp);
    }

    public Optional<String> sequenceNumber() {
        return Optional.ofNullable(sequenceNumber);
    }

    /** Whether the position names a sequence number, which belongs to one shard. */
    public boolean isShardSpecific() {
        return sequenceNumber != null;
    }

    @Override
    public String toString() {
        return type
                + (timestamp != null ? "(" + timestamp + ")" : "")
                + (sequenceNumber != null ? "(" + sequenceNumber + ")" : "");
    }
}
