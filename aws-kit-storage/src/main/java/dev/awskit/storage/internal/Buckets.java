package dev.awskit.storage.internal;

import dev.awskit.core.AwsErrors;
import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
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
                    throw explain(bucket, role, Region.of(moved.get()), kit, e2);
                }
            }
            throw explain(bucket, role, home, kit, e);
        }
    }

    static AwsKitException explain(String bucket, String role, Region region, AwsKit kit, AwsServiceException e) {
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
