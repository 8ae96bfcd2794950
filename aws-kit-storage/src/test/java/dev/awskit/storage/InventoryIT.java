package dev.awskit.storage;

import static dev.awskit.storage.S3Fixture.bucket;
import static dev.awskit.storage.S3Fixture.keys;
import static dev.awskit.storage.S3Fixture.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.testing.Service;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Planning from S3 Inventory on S3Proxy: the oracle is a ListObjectsV2 listing of the real source
 * bucket (S3Proxy has no S3 Inventory, so the reports are written here in S3's documented format from
 * that listing: gzip CSV, or Parquet written by Apache parquet-java), and the inventory plan must equal
 * the listing plan line for line.
 */
@UsesServer(Service.S3)
class InventoryIT {
    private static final String[] KEYS = {
        "a-b",
        "a.b",
        "a/b",
        "a0",
        "my dir/a b.txt",
        "plus+sign.txt",
        "100%.txt",
        "percent%2B.txt",
        "[brackets].txt",
        "données/été.csv",
        "emoji/\uD83D\uDE00.txt",
        "\uFFFD.txt",
        "datasets/big/1.bin",
        "datasets/big/2.bin",
        "datasets/keep.txt",
        "deep/x/y/z.txt",
        "folder/",
    };

    private record Setup(String src, String dst, String inv, String configFolder) {}

    private Setup setup(AwsKit aws, TestResources res, boolean newline) {
        String src = bucket(aws, res);
        String dst = bucket(aws, res);
        String inv = bucket(aws, res);
        List<String> keys = new ArrayList<>(List.of(KEYS));
        if (newline) {
            keys.add("line\nbreak.txt");
        }
        for (String k : keys) {
            put(aws, src, k, k.endsWith("/") ? "" : "content of " + k);
        }
        put(aws, dst, "a-b", "content of a-b"); // same size, newer: skipped
        put(aws, dst, "a.b", "other size"); // copied
        put(aws, dst, "only-in-dst.txt", "x"); // deleted
        put(aws, dst, "datasets/big/3.bin", "x"); // excluded: stays
        return new Setup(src, dst, inv, "inv/" + src + "/daily/");
    }

    /** Writes a CSV report of the source's real listing (plus versions and delete markers) to the inventory bucket. */
    private String publish(AwsKit aws, Setup s, Instant created) {
        return publish(aws, s, created, InventoryFixture.Format.CSV);
    }

