package dev.awskit.storage.internal;

/**
 * One object or file of a listing.
 *
 * @param key the path relative to the root, {@code /}-separated
 * @param size bytes
 * @param lastModified epoch milliseconds (S3: LastModified; local: the file's mtime)
 * @param etag the S3 ETag without quotes, or {@code null} for local files
 */
public record Entry(String key, long size, long lastModified, String etag) {
    public static Entry local(String key, long size, long lastModified) {
        return new Entry(key, size, lastModified, null);
    }
}
