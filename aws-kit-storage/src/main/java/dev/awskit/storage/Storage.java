package dev.awskit.storage;

import dev.awskit.core.AwsKit;
import dev.awskit.storage.internal.Location;
import java.nio.file.Path;
import java.util.Objects;

/**
 * S3 for scripts and applications: {@code aws s3 sync} as one call, and buckets.
 *
 * <pre>{@code
 * Storage s = Storage.of(aws);
 * SyncReport r = s.sync("s3://my-first-bucket", "s3://my-second-bucket")
 *     .exclude("datasets/*").delete().run();
 * s.sync("./site", "s3://web").progress(ProgressListener.console()).run();
 * s.bucket("my-logs").create();
 * }</pre>
 */
public final class Storage {
    private final AwsKit kit;

    private Storage(AwsKit kit) {
        this.kit = Objects.requireNonNull(kit, "kit");
    }

    /** The facade over {@code kit}'s S3 clients. */
    public static Storage of(AwsKit kit) {
        return new Storage(kit);
    }

    /**
     * A sync from {@code source} to {@code destination}, each {@code s3://bucket[/prefix]} or a local
     * directory. Nothing happens until {@link Sync#run()}.
     *
     * @throws IllegalArgumentException for a malformed location, two local directories, or the same
     *     location twice
     */
    public Sync sync(String source, String destination) {
        return new Sync(kit, Location.parse(source), Location.parse(destination));
    }

    /** {@link #sync(String, String)} from a local directory. */
    public Sync sync(Path source, String destination) {
        return new Sync(kit, Location.of(source, source.toString()), Location.parse(destination));
    }

    /** {@link #sync(String, String)} to a local directory. */
    public Sync sync(String source, Path destination) {
        return new Sync(kit, Location.parse(source), Location.of(destination, destination.toString()));
    }

    /** A bucket by name, in the kit's region (nothing is checked until you call a method). */
    public Bucket bucket(String name) {
        return new Bucket(kit, name);
    }

    /** {@code Storage[region us-east-1, endpoint http://127.0.0.1:9000]}: where the S3 calls go. */
    @Override
    public String toString() {
        return "Storage[" + kit.summary("s3") + "]";
    }
}
