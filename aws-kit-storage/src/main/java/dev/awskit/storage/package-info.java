/** S3 sync (local to S3, S3 to local, S3 to S3), filters, buckets. */
package dev.awskit.storage;
