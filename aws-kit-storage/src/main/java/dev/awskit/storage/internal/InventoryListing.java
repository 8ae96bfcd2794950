package dev.awskit.storage.internal;

/**
 * A source listing from an S3 Inventory report instead of ListObjectsV2: the report's rows in S3
 * key order, with the {@link S3Listing}'s rules (console folder markers skipped, keys relative to the
 * root), so the planner plans exactly what a listing of the same objects would give.
 */
final class InventoryListing extends LookaheadListing {
    private final Inventory.RunMerge merge;
    private final String root;
    private boolean closed;

    InventoryListing(Inventory inventory, String root) {
        this.merge = inventory.merge();
        this.root = root;
    }

    @Override
    protected Entry advance() {
        if (closed) {
            return null;
        }
        while (true) {
            Entry e = merge.next();
            if (e == null) {
                closed = true;
                merge.close();
                return null;
            }
            String key = e.key();
            if ((e.size() == 0 && key.endsWith("/")) || !key.startsWith(root) || key.length() == root.length()) {
                continue;
            }
            return new Entry(key.substring(root.length()), e.size(), e.lastModified(), e.etag());
        }
    }
}
