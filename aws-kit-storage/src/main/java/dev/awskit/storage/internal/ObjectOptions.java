package dev.awskit.storage.internal;

import java.util.Map;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;

/** Settings applied to every object a sync writes to S3; null means "not set". */
public record ObjectOptions(
        String contentType,
        Map<String, String> metadata,
        StorageClass storageClass,
        ServerSideEncryption sse,
        String kmsKeyId,
        ObjectCannedACL acl,
        String cacheControl) {

    /** Whether S3-to-S3 copies must replace metadata instead of copying it. */
    public boolean replacesMetadata() {
        return contentType != null || metadata != null || cacheControl != null;
    }

    /** Whether S3 computes ETags that are not MD5 digests (SSE-KMS). */
    public boolean etagIsNotMd5() {
        return sse == ServerSideEncryption.AWS_KMS || sse == ServerSideEncryption.AWS_KMS_DSSE;
    }
}
