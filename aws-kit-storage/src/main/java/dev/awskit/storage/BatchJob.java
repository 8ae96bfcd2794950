package dev.awskit.storage;

import dev.awskit.core.AwsKitException;
import java.time.Duration;
import java.util.Optional;

/**
 * A sync handed to S3 Batch Operations by {@link BatchSync#run()}: the deletes are made, the job
 * is created and the objects over 5 GB (which the job cannot copy) are copied by the kit; S3 copies
 * the rest.
 *
 * <pre>{@code
 * BatchJob job = Storage.of(aws).sync("s3://big-bucket", "s3://backup")
 *     .fromInventory("s3://inventory/big-bucket/daily/")
 *     .viaBatchOperations("arn:aws:iam::123456789012:role/batch-copy")
 *     .run();
 * SyncReport r = job.awaitComplete();   // failed keys with S3's reason in r.failures()
 * }</pre>
 */
public interface BatchJob {
    /** The job's id, or empty when the plan was small enough for the kit to copy it itself. */
    Optional<String> jobId();

    /**
     * Follows the job (DescribeJob: New, Preparing, Ready, Active, then Complete, Failed or
     * Cancelled) for at most 24 hours and returns what the sync did, with each failed copy's key
     * and reason from the job's completion report, and the objects the kit copied itself ({@link
     * SyncReport#copiedByKit()}). Then deletes the job's manifest and completion report from the
     * workspace (a lifecycle rule expires them after 30 days when nobody calls this).
     *
     * @throws AwsKitException when the job cannot be followed or is still running after 24 hours (it
     *     runs on in S3: call again)
     */
    default SyncReport awaitComplete() {
        return awaitComplete(Duration.ofHours(24));
    }

    /**
     * {@link #awaitComplete()} with a timeout.
     *
     * @throws AwsKitException when the job is still running after {@code timeout}
     */
    SyncReport awaitComplete(Duration timeout);
}
