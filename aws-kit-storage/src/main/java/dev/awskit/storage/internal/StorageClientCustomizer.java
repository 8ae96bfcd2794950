package dev.awskit.storage.internal;

import dev.awskit.core.spi.ClientCustomizer;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.services.s3.S3BaseClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Adjusts the kit's S3 clients:
 *
 * <ul>
 *   <li>path-style addressing when an endpoint is overridden (S3Proxy, LocalStack, MinIO do not serve
 *       virtual-host buckets);
 *   <li>request checksums and response validation only where S3 requires them. The SDK's default
 *       (a CRC32 of every request and response body) costs client CPU on every object, which on a
 *       small machine decides how fast a sync runs; the sync sends Content-MD5 itself and checks
 *       downloaded bytes against the ETag, so integrity is kept;
 *   <li>no aws-chunked payload signing (one SHA-256 of a body over plain HTTP instead of one per
 *       chunk plus an HMAC chain).
 * </ul>
 */
public final class StorageClientCustomizer implements ClientCustomizer {
    @Override
    public void customize(AwsClientBuilder<?, ?> builder, Context context) {
        if (builder instanceof S3BaseClientBuilder<?, ?> s3) {
            if (context.endpoint().isPresent()) {
                s3.forcePathStyle(true);
            }
            s3.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
            // over plain HTTP (emulators) the SDK would sign bodies chunk by chunk (aws-chunked): one
            // SHA-256 of the whole body costs less, and over HTTPS the payload is not signed anyway
            s3.serviceConfiguration(
                    S3Configuration.builder().chunkedEncodingEnabled(false).build());
            s3.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
    }
}