    /** Writes a report of the source's real listing (plus versions and delete markers) to the inventory bucket. */
    private String publish(AwsKit aws, Setup s, Instant created, InventoryFixture.Format format) {
        S3Client s3 = aws.client(S3Client.class);
        List<InventoryFixture.Row> rows = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(s.src())).contents()) {
            rows.add(InventoryFixture.row(s.src(), o));
            if (o.key().equals("a0")) {
                // an older version of a0: not the current object, never planned
                rows.add(new InventoryFixture.Row(
                        s.src(), "a0", "old", false, false, 999L, Instant.parse("2020-01-01T00:00:00Z"), "abc"));
            }
        }
        // an object deleted before the report: its delete marker is latest, its last version is not
        rows.add(new InventoryFixture.Row(s.src(), "gone.txt", "m1", true, true, null, created, null));
        rows.add(new InventoryFixture.Row(s.src(), "gone.txt", "v1", false, false, 3L, created, "abc"));
        String folder = s.configFolder() + "2026-12-01T00-00Z/";
        // Parquet: row groups of 7 rows and pages of 3, so that the 20-odd rows of a file span several
        InventoryFixture.Report r = InventoryFixture.report(
                format,
                new InventoryFixture.ParquetStyle(
                        CompressionCodecName.SNAPPY, true, 1 << 20, 7, 3, ParquetProperties.WriterVersion.PARQUET_1_0),
                s.src(),
                s.inv(),
                s.configFolder(),
                rows,
                3,
                created,
                7);
        InventoryFixture.publish(s3, s.inv(), r, folder + "manifest.json");
        // an older report that must not be taken
        put(aws, s.inv(), s.configFolder() + "2026-11-30T00-00Z/manifest.json", "{ not the latest");
        return folder + "manifest.json";
    }

    private static List<String> lines(ByteArrayOutputStream out) {
        return List.of(out.toString(StandardCharsets.UTF_8).split("\n"));
    }

    @Test
    void fromInventory_plansExactlyWhatTheListingPlans_andTheSyncCompletes(AwsKit aws, TestResources res) {
        plansLikeTheListingAndCompletes(aws, res, InventoryFixture.Format.CSV);
    }

    @Test
    void fromParquetInventory_plansExactlyWhatTheListingPlans_andTheSyncCompletes(AwsKit aws, TestResources res) {
        plansLikeTheListingAndCompletes(aws, res, InventoryFixture.Format.PARQUET);
    }

    private void plansLikeTheListingAndCompletes(AwsKit aws, TestResources res, InventoryFixture.Format format) {
        Setup s = setup(aws, res, false);
        Instant created = Instant.now().minus(Duration.ofHours(5));
        publish(aws, s, created, format);

        ByteArrayOutputStream listed = new ByteArrayOutputStream();
        SyncReport byListing = Storage.of(aws)
                .sync("s3://" + s.src(), "s3://" + s.dst())
                .exclude("datasets/*")
                .include("datasets/keep.txt")
                .delete()
                .dryRun()
                .output(new PrintStream(listed, true, StandardCharsets.UTF_8))
                .run();
        ByteArrayOutputStream fromInventory = new ByteArrayOutputStream();
        SyncReport byInventory = Storage.of(aws)
                .sync("s3://" + s.src(), "s3://" + s.dst())
                .exclude("datasets/*")
                .include("datasets/keep.txt")
                .delete()
                .dryRun()
                .output(new PrintStream(fromInventory, true, StandardCharsets.UTF_8))
                .fromInventory("s3://" + s.inv() + "/" + s.configFolder())
                .run();

        assertThat(byListing.plannedCopies()).as(byListing.toString()).isEqualTo(KEYS.length - 1 - 2 - 1);
        assertThat(lines(fromInventory)).isEqualTo(lines(listed));
        assertThat(byInventory.plannedCopies()).isEqualTo(byListing.plannedCopies());
        assertThat(byInventory.plannedCopyBytes()).isEqualTo(byListing.plannedCopyBytes());
        assertThat(byInventory.plannedDeletes())
                .isEqualTo(byListing.plannedDeletes())
                .isEqualTo(1);
        assertThat(byInventory.skipped()).isEqualTo(byListing.skipped()).isEqualTo(1);
        assertThat(byInventory.inventoryManifest())
                .hasValue("s3://" + s.inv() + "/" + s.configFolder() + "2026-12-01T00-00Z/manifest.json");
        assertThat(byInventory.inventoryAge().orElseThrow()).isBetween(Duration.ofHours(5), Duration.ofHours(6));
        assertThat(byInventory.toString()).contains("planned from an inventory 5h ");

        SyncReport run = Storage.of(aws)
                .sync("s3://" + s.src(), "s3://" + s.dst())
                .exclude("datasets/*")
                .include("datasets/keep.txt")
                .delete()
                .fromInventory("s3://" + s.inv() + "/" + s.configFolder() + "2026-12-01T00-00Z/manifest.json")
                .run();
        assertThat(run.isSuccess()).as(run.toString()).isTrue();
        SyncReport after = Storage.of(aws)
                .sync("s3://" + s.src(), "s3://" + s.dst())
                .exclude("datasets/*")
                .include("datasets/keep.txt")
                .delete()
                .dryRun()
                .output(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .run();
        assertThat(after.plannedCopies() + after.plannedDeletes())
                .as(after.toString())
                .isZero();
        assertThat(keys(aws, s.dst())).doesNotContainKey("gone.txt").containsKey("datasets/big/3.bin");
    }

    @Test
    void fromInventory_keyWithANewline_plansLikeTheListing(AwsKit aws, TestResources res) {
        keyWithANewlinePlansLikeTheListing(aws, res, InventoryFixture.Format.CSV);
    }

    @Test
    void fromParquetInventory_keyWithANewline_plansLikeTheListing(AwsKit aws, TestResources res) {
        keyWithANewlinePlansLikeTheListing(aws, res, InventoryFixture.Format.PARQUET);
    }

    private void keyWithANewlinePlansLikeTheListing(AwsKit aws, TestResources res, InventoryFixture.Format format) {
        Setup s = setup(aws, res, true);
        publish(aws, s, Instant.now(), format);
        ByteArrayOutputStream listed = new ByteArrayOutputStream();
        Storage.of(aws)
                .sync("s3://" + s.src(), "s3://" + s.dst())
                .dryRun()
                .output(new PrintStream(listed, true, StandardCharsets.UTF_8))
                .run();
        ByteArrayOutputStream fromInventory = new ByteArrayOutputStream();
        Storage.of(aws)
                .sync("s3://" + s.src(), "s3://" + s.dst())
                .dryRun()
                .output(new PrintStream(fromInventory, true, StandardCharsets.UTF_8))
                .fromInventory("s3://" + s.inv() + "/" + s.configFolder())
                .run();
        assertThat(listed.toString(StandardCharsets.UTF_8)).contains("line\nbreak.txt");
        assertThat(fromInventory.toString(StandardCharsets.UTF_8)).isEqualTo(listed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void fromInventory_whenADataFileIsCorrupt_failsNamingItAndWritesNothing(AwsKit aws, TestResources res) {
        corruptFileFailsAndWritesNothing(aws, res, InventoryFixture.Format.CSV);
    }

    @Test
    void fromParquetInventory_whenADataFileIsCorrupt_failsNamingItAndWritesNothing(AwsKit aws, TestResources res) {
        corruptFileFailsAndWritesNothing(aws, res, InventoryFixture.Format.PARQUET);
    }

    private void corruptFileFailsAndWritesNothing(AwsKit aws, TestResources res, InventoryFixture.Format format) {
        Setup s = setup(aws, res, false);
        publish(aws, s, Instant.now(), format);
        S3Client s3 = aws.client(S3Client.class);
        String data = s3.listObjectsV2(b -> b.bucket(s.inv()).prefix(s.configFolder() + "data/"))
                .contents()
                .get(1)
                .key();
        byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(s.inv()).key(data)).asByteArray();
        bytes[bytes.length / 2] ^= 1;
        s3.putObject(b -> b.bucket(s.inv()).key(data), RequestBody.fromBytes(bytes));
        Map<String, Long> before = keys(aws, s.dst());

        assertThatThrownBy(() -> Storage.of(aws)
                        .sync("s3://" + s.src(), "s3://" + s.dst())
                        .delete()
                        .fromInventory("s3://" + s.inv() + "/" + s.configFolder())
                        .run())
                .isInstanceOf(AwsKitException.class)
                .hasMessageContaining("The inventory file s3://" + s.inv() + "/" + data)
                .hasMessageContaining("Nothing was planned");
        assertThat(keys(aws, s.dst())).isEqualTo(before);
    }

    @Test
    void fromInventory_whenADataFileIsMissing_failsNamingItAndWritesNothing(AwsKit aws, TestResources res) {
        Setup s = setup(aws, res, false);
        publish(aws, s, Instant.now());
        S3Client s3 = aws.client(S3Client.class);
        String data = s3.listObjectsV2(b -> b.bucket(s.inv()).prefix(s.configFolder() + "data/"))
                .contents()
                .get(2)
                .key();
        s3.deleteObject(b -> b.bucket(s.inv()).key(data));
        Map<String, Long> before = keys(aws, s.dst());

        assertThatThrownBy(() -> Storage.of(aws)
                        .sync("s3://" + s.src(), "s3://" + s.dst())
                        .delete()
                        .fromInventory("s3://" + s.inv() + "/" + s.configFolder())
                        .run())
                .isInstanceOf(AwsKitException.class)
                .hasMessageStartingWith("The inventory file s3://" + s.inv() + "/" + data + " does not exist")
                .hasMessageContaining("Nothing was planned");
        assertThat(keys(aws, s.dst())).isEqualTo(before);
    }

    @Test
    void fromInventory_whenTheManifestIsNotJson_failsNamingItAndWritesNothing(AwsKit aws, TestResources res) {
        Setup s = setup(aws, res, false);
        String manifest = publish(aws, s, Instant.now());
        put(aws, s.inv(), manifest, "{\"sourceBucket\": ");
        Map<String, Long> before = keys(aws, s.dst());

        assertThatThrownBy(() -> Storage.of(aws)
                        .sync("s3://" + s.src(), "s3://" + s.dst())
                        .delete()
                        .fromInventory("s3://" + s.inv() + "/" + manifest)
                        .run())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The inventory manifest s3://" + s.inv() + "/" + manifest + " is not JSON");
        assertThat(keys(aws, s.dst())).isEqualTo(before);
    }

    @Test
    void fromInventory_ofAnotherBucket_isRefused(AwsKit aws, TestResources res) {
        Setup s = setup(aws, res, false);
        publish(aws, s, Instant.now());
        String other = bucket(aws, res);

        assertThatThrownBy(() -> Storage.of(aws)
                        .sync("s3://" + other, "s3://" + s.dst())
                        .fromInventory("s3://" + s.inv() + "/" + s.configFolder())
                        .run())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lists bucket '" + s.src() + "', but the sync's source is bucket '" + other);
    }
}
