package dev.awskit.storage;

/**
 * How a sync decides that a file present on both sides must be copied again. In every mode a
 * file missing at the destination, or of a different size, is copied.
 */
public enum CompareMode {
    /**
     * The AWS CLI's default: copy when the source is newer. For uploads and S3-to-S3 copies that is
     * "the destination's time is older than the source's"; for downloads the CLI's rule applies
     * instead: copy when the local file is newer than the object. Times are compared to the second,
     * the precision of S3's LastModified.
     */
    SIZE_AND_TIME,
    /** {@code --size-only}: equal sizes mean equal files. */
    SIZE_ONLY,
    /**
     * {@code --exact-timestamps}: like {@link #SIZE_AND_TIME}, but a download also happens when the
     * local file's time differs from the object's LastModified in either direction.
     */
    EXACT_TIMESTAMPS,
    /**
     * Compare content, which the CLI never does: the MD5 of a local file against the ETag of a
     * single-part object, or the multipart ETag recomputed with the part size that gives the same
     * number of parts; for S3 to S3, the two ETags. Reads every local file of equal size.
     */
    CHECKSUM
}
