package dev.awskit.storage;

import static dev.awskit.storage.S3Fixture.bucket;
import static dev.awskit.storage.S3Fixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.testing.Service;
import dev.awskit.testing.Target;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * Incomplete multipart uploads on S3Proxy, which implements ListMultipartUploads and
 * AbortMultipartUpload as the S3 API reference describes them (but not the lifecycle
 * configuration: see {@link BucketLifecycleOnMotoIT}). Uploads are started and checked with the
 * plain SDK client, independent of the code under test.
 */
@UsesServer(Service.S3)
class BucketUploadsIT {
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    private static List<MultipartUpload> uploads(AwsKit aws, String bucket) {
        return aws.client(S3Client.class)
                .listMultipartUploads(l -> l.bucket(bucket))
                .uploads();
    }

    private static String start(AwsKit aws, String bucket, String key, boolean withPart) {
        S3Client s3 = aws.client(S3Client.class);
        String id = s3.createMultipartUpload(c -> c.bucket(bucket).key(key)).uploadId();
        if (withPart) {
            byte[] part = new byte[5 * MIB];
            new Random(key.hashCode()).nextBytes(part);
            s3.uploadPart(u -> u.bucket(bucket).key(key).uploadId(id).partNumber(1), RequestBody.fromBytes(part));
        }
        return id;
    }

