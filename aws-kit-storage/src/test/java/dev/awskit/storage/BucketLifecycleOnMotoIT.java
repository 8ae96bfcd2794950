package dev.awskit.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.AwsKit;
import dev.awskit.testing.Service;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

/**
 * The lifecycle rule for incomplete uploads against moto's S3 (S3Proxy implements no lifecycle
 * configuration), which answers Get/PutBucketLifecycleConfiguration as the S3 API reference
 * describes them: the Put replaces the whole configuration, so rules of others survive only
 * because the kit wrote them back. Checked with the plain SDK client. moto is the one shared
 * control-plane server, so its S3 is reached through the same endpoint.
 */
@UsesServer(Service.DYNAMODB)
class BucketLifecycleOnMotoIT {
    private static List<LifecycleRule> rules(AwsKit aws, String bucket) {
        return aws.client(S3Client.class)
                .getBucketLifecycleConfiguration(g -> g.bucket(bucket))
                .rules();
    }

    @Test
    void abortIncompleteUploadsAfter_addsItsRule_keepsTheOthers_andIsIdempotent(AwsKit aws, TestResources res) {
        String b = S3Fixture.bucket(aws, res);
        LifecycleRule logs = LifecycleRule.builder()
                .id("expire-logs")
                .status(ExpirationStatus.ENABLED)
                .filter(f -> f.prefix("logs/"))
                .expiration(e -> e.days(30))
                .build();
        LifecycleRule archive = LifecycleRule.builder()
                .id("archive")
                .status(ExpirationStatus.ENABLED)
                .filter(f -> f.prefix("data/"))
                .transitions(software.amazon.awssdk.services.s3.model.Transition.builder()
                        .days(90)
                        .storageClass(TransitionStorageClass.GLACIER)
                        .build())
                .build();
        aws.client(S3Client.class)
                .putBucketLifecycleConfiguration(p -> p.bucket(b).lifecycleConfiguration(c -> c.rules(logs, archive)));
        List<LifecycleRule> othersAsStored = rules(aws, b);
        Bucket bucket = Storage.of(aws).bucket(b);

        LifecycleReport added = bucket.abortIncompleteUploadsAfter(7);

        assertThat(added.change()).isEqualTo(LifecycleReport.Change.ADDED);
        assertThat(added.otherRules()).isEqualTo(2);
        assertThat(added.toString())
                .isEqualTo("LifecycleReport{" + b + ": rule awskit-abort-incomplete-multipart-uploads ADDED, 2 other"
                        + " rules kept}");
        List<LifecycleRule> after = rules(aws, b);
        assertThat(after).hasSize(3);
        assertThat(after.subList(0, 2)).containsExactlyElementsOf(othersAsStored);
        LifecycleRule ours = after.get(2);
        assertThat(ours.id()).isEqualTo(Bucket.ABORT_UPLOADS_RULE);
        assertThat(ours.status()).isEqualTo(ExpirationStatus.ENABLED);
        assertThat(ours.abortIncompleteMultipartUpload().daysAfterInitiation()).isEqualTo(7);

        LifecycleReport again = bucket.abortIncompleteUploadsAfter(7);
        LifecycleReport shorter = bucket.abortIncompleteUploadsAfter(3);

        assertThat(again.change()).isEqualTo(LifecycleReport.Change.UNCHANGED);
        assertThat(shorter.change()).isEqualTo(LifecycleReport.Change.REPLACED);
        List<LifecycleRule> last = rules(aws, b);
        assertThat(last).hasSize(3);
        assertThat(last.subList(0, 2)).containsExactlyElementsOf(othersAsStored);
        assertThat(last.get(2).abortIncompleteMultipartUpload().daysAfterInitiation())
                .isEqualTo(3);
    }

    @Test
    void abortIncompleteUploadsAfter_onABucketWithoutConfiguration_addsTheOnlyRule(AwsKit aws, TestResources res) {
        String b = S3Fixture.bucket(aws, res);

        LifecycleReport r = Storage.of(aws).bucket(b).abortIncompleteUploadsAfter(1);

        assertThat(r.change()).isEqualTo(LifecycleReport.Change.ADDED);
        assertThat(r.otherRules()).isZero();
        assertThat(rules(aws, b)).singleElement().satisfies(rule -> {
            assertThat(rule.id()).isEqualTo(Bucket.ABORT_UPLOADS_RULE);
            assertThat(rule.abortIncompleteMultipartUpload().daysAfterInitiation())
                    .isEqualTo(1);
        });
    }

    @Test
    void incompleteUploads_andAbort_workOnMotoToo(AwsKit aws, TestResources res) {
        String b = S3Fixture.bucket(aws, res);
        String id = aws.client(S3Client.class)
                .createMultipartUpload(c -> c.bucket(b).key("x/y.bin"))
                .uploadId();

        assertThat(Storage.of(aws).bucket(b).incompleteUploads().toList())
                .singleElement()
                .satisfies(u -> assertThat(u.uploadId()).isEqualTo(id));
        AbortUploadsReport r = Storage.of(aws).bucket(b).abortIncompleteUploads(Duration.ZERO);

        assertThat(r.aborted()).as(r.toString()).isEqualTo(1);
        assertThat(aws.client(S3Client.class)
                        .listMultipartUploads(l -> l.bucket(b))
                        .uploads())
                .isEmpty();
    }
}
