package dev.awskit.storage;

import dev.awskit.core.AwsKitStyle;
import java.time.Duration;
import java.util.List;
import org.immutables.value.Value;

/**
 * What {@link Bucket#abortIncompleteUploads(Duration)} did: how many incomplete multipart uploads
 * it found, aborted and kept (started less than {@code olderThan} ago), and what failed.
 *
 * <pre>
 * AbortUploadsReport{my-bucket, older than PT24H: 3 listed, 2 aborted, 1 kept (younger), 0 failures, 0.4s}
 * </pre>
 */
@Value.Immutable
@AwsKitStyle
public abstract class AbortUploadsReport {
    public abstract String bucket();

    public abstract Duration olderThan();

    /** Incomplete uploads listed. */
    public abstract long listed();

    /** Uploads aborted (or found already gone when aborted). */
    public abstract long aborted();

    /** The first 1,000 aborted uploads. */
    public abstract List<IncompleteUpload> abortedUploads();

    /** Uploads left alone because they started less than {@code olderThan} ago. */
    public abstract long kept();

    /** Each abort that failed, with S3's reason (at most the first 1,000). */
    public abstract List<String> failures();

    public abstract long failureCount();

    public abstract Duration duration();

    public boolean isSuccess() {
        return failureCount() == 0;
    }

    public static AbortUploadsReportBuilder builder() {
        return new AbortUploadsReportBuilder();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("AbortUploadsReport{")
                .append(bucket())
                .append(", older than ")
                .append(olderThan())
                .append(": ")
                .append(listed())
                .append(" listed, ")
                .append(aborted())
                .append(" aborted, ")
                .append(kept())
                .append(" kept (younger), ")
                .append(failureCount())
                .append(failureCount() == 1 ? " failure, " : " failures, ")
                .append(String.format(
                        java.util.Locale.ROOT, "%.1fs}", duration().toMillis() / 1000.0));
        for (int i = 0; i < Math.min(5, failures().size()); i++) {
            b.append("\n  ").append(failures().get(i));
        }
        return b.toString();
    }
}
