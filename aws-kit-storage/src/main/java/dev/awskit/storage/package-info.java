/**
 * S3 sync (local to S3, S3 to local, S3 to S3) with the AWS CLI's filters and comparison rules,
 * and buckets.
 *
 * <pre>{@code
 * SyncReport r = Storage.of(aws).sync("s3://my-first-bucket", "s3://my-second-bucket")
 *     .exclude("datasets/*").delete().dryRun().run();
 * }</pre>
 *
 * <ul>
 *   <li>{@link dev.awskit.storage.Storage}: the facade, {@code Storage.of(kit)};
 *   <li>{@link dev.awskit.storage.Sync}: one sync's settings, started by {@code run()};
 *   <li>{@link dev.awskit.storage.SyncReport} and {@link dev.awskit.storage.SyncFailure}: what it did;
 *   <li>{@link dev.awskit.storage.CompareMode}: when a file present on both sides is copied;
 *   <li>{@link dev.awskit.storage.Bucket}: create (with the right LocationConstraint), exists, delete.
 * </ul>
 *
 * <p>Filters are Python fnmatch patterns, as in the CLI: {@code *} crosses {@code /}, the last
 * matching rule wins, and a prefix the filters exclude entirely is never listed.
 */
package dev.awskit.storage;
