package dev.awskit.storage;

import dev.awskit.core.AwsKitStyle;
import java.time.Instant;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A multipart upload that was started and neither completed nor aborted: S3 keeps (and bills) its
 * parts until it is aborted. From {@link Bucket#incompleteUploads()}.
 *
 * <pre>
 * IncompleteUpload{s3://my-bucket/videos/big.mp4, initiated 2026-12-01T09:14:03Z by arn:aws:iam::123456789012:user/ci}
 * </pre>
 */
@Value.Immutable
@AwsKitStyle
public abstract class IncompleteUpload {
    public abstract String bucket();

    public abstract String key();

    /** The id AbortMultipartUpload takes. */
    public abstract String uploadId();

    /** When CreateMultipartUpload was called, by S3's clock. */
    public abstract Instant initiated();

    /** Who started it (an IAM ARN on AWS), when S3 says. */
    public abstract Optional<String> initiator();

    public static IncompleteUploadBuilder builder() {
        return new IncompleteUploadBuilder();
    }

    @Override
    public String toString() {
        return "IncompleteUpload{s3://" + bucket() + "/" + key() + ", initiated " + initiated()
                + initiator().map(i -> " by " + i).orElse("") + "}";
    }
}
