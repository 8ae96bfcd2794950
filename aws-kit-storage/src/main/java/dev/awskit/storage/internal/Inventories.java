package dev.awskit.storage.internal;

import dev.awskit.core.AwsKit;

/** Reads the S3 Inventory report a sync plans from, with the kit's S3 client for its bucket. */
public final class Inventories {
    private Inventories() {}

    /**
     * @see Inventory#read
     */
    public static Inventory read(AwsKit kit, String manifestUri, Location source) {
        String rest = manifestUri.substring("s3://".length());
        String bucket = rest.substring(0, rest.indexOf('/'));
        return Inventory.read(
                Inventory.store(Buckets.clientFor(kit, bucket, "inventory")),
                manifestUri,
                source.bucket(),
                source.prefix(),
                Inventory.DEFAULT_RUN_SIZE);
    }
}
