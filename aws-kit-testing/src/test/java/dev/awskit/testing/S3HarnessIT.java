package dev.awskit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.AwsKit;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The harness end to end on S3: a kit from {@link UsesServer} can create, put and list. */
@UsesServer(Service.S3)
class S3HarnessIT {

    @Test
    void s3_putAndList_roundTrip(Target target, TestResources res) {
        // path-style for emulators; aws-kit-storage registers the same as a ClientCustomizer
        try (AwsKit aws = target.kitBuilder()
                .customize((b, ctx) -> {
                    if (b instanceof S3ClientBuilder s3) {
                        s3.forcePathStyle(true);
                    }
                })
                .build()) {
            S3Client s3 = aws.client(S3Client.class);
            String bucket = res.bucketName();
            s3.createBucket(r -> r.bucket(bucket));
            try {
                s3.putObject(r -> r.bucket(bucket).key("b/two.txt"), RequestBody.fromString("two"));
                s3.putObject(r -> r.bucket(bucket).key("a.txt"), RequestBody.fromString("one"));
                List<String> keys = s3.listObjectsV2(r -> r.bucket(bucket)).contents().stream()
                        .map(S3Object::key)
                        .toList();
                assertThat(keys).containsExactly("a.txt", "b/two.txt");
                assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket).key("b/two.txt"))
                                .asUtf8String())
                        .isEqualTo("two");
            } finally {
                // while the kit is open: its clients close with it
                s3.listObjectsV2Paginator(r -> r.bucket(bucket))
                        .contents()
                        .forEach(o -> s3.deleteObject(d -> d.bucket(bucket).key(o.key())));
                s3.deleteBucket(r -> r.bucket(bucket));
            }
            assertThat(s3.listBuckets().buckets()).noneMatch(b -> b.name().equals(bucket));
        }
    }
}
