package dev.awskit.storage.internal;

import dev.awskit.core.AwsErrors;
import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;

/** Finds the region of a bucket and checks that it exists and is accessible, with clear errors. */
public final class Buckets {
    private Buckets() {}

    /**
     * The client for {@code bucket}'s region: HeadBucket through the kit's region; S3 names the
     * bucket's region in its answer (200 or 301). With an endpoint override, the kit's region.
     *
     * @throws AwsKitException when the bucket does not exist or access is denied, saying what to do
     */
    public static S3Client clientFor(AwsKit kit, String bucket, String role) {
        Region home = kit.region();
        S3Client s3 = kit.client(S3Client.class, home);
        try {
            HeadBucketResponse r = s3.headBucket(b -> b.bucket(bucket));
            Optional<Region> actual = Optional.ofNullable(r.bucketRegion()).map(Region::of);
            if (actual.isPresent()
                    && !actual.get().equals(home)
                    && kit.endpoint("s3").isEmpty()) {
                return kit.client(S3Client.class, actual.get());
            }
            return s3;
        } catch (AwsServiceException e) {
            Optional<String> moved = e.awsErrorDetails() == null
                    ? Optional.empty()
                    : e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region");
            if (moved.isPresent() && !moved.get().equals(home.id())) {
                S3Client other = kit.client(S3Client.class, Region.of(moved.get()));
                try {
                    other.headBucket(b -> b.bucket(bucket));
                    return other;
                } catch (AwsServiceException e2) {
                    throw explain(bucket, role, Region.of(moved.get()), kit, other, e2);
                } catch (SdkClientException e2) {
                    throw unreachable(
                            kit, "Checking the " + role + " bucket '" + bucket + "' (region " + moved.get() + ")", e2);
                }
            }
            throw explain(bucket, role, home, kit, s3, e);
        } catch (SdkClientException e) {
            throw unreachable(kit, "Checking the " + role + " bucket '" + bucket + "' (region " + home + ")", e);
        }
    }

    /**
     * For a request that never got an answer (connection refused, unknown host, timeout): names what
     * failed and where, and what to check.
     */
    public static AwsKitException unreachable(AwsKit kit, String what, SdkClientException e) {
        String where = kit.endpoint("s3").map(u -> "at " + u).orElse("(the AWS endpoint of the region)");
        return new AwsKitException(
                what + " failed: could not reach S3 " + where + " (" + AwsErrors.describe(e)
                        + "); check the endpoint, the network and any proxy settings, then try again.",
                e);
    }

    /**
     * When a 403 is about the credentials themselves rather than a missing permission: an unknown
     * access key id, a secret that does not match it, or an expired session token. A HEAD answer has
     * no body, hence no error code: then one ListObjectsV2 (which has one) asks S3 what it was.
     */
    public static Optional<String> credentialProblem(AwsKit kit, S3Client s3, String bucket, AwsServiceException e) {
        if (AwsErrors.statusCode(e) != 403) {
            return Optional.empty();
        }
        String code = AwsErrors.errorCode(e).orElse("");
        if (code.isEmpty() || code.equals("403 Forbidden") || code.equals("Forbidden")) {
            try {
                s3.listObjectsV2(l -> l.bucket(bucket).maxKeys(1));
                return Optional.empty();
            } catch (AwsServiceException probe) {
                code = AwsErrors.errorCode(probe).orElse("");
            } catch (SdkClientException probe) {
                return Optional.empty();
            }
        }
        String profile = kit.profile();
        switch (code) {
            case "InvalidAccessKeyId":
                return Optional.of("S3 does not know the access key id " + keyId(kit)
                        + " (InvalidAccessKeyId): it was deleted or deactivated, belongs to another partition,"
                        + " or is meant for another endpoint. Check the credentials of profile " + profile
                        + " (or AWS_ACCESS_KEY_ID).");
            case "SignatureDoesNotMatch":
                return Optional.of("The secret access key does not match the access key id " + keyId(kit)
                        + " (SignatureDoesNotMatch). Check the secret of profile " + profile
                        + " (or AWS_SECRET_ACCESS_KEY): an old secret after a rotation, or stray characters.");
            case "InvalidToken":
            case "ExpiredToken":
            case "TokenRefreshRequired":
                return Optional.of("The session token of profile " + profile + " is invalid or expired (" + code
                        + "). Get fresh credentials (aws sso login, or a new AssumeRole) and try again.");
            default:
                return Optional.empty();
        }
    }

    private static String keyId(AwsKit kit) {
        try {
            String id = kit.credentialsProvider().resolveCredentials().accessKeyId();
            return id.length() <= 8
                    ? "'" + id + "'"
                    : "'" + id.substring(0, 4) + "..." + id.substring(id.length() - 4) + "'";
        } catch (RuntimeException e) {
            return "in use";
        }
    }

    static AwsKitException explain(
            String bucket, String role, Region region, AwsKit kit, S3Client s3, AwsServiceException e) {
        Optional<String> credentials = credentialProblem(kit, s3, bucket, e);
        if (credentials.isPresent()) {
            return new AwsKitException(
                    "Cannot use the " + role + " bucket '" + bucket + "' (region " + region + "): " + credentials.get(),
                    e);
        }
        if (AwsErrors.isNotFound(e)) {
            return new AwsKitException(
                    "The " + role + " bucket '" + bucket + "' does not exist (region " + region
                            + "). Check the name, or create it with Storage.of(aws).bucket(\"" + bucket
                            + "\").create().",
                    e);
        }
        if (AwsErrors.isAccessDenied(e)) {
            return new AwsKitException(
                    "Access to the " + role + " bucket '" + bucket + "' is denied (region " + region
                            + ", profile " + kit.profile() + ", " + AwsErrors.describe(e)
                            + "). The credentials need s3:ListBucket on it"
                            + ("destination".equals(role)
                                    ? ", s3:PutObject and, with delete(), s3:DeleteObject."
                                    : " and s3:GetObject."),
                    e);
        }
        return new AwsKitException(
                "Checking the " + role + " bucket '" + bucket + "' (region " + region + ") failed: "
                        + AwsErrors.describe(e),
                e);
    }
}
