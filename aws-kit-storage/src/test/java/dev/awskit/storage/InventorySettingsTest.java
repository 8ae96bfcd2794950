package dev.awskit.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKit;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** fromInventory's and viaBatchOperations' settings, checked before anything is sent. */
class InventorySettingsTest {
    private static AwsKit aws;

    @BeforeAll
    static void kit() {
        aws = AwsKit.builder()
                .region("us-east-1")
                .credentials("awskit-test-key", "awskit-test/secret+value")
                .endpoint("http://127.0.0.1:9")
                .environment(Map.of())
                .build();
    }

    @AfterAll
    static void close() {
        aws.close();
    }

    @Test
    void fromInventory_onAnUpload_isRefusedNamingTheLocalSource() {
        assertThatThrownBy(() -> Storage.of(aws)
                        .sync(Path.of("site"), "s3://web")
                        .fromInventory("s3://inv/m.json")
                        .toRequest())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("fromInventory(s3://inv/m.json) replaces the listing of an S3 source, but this sync uploads"
                        + " from the local directory site: drop fromInventory");
    }

    @Test
    void fromInventory_notAnS3Uri_isRefused() {
        assertThatThrownBy(() ->
                        Storage.of(aws).sync("s3://a-bucket", "s3://b-bucket").fromInventory("inv/m.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fromInventory needs s3://bucket/.../manifest.json or the folder of an inventory"
                        + " configuration, was 'inv/m.json'");
    }

    @Test
    void fromInventory_twice_namesBothValues() {
        assertThatThrownBy(() -> Storage.of(aws)
                        .sync("s3://a-bucket", "s3://b-bucket")
                        .fromInventory("s3://inv/a/")
                        .fromInventory("s3://inv/b/"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("fromInventory was already set to s3://inv/a/; cannot set it to s3://inv/b/");
    }

    @Test
    void fromInventory_showsInTheRequestAndTheOperation() {
        Sync s = Storage.of(aws).sync("s3://a-bucket", "s3://b-bucket").fromInventory("s3://inv/a/");
        assertThat(s.toRequest().inventory()).hasValue("s3://inv/a/");
        assertThat(s.toRequest().toString()).endsWith(", fromInventory s3://inv/a/}");
        assertThat(s.toString()).contains(", from inventory s3://inv/a/");
    }

    @Test
    void viaBatchOperations_onADownload_isRefusedBeforeAnythingIsListed() {
        assertThatThrownBy(() -> Storage.of(aws)
                        .sync("s3://a-bucket", Path.of("out"))
                        .viaBatchOperations("arn:aws:iam::123456789012:role/batch-copy")
                        .workspace("s3://ws-bucket")
                        .run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "viaBatchOperations copies from S3 to S3, but this sync goes from s3://a-bucket to out: drop"
                                + " viaBatchOperations");
    }

    @Test
    void viaBatchOperations_withObjectSettingsOtherThanStorageClass_isRefused() {
        assertThatThrownBy(() -> Storage.of(aws)
                        .sync("s3://a-bucket", "s3://b-bucket")
                        .contentType("text/plain")
                        .viaBatchOperations("arn:aws:iam::123456789012:role/batch-copy")
                        .workspace("s3://ws-bucket")
                        .run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("of the object settings, viaBatchOperations applies storageClass only: drop contentType,"
                        + " metadata, cacheControl, sse and acl, or drop viaBatchOperations");
    }

    @Test
    void viaBatchOperations_withADryRun_isRefused() {
        assertThatThrownBy(() -> Storage.of(aws)
                        .sync("s3://a-bucket", "s3://b-bucket")
                        .dryRun()
                        .viaBatchOperations("arn:aws:iam::123456789012:role/batch-copy")
                        .workspace("s3://ws-bucket")
                        .run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("dryRun() with viaBatchOperations: the plan is the same without it; drop"
                        + " viaBatchOperations to see it");
    }

    @Test
    void batchSync_printsWhatItWouldDo() {
        BatchSync b = Storage.of(aws)
                .sync("s3://a-bucket", "s3://b-bucket")
                .viaBatchOperations("arn:aws:iam::123456789012:role/batch-copy");
        assertThat(b.toString())
                .startsWith("BatchSync{s3://a-bucket -> s3://b-bucket, via Batch Operations as"
                        + " arn:aws:iam::123456789012:role/batch-copy")
                .contains("not run");
    }

    @Test
    void inventoryRequest_format_defaultsToCsv_andASecondFormatNamesBoth() {
        InventoryRequest csv =
                InventoryRequest.builder().destination("s3://inv").build();
        InventoryRequest parquet = InventoryRequest.builder()
                .destination("s3://inv/reports")
                .format(InventoryRequest.Format.PARQUET)
                .build();

        assertThat(csv.format()).isEqualTo(InventoryRequest.Format.CSV);
        assertThat(csv.toString()).isEqualTo("InventoryRequest{awskit -> s3://inv, DAILY}");
        assertThat(parquet.toString()).isEqualTo("InventoryRequest{awskit -> s3://inv/reports, DAILY, PARQUET}");
        assertThatThrownBy(() -> InventoryRequest.builder()
                        .format(InventoryRequest.Format.PARQUET)
                        .format(InventoryRequest.Format.CSV))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("format was already set to PARQUET; cannot set it to CSV");
    }
}
