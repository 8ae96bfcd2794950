package dev.awskit.storage.internal;

import dev.awskit.storage.CompareMode;

/** Whether an entry present on both sides is copied, skipped, or needs its content compared. */
public enum Decision {
    COPY,
    SKIP,
    /** Sizes equal, content must be compared (CHECKSUM with a local side): done off the planner thread. */
    VERIFY;

    /**
     * The decision for {@code src} and {@code dst} with the same key, by the AWS CLI's rules
     * ({@code SizeAndLastModifiedSync}, {@code ExactTimestampsSync}, {@code SizeOnlySync}) plus
     * CHECKSUM.
     */
    public static Decision decide(CompareMode mode, Direction direction, Entry src, Entry dst) {
        if (src.size() != dst.size()) {
            return COPY;
        }
        switch (mode) {
            case SIZE_ONLY:
                return SKIP;
            case CHECKSUM:
                if (direction == Direction.COPY) {
                    return Etags.sameContent(src.etag(), dst.etag()) ? SKIP : COPY;
                }
                return VERIFY;
            case EXACT_TIMESTAMPS:
                if (direction == Direction.DOWNLOAD) {
                    return seconds(dst.lastModified()) == seconds(src.lastModified()) ? SKIP : COPY;
                }
                return newerRule(direction, src, dst);
            case SIZE_AND_TIME:
            default:
                return newerRule(direction, src, dst);
        }
    }

    private static Decision newerRule(Direction direction, Entry src, Entry dst) {
        long s = seconds(src.lastModified());
        long d = seconds(dst.lastModified());
        if (direction == Direction.DOWNLOAD) {
            // the CLI's download rule: the local copy is stale only when it is newer than the object
            return d <= s ? SKIP : COPY;
        }
        return d >= s ? SKIP : COPY;
    }

    /** S3 keeps LastModified to the second; comparing finer would re-copy files written within a second. */
    static long seconds(long millis) {
        return Math.floorDiv(millis, 1000L);
    }
}
