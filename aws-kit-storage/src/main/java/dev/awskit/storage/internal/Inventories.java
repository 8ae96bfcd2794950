package dev.awskit.storage.internal;

import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import java.io.UncheckedIOException;

/** Reads the S3 Inventory report a sync plans from, with the kit's S3 client for its bucket. */
public final class Inventories {
    private Inventories() {}

    /**
     * @see Inventory#read
     */
    public static Inventory read(AwsKit kit, String manifestUri, Location source) {
        String rest = manifestUri.substring("s3://".length());
        String bucket = rest.substring(0, rest.indexOf('/'));
        try {
            return Inventory.read(
                    Inventory.store(Buckets.clientFor(kit, bucket, "inventory")),
                    manifestUri,
                    source.bucket(),
                    source.prefix(),
                    Inventory.DEFAULT_RUN_SIZE);
        } catch (UncheckedIOException e) {
            throw new AwsKitException(
                    "Sorting the inventory " + manifestUri + " failed: " + e.getMessage() + " (" + e.getCause()
                            + "). It needs about 100 bytes of temporary disk per object in java.io.tmpdir ("
                            + System.getProperty("java.io.tmpdir") + "); nothing was planned.",
                    e);
        }
    }
}