    @Test
    void incompleteUploads_listsEveryStartedUploadWithItsKeyIdAndInitiatedTime(AwsKit aws, TestResources res) {
        String b = bucket(aws, res);
        Instant before = Instant.now().minusSeconds(60);
        String a = start(aws, b, "videos/a b.mp4", true);
        String c = start(aws, b, "données/été.csv", false);
        aws.client(S3Client.class)
                .putObject(p -> p.bucket(b).key("done.txt"), RequestBody.fromString("complete objects are not listed"));

        List<IncompleteUpload> found =
                Storage.of(aws).bucket(b).incompleteUploads().toList();

        assertThat(found)
                .extracting(IncompleteUpload::key, IncompleteUpload::uploadId)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("videos/a b.mp4", a),
                        org.assertj.core.groups.Tuple.tuple("données/été.csv", c));
        assertThat(found).allSatisfy(u -> {
            assertThat(u.bucket()).isEqualTo(b);
            assertThat(u.initiated()).isAfter(before).isBefore(Instant.now().plusSeconds(60));
        });
        assertThat(found.get(0).toString()).startsWith("IncompleteUpload{s3://" + b + "/");
    }

    @Test
    void abortIncompleteUploads_abortsThoseOlderThanTheCutoff_andKeepsYoungerOnes(AwsKit aws, TestResources res) {
        String b = bucket(aws, res);
        start(aws, b, "a.bin", true);
        start(aws, b, "b.bin", false);
        Bucket bucket = Storage.of(aws).bucket(b);

        AbortUploadsReport kept = bucket.abortIncompleteUploads(Duration.ofHours(1));

        assertThat(kept.listed()).isEqualTo(2);
        assertThat(kept.kept()).isEqualTo(2);
        assertThat(kept.aborted()).isZero();
        assertThat(uploads(aws, b)).hasSize(2);

        AbortUploadsReport r = bucket.abortIncompleteUploads(Duration.ZERO);

        assertThat(r.isSuccess()).as(r.toString()).isTrue();
        assertThat(r.listed()).isEqualTo(2);
        assertThat(r.aborted()).isEqualTo(2);
        assertThat(r.kept()).isZero();
        assertThat(r.abortedUploads()).extracting(IncompleteUpload::key).containsExactlyInAnyOrder("a.bin", "b.bin");
        assertThat(uploads(aws, b)).isEmpty();
        assertThat(r.toString())
                .startsWith("AbortUploadsReport{" + b + ", older than PT0S: 2 listed, 2 aborted, 0 kept");
    }

    @Test
    void abortIncompleteUploads_refusesANegativeAge(AwsKit aws) {
        assertThatThrownBy(() -> Storage.of(aws).bucket("any-bucket").abortIncompleteUploads(Duration.ofDays(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("olderThan must be zero or positive, e.g. Duration.ofDays(7), was PT-24H");
    }

    @Test
    void incompleteUploads_ofAMissingBucket_failsNamingBucketRegionAndPermission(AwsKit aws, TestResources res) {
        String missing = res.bucketName();

        assertThatThrownBy(() ->
                        Storage.of(aws).bucket(missing).incompleteUploads().toList())
                .isInstanceOf(AwsKitException.class)
                .hasMessageStartingWith("Listing the multipart uploads of bucket '" + missing + "' (region "
                        + aws.region() + ") failed: ")
                .hasMessageContaining("NoSuchBucket")
                .hasMessageEndingWith("it needs s3:ListBucketMultipartUploads on the bucket.");
    }

    @Test
    void abortIncompleteUploadsAfter_onAStoreWithoutLifecycle_failsSayingWhatItNeeds(
            Target target, AwsKit aws, TestResources res) {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                target.kind() == Target.Kind.LOCAL_EMULATOR, "S3Proxy implements no lifecycle configuration");
        String b = bucket(aws, res);

        assertThatThrownBy(() -> Storage.of(aws).bucket(b).abortIncompleteUploadsAfter(7))
                .isInstanceOf(AwsKitException.class)
                .hasMessageStartingWith("Adding lifecycle rule awskit-abort-incomplete-multipart-uploads to bucket '"
                        + b + "' (region " + aws.region() + ") failed: ")
                .hasMessageContaining("NotImplemented")
                .hasMessageEndingWith(
                        "it needs s3:GetLifecycleConfiguration and s3:PutLifecycleConfiguration on the bucket.");
        assertThatThrownBy(() -> Storage.of(aws).bucket(b).abortIncompleteUploadsAfter(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("days must be at least 1 (S3's DaysAfterInitiation), was 0");
    }

    /**
     * A sync killed ({@code kill -9}) in the middle of a multipart upload leaves an upload behind
     * that nothing of the killed run can abort: that orphan, and nothing else, is what {@link
     * Bucket#incompleteUploads()} finds and {@link Bucket#abortIncompleteUploads} removes.
     */
    @Test
    void aSyncKilledMidUpload_leavesTheOrphanThatIncompleteUploadsFindsAndAbortRemoves(
            Target target, AwsKit aws, TestResources res) throws Exception {
        String b = bucket(aws, res);
        byte[] big = new byte[12 * MIB];
        new Random(15).nextBytes(big);
        Path src = tmp.resolve("src");
        write(src, "big.bin", big);
        Instant before = Instant.now().minusSeconds(60);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                KilledUploadChild.class.getName(),
                target.endpoint().toString(),
                target.region(),
                target.accessKey(),
                target.secretKey(),
                src.toString(),
                b));
        Process child = new ProcessBuilder(command)
                .redirectError(tmp.resolve("child.err").toFile())
                .start();
        // hang guard only: a child that never gets to its first part is killed, and the line is null
        java.util.concurrent.CompletableFuture.runAsync(
                child::destroyForcibly, java.util.concurrent.CompletableFuture.delayedExecutor(3, TimeUnit.MINUTES));
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line)
                    .as(
                            "the child's first line; its stderr: %s",
                            java.nio.file.Files.readString(tmp.resolve("child.err")))
                    .isEqualTo("PART-UPLOADED");
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(S3Fixture.keys(aws, b)).isEmpty();

        List<IncompleteUpload> orphans =
                Storage.of(aws).bucket(b).incompleteUploads().toList();

        // the orphan the SDK client sees, and only it
        List<MultipartUpload> seen = uploads(aws, b);
        assertThat(seen).hasSize(1);
        assertThat(orphans).singleElement().satisfies(u -> {
            assertThat(u.key()).isEqualTo("big.bin");
            assertThat(u.uploadId()).isEqualTo(seen.get(0).uploadId());
            assertThat(u.initiated()).isAfter(before);
        });

        AbortUploadsReport r = Storage.of(aws).bucket(b).abortIncompleteUploads(Duration.ZERO);

        assertThat(r.aborted()).as(r.toString()).isEqualTo(1);
        assertThat(r.abortedUploads())
                .extracting(IncompleteUpload::uploadId)
                .containsExactly(seen.get(0).uploadId());
        assertThat(uploads(aws, b)).isEmpty();
    }
}
