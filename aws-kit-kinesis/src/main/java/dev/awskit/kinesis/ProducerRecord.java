package dev.awskit.kinesis;

import dev.awskit.kinesis.internal.HashKeys;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * One record to send: a partition key, the data, and optionally an explicit hash key that picks the
 * shard instead of the MD5 of the partition key.
 *
 * <pre>{@code
 * ProducerRecord.of("user-42", bytes);
 * ProducerRecord.of("user-42", bytes).withExplicitHashKey("0");   // always the first shard
 * }</pre>
 *
 * <p>The data array is not copied: do not change it after sending.
 */
public final class ProducerRecord {
    private final String partitionKey;
    private final byte[] data;
    private final String explicitHashKey;

    private ProducerRecord(String partitionKey, byte[] data, String explicitHashKey) {
        this.partitionKey = partitionKey;
        this.data = data;
        this.explicitHashKey = explicitHashKey;
    }

    /**
     * A record with a partition key of 1 to 256 Unicode characters.
     *
     * @throws IllegalArgumentException when the partition key is empty or longer than 256 characters
     */
    public static ProducerRecord of(String partitionKey, byte[] data) {
        return new ProducerRecord(checkPartitionKey(partitionKey), Objects.requireNonNull(data, "data"), null);
    }

    /** A record whose data is {@code text} in UTF-8. */
    public static ProducerRecord of(String partitionKey, String text) {
        return of(partitionKey, Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * This record with an explicit hash key: a decimal integer in {@code [0, 2^128 - 1]} that
     * chooses the shard whose hash key range contains it.
     *
     * @throws IllegalArgumentException when it is not such a number
     */
    public ProducerRecord withExplicitHashKey(String explicitHashKey) {
        Objects.requireNonNull(explicitHashKey, "explicitHashKey");
        HashKeys.parse(explicitHashKey);
        return new ProducerRecord(partitionKey, data, explicitHashKey);
    }

    public String partitionKey() {
        return partitionKey;
    }

    /** The data (not a copy). */
    public byte[] data() {
        return data;
    }

    public Optional<String> explicitHashKey() {
        return Optional.ofNullable(explicitHashKey);
    }

    static String checkPartitionKey(String partitionKey) {
        if (partitionKey == null || partitionKey.isEmpty()) {
            throw new IllegalArgumentException(
                    "partitionKey must not be empty: Kinesis needs 1 to 256 Unicode characters, e.g. a user id");
        }
        if (partitionKey.length() > 256 && partitionKey.codePointCount(0, partitionKey.length()) > 256) {
            throw new IllegalArgumentException("partitionKey of "
                    + partitionKey.codePointCount(0, partitionKey.length())
                    + " characters is too long: Kinesis allows at most 256 Unicode characters");
        }
        return partitionKey;
    }

    @Override
    public String toString() {
        return "ProducerRecord{partitionKey=" + partitionKey
                + (explicitHashKey != null ? ", explicitHashKey=" + explicitHashKey : "") + ", " + data.length
                + " bytes}";
    }
}
