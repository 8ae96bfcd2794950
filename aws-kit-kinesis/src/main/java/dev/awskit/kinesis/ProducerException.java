package dev.awskit.kinesis;

import dev.awskit.core.AwsKitException;

/**
 * A record the producer could not write: it expired (record TTL) while being retried, Kinesis
 * rejected it for good, the buffer stayed full, or the stream is gone. The message names the
 * stream, the region, the partition key and what to do; the last AWS error is the cause when there
 * is one.
 */
public class ProducerException extends AwsKitException {
    private static final long serialVersionUID = 1L;

    private final String errorCodeOfEntry;

    public ProducerException(String message, Throwable cause, int attempts, boolean retryable, String entryErrorCode) {
        super(message, cause, attempts, retryable);
        this.errorCodeOfEntry = entryErrorCode;
    }

    /**
     * The error code of the last failed PutRecords entry ({@code ProvisionedThroughputExceededException},
     * {@code InternalFailure} ...), or of the failed request, when there was one.
     */
    @Override
    public java.util.Optional<String> errorCode() {
        return errorCodeOfEntry != null ? java.util.Optional.of(errorCodeOfEntry) : super.errorCode();
    }
}
