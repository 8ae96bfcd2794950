package dev.awskit.storage.internal;

import java.nio.file.Path;

/**
 * One side of a sync: {@code s3://bucket[/prefix]} or a local directory.
 *
 * @param text what the user wrote, for messages and dry-run lines
 * @param bucket the bucket, or null for a local directory
 * @param prefix the key prefix ({@code ""} or ending in {@code /})
 * @param path the local directory, or null for S3
 */
public record Location(String text, String bucket, String prefix, Path path) {
    public static Location parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(
                    "A sync location must not be empty: use s3://bucket[/prefix] or a local directory");
        }
        if (text.regionMatches(true, 0, "s3://", 0, 5)) {
            if (!text.startsWith("s3://")) {
                throw new IllegalArgumentException(
                        "Invalid S3 location '" + Keys.shown(text) + "': write the scheme as s3://");
            }
            String rest = text.substring(5);
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1);
            if (!bucket.matches("[a-z0-9][a-z0-9.\\-_]{1,254}")) {
                throw new IllegalArgumentException("Invalid S3 location '" + Keys.shown(text) + "': the bucket name '"
                        + Keys.shown(bucket) + "' must be 3-63 of a-z 0-9 . - (e.g. s3://my-bucket/prefix)");
            }
            if (!prefix.isEmpty() && !prefix.endsWith("/")) {
                prefix = prefix + "/";
            }
            return new Location(text, bucket, prefix, null);
        }
        return of(Path.of(text), text);
    }

    public static Location of(Path path, String text) {
        return new Location(text, null, "", path);
    }

    public boolean isS3() {
        return bucket != null;
    }

    /** {@code s3://bucket/prefix/key} or {@code <dir>/key}, as the CLI prints it. */
    public String display(String key) {
        if (isS3()) {
            return "s3://" + bucket + "/" + prefix + key;
        }
        String t = text.endsWith("/") ? text : text + "/";
        return t + key;
    }

    @Override
    public String toString() {
        return text;
    }
}
