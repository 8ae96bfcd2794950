package dev.awskit.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKit;
import dev.awskit.core.ProgressListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;

/** A sync's settings: written once, checked against each other, the same through both paths. No network. */
class SyncSettingsTest {
    private static AwsKit aws;

    @BeforeAll
    static void kit() {
        aws = AwsKit.builder()
                .region("us-east-1")
                .credentials("awskit-test-key", "test-secret")
                .endpoint("http://127.0.0.1:9")
                .environment(Map.of())
                .build();
    }

    @AfterAll
    static void close() {
        aws.close();
    }

    private static Sync up() {
        return Storage.of(aws).sync("./data", "s3://bucket/data");
    }

    @Test
    void secondWrite_namesTheSettingAndBothValues() {
        assertThatThrownBy(() -> up().concurrency(8).concurrency(16))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("concurrency was already set to 8; cannot set it to 16");
        assertThatThrownBy(() -> up().sizeOnly().checksum())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("compare was already set to SIZE_ONLY; cannot set it to CHECKSUM");
        assertThatThrownBy(() -> up().partSize(8L << 20).partSize(16L << 20))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("partSize was already set to 8 MiB; cannot set it to 16 MiB");
        assertThatThrownBy(() -> up().multipartThreshold(8L << 20).multipartThreshold(6L << 20))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("multipartThreshold was already set to 8 MiB; cannot set it to 6 MiB");
        assertThatThrownBy(() -> up().delete().maxDelete(1).maxDelete(2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("maxDelete was already set to 1; cannot set it to 2");
        assertThatThrownBy(() -> up().contentType("text/plain").contentType("text/html"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("contentType was already set to text/plain; cannot set it to text/html");
        assertThatThrownBy(() -> up().cacheControl("no-cache").cacheControl("max-age=60"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cacheControl was already set to no-cache; cannot set it to max-age=60");
        assertThatThrownBy(() -> up().storageClass(StorageClass.STANDARD_IA).storageClass(StorageClass.GLACIER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("storageClass was already set to STANDARD_IA; cannot set it to GLACIER");
        assertThatThrownBy(() -> up().sse(ServerSideEncryption.AES256).sseKms("alias/k"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("sse was already set to AES256; cannot set it to aws:kms");
        assertThatThrownBy(() -> up().acl(ObjectCannedACL.PRIVATE).acl(ObjectCannedACL.PUBLIC_READ))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("acl was already set to private; cannot set it to public-read");
        assertThatThrownBy(() -> up().metadata(Map.of("a", "1")).metadata(Map.of("a", "2")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("metadata was already set to {a=1}; cannot set it to {a=2}");
    }

    @Test
    void secondFlag_isRefused() {
        // before, delete(), dryRun(), fsync() and listByDirectory() could be called any number of times
        assertThatThrownBy(() -> up().delete().delete())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("delete() was already called; call it once");
        assertThatThrownBy(() -> up().dryRun().dryRun())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("dryRun() was already called; call it once");
        assertThatThrownBy(() -> up().listByDirectory().listByDirectory())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("listByDirectory() was already called; call it once");
    }

    @Test
    void secondSide_inTheRequestBuilder_isRefused() {
        assertThatThrownBy(() -> SyncRequest.builder().source("./a").source("./b"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("source was already set to ./a; cannot set it to ./b");
        assertThatThrownBy(
                        () -> SyncRequest.builder().destination("s3://bucket-x").destination("s3://bucket-y"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("destination was already set to s3://bucket-x; cannot set it to s3://bucket-y");
    }

    @Test
    void filters_accumulateInOrder() {
        SyncRequest r =
                up().exclude("*.tmp").include("keep.tmp").exclude("cache/*").toRequest();
        assertThat(r.filters()).containsExactly("exclude *.tmp", "include keep.tmp", "exclude cache/*");
    }

    @Test
    void maxDeleteWithoutDelete_isRefused() {
        // before, maxDelete(n) silently turned delete() on: a limit switched deleting on
        assertThatThrownBy(() -> up().maxDelete(100).toRequest())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("maxDelete(100) limits deletions, but delete() was not called, so nothing would be"
                        + " deleted: add delete(), or drop maxDelete");
        assertThat(up().delete().maxDelete(100).toRequest().maxDelete()).hasValue(100);
    }

    @Test
    void outputWithoutDryRun_isRefused() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> up().output(out).run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("output(...) receives the dry-run lines only, but dryRun() was not called: add"
                        + " dryRun(), or drop output(...)");
    }

    @Test
    void objectSettingsOnADownload_areRefused() {
        assertThatThrownBy(() -> Storage.of(aws)
                        .sync("s3://bucket/data", "./down")
                        .contentType("text/plain")
                        .toRequest())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("contentType applies to objects written to S3, but this sync downloads to the local"
                        + " directory ./down: drop contentType");
        assertThatThrownBy(() -> Storage.of(aws)
                        .sync("s3://bucket/data", "./down")
                        .sseKms("alias/k")
                        .toRequest())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("sse applies to objects written to S3, but this sync downloads to the local"
                        + " directory ./down: drop sse");
    }

    @Test
    void multipartThresholdOnADownloadOrCopy_isRefused() {
        assertThatThrownBy(() -> Storage.of(aws)
                        .sync("s3://bucket-a/x", "s3://bucket-b/y")
                        .multipartThreshold(16L << 20)
                        .toRequest())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "multipartThreshold applies to uploads, but this sync copies from s3://bucket-a/x to s3://bucket-b/y:"
                                + " drop multipartThreshold (copies use partSize)");
        assertThatThrownBy(() -> Storage.of(aws)
                        .sync("s3://bucket-a/x", Path.of("down"))
                        .multipartThreshold(16L << 20)
                        .toRequest())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("multipartThreshold applies to uploads, but this sync downloads to the local directory"
                        + " down: drop multipartThreshold (copies use partSize)");
    }

    @Test
    void fsyncOnAnUpload_isRefused() {
        assertThatThrownBy(() -> up().fsync().toRequest())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("fsync() applies to downloads to a local directory, but this sync writes to"
                        + " s3://bucket/data: drop fsync()");
    }

    @Test
    void requestWithoutASide_isRefused() {
        assertThatThrownBy(() -> SyncRequest.builder().source("./a").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a sync needs a source and a destination: .source(\"./dir\").destination(\"s3://bucket/"
                        + "prefix\") (either side may be S3 or a local directory)");
        assertThatThrownBy(() -> Storage.of(aws).sync(s -> s.destination("s3://bucket-b")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("a sync needs a source and a destination");
        assertThatThrownBy(() -> SyncRequest.builder()
                        .source("s3://bucket-b/x")
                        .destination("s3://bucket-b/x/y")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "The source 's3://bucket-b/x' and destination 's3://bucket-b/x/y' overlap; sync between disjoint"
                                + " prefixes or buckets");
    }

    @Test
    void fluentAndRequest_buildTheSameValue() {
        ProgressListener progress = ProgressListener.none();
        SyncRequest fluent = Storage.of(aws)
                .sync("./data", "s3://bucket/data")
                .exclude("*.tmp")
                .include("keep.tmp")
                .checksum()
                .delete()
                .maxDelete(5)
                .concurrency(4)
                .partSize(16L << 20)
                .contentType("text/plain")
                .sseKms("alias/k")
                .progress(progress)
                .toRequest();
        SyncRequest request = SyncRequest.builder()
                .source("./data")
                .destination("s3://bucket/data")
                .exclude("*.tmp")
                .include("keep.tmp")
                .checksum()
                .delete()
                .maxDelete(5)
                .concurrency(4)
                .partSize(16L << 20)
                .contentType("text/plain")
                .sseKms("alias/k")
                .progress(progress)
                .build();
        assertThat(fluent.toString()).isEqualTo(request.toString());
        assertThat(fluent.spec())
                .usingRecursiveComparison()
                .ignoringFields("filters")
                .isEqualTo(request.spec());
        assertThat(fluent.filters()).isEqualTo(request.filters());
        assertThat(request.kmsKeyId()).hasValue("alias/k");
        assertThat(request.sse()).hasValue(ServerSideEncryption.AWS_KMS);
        assertThat(request.toString())
                .isEqualTo("SyncRequest{./data -> s3://bucket/data, filters=[exclude *.tmp, include keep.tmp],"
                        + " compare=CHECKSUM, delete (max 5)}");
    }
}
