package dev.awskit.storage.internal;

import dev.awskit.core.ProgressListener;
import dev.awskit.storage.CompareMode;
import java.io.PrintStream;

/** Everything a sync run needs, fixed when {@code run()} is called. */
public record SyncSpec(
        Location source,
        Location destination,
        Filters filters,
        CompareMode mode,
        boolean delete,
        long maxDelete,
        boolean dryRun,
        PrintStream out,
        ProgressListener progress,
        ObjectOptions options,
        int concurrency,
        long partSize,
        long multipartThreshold,
        long copyMultipartThreshold,
        boolean listByDirectory,
        boolean fsync,
        LocalFiles localFiles) {

    public Direction direction() {
        return source.isS3() ? (destination.isS3() ? Direction.COPY : Direction.DOWNLOAD) : Direction.UPLOAD;
    }
}
