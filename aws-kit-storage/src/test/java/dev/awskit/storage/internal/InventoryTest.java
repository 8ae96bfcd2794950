package dev.awskit.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.awskit.core.AwsKitException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Reading S3 Inventory reports without a server: an in-memory bucket holds manifests and gzip CSV
 * files written as the S3 user guide describes them.
 */
class InventoryTest {
    private static final String SCHEMA = "Bucket, Key, Size, LastModifiedDate, ETag, IsLatest, IsDeleteMarker";

    private final Map<String, byte[]> objects = new HashMap<>();

    private final Inventory.Store store = new Inventory.Store() {
        @Override
        public InputStream open(String bucket, String key) {
            byte[] b = objects.get(bucket + "/" + key);
            if (b == null) {
                throw new AwsKitException("The inventory file s3://" + bucket + "/" + key + " does not exist");
            }
            return new ByteArrayInputStream(b);
        }

        @Override
        public String latestReport(String bucket, String prefix) {
            return null;
        }
    };

    private static String q(String s) {
        return "\"" + s + "\"";
    }

    private static String row(String key, long size) {
        return String.join(
                ",",
                q("src"),
                q(URLEncoder.encode(key, StandardCharsets.UTF_8)),
                q(Long.toString(size)),
                q("2026-12-01T10:00:00.000Z"),
                q("0123456789abcdef0123456789abcdef"),
                q("true"),
                q("false"));
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    private static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }

    /** Publishes {@code files} (CSV text each) as one report; returns the manifest URI. */
    private String publish(String format, String schema, List<String> files) throws Exception {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < files.size(); i++) {
            byte[] gz = gzip(files.get(i));
            String key = "inv/src/cfg/data/f" + i + ".csv.gz";
            objects.put("inv/" + key, gz);
            list.append(i == 0 ? "" : ",")
                    .append("{\"key\":\"")
                    .append(key)
                    .append("\",\"size\":")
                    .append(gz.length)
                    .append(",\"MD5checksum\":\"")
                    .append(md5(gz))
                    .append("\"}");
        }
        String manifest = "{\"sourceBucket\":\"src\",\"destinationBucket\":\"arn:aws:s3:::inv\","
                + "\"version\":\"2016-11-30\",\"creationTimestamp\":\"1764583200000\",\"fileFormat\":\"" + format
                + "\",\"fileSchema\":\"" + schema + "\",\"files\":[" + list + "]}";
        objects.put("inv/inv/src/cfg/2026-12-01T10-00Z/manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
        return "s3://inv/inv/src/cfg/2026-12-01T10-00Z/manifest.json";
    }

    /** Code point order, written independently of {@link Keys#compare}. */
    private static int codePointOrder(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (x[i] != y[i]) {
                return Integer.compare(x[i], y[i]);
            }
        }
        return Integer.compare(x.length, y.length);
    }

    private static String randomKey(Random r) {
        String[] parts = {"a", "b", "/", " ", "+", "%", "é", "\uD83D\uDE00", "\uFFFD", "\uE000", "0", "-", "\n"};
        StringBuilder b = new StringBuilder();
        int n = 1 + r.nextInt(8);
        for (int i = 0; i < n; i++) {
            b.append(parts[r.nextInt(parts.length)]);
        }
        return b.toString();
    }

    @Test
    void read_rowsOverManyFilesAndMoreRunsThanOneMerge_comeOutInS3KeyOrder() throws Exception {
        Random r = new Random(42);
        Set<String> keys = new LinkedHashSet<>();
        while (keys.size() < 2000) {
            keys.add(randomKey(r));
        }
        List<String> shuffled = new ArrayList<>(keys);
        Collections.shuffle(shuffled, r);
        List<String> files = new ArrayList<>();
        for (int f = 0; f < 5; f++) {
            StringBuilder csv = new StringBuilder();
            for (int i = f; i < shuffled.size(); i += 5) {
                csv.append(row(shuffled.get(i), i)).append('\n');
            }
            files.add(csv.toString());
        }
        String uri = publish("CSV", SCHEMA, files);

        List<String> got = new ArrayList<>();
        // 2000 rows in runs of 7: 286 runs, more than one merge takes (128), so runs are merged twice
        try (Inventory inv = Inventory.read(store, uri, "src", "", 7)) {
            Listing l = inv.listing("");
            l.forEachRemaining(e -> got.add(e.key()));
            assertThat(inv.rows()).isEqualTo(2000);
            assertThat(inv.created()).isEqualTo(Instant.parse("2025-12-01T10:00:00Z"));
        }
        List<String> expected = new ArrayList<>(keys);
        expected.sort(InventoryTest::codePointOrder);
        assertThat(got).isEqualTo(expected);
    }

    @Test
    void read_underARoot_keepsOnlyItsKeysRelativeToIt_andSkipsOldVersionsAndDeleteMarkers() throws Exception {
        String csv = row("logs/a", 1) + "\n" + row("logs/", 0) + "\n" + row("other/b", 2) + "\n"
                + row("logs/c/d", 3) + "\n"
                + String.join(
                        ",", q("src"), q("logs/old"), q("5"), q("2026-12-01T10:00:00Z"), q("e"), q("false"), q("false"))
                + "\n"
                + String.join(
                        ",", q("src"), q("logs/marker"), q(""), q("2026-12-01T10:00:00Z"), q(""), q("true"), q("true"))
                + "\n";
        String uri = publish("CSV", SCHEMA, List.of(csv));
        List<Entry> got = new ArrayList<>();
        try (Inventory inv = Inventory.read(store, uri, "src", "logs/", 100)) {
            inv.listing("logs/").forEachRemaining(got::add);
        }
        assertThat(got)
                .containsExactly(
                        new Entry(
                                "a",
                                1,
                                Instant.parse("2026-12-01T10:00:00Z").toEpochMilli(),
                                "0123456789abcdef0123456789abcdef"),
                        new Entry(
                                "c/d",
                                3,
                                Instant.parse("2026-12-01T10:00:00Z").toEpochMilli(),
                                "0123456789abcdef0123456789abcdef"));
    }

    @Test
    void read_whenAFileDiffersFromItsManifestMd5_failsNamingBothChecksums() throws Exception {
        String uri = publish("CSV", SCHEMA, List.of(row("a", 1) + "\n"));
        byte[] other = gzip(row("b", 2) + "\n"); // valid gzip, other content
        objects.put("inv/inv/src/cfg/data/f0.csv.gz", other);

        assertThatThrownBy(() -> Inventory.read(store, uri, "src", "", 100))
                .isInstanceOf(AwsKitException.class)
                .hasMessage("The inventory file s3://inv/inv/src/cfg/data/f0.csv.gz has MD5 " + md5(other)
                        + ", but the manifest " + uri + " says " + md5(gzip(row("a", 1) + "\n"))
                        + ": the file is corrupt or was replaced. Nothing was planned; use another report.");
    }

    @Test
    void read_aMalformedRow_failsNamingFileAndLine() throws Exception {
        String uri =
                publish("CSV", SCHEMA, List.of(row("a", 1) + "\n" + row("b", 2).replace("\"2\"", "\"two\"")));

        assertThatThrownBy(() -> Inventory.read(store, uri, "src", "", 100))
                .isInstanceOf(AwsKitException.class)
                .hasMessage("The inventory file s3://inv/inv/src/cfg/data/f0.csv.gz line 2 is malformed: Size 'two'"
                        + " is not a number. Nothing was planned.");
    }

    @Test
    void read_parquetReport_isRefusedSayingToUseCsv() throws Exception {
        String uri = publish("Parquet", "message s3.inventory { required binary bucket; }", List.of());

        assertThatThrownBy(() -> Inventory.read(store, uri, "src", "", 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The inventory " + uri + " is in Parquet; aws-kit reads CSV inventories (Parquet and ORC"
                        + " are not read yet): configure the inventory with format CSV");
    }

    @Test
    void read_withoutSizeOrDateColumns_isRefusedNamingThem() throws Exception {
        String uri = publish("CSV", "Bucket, Key", List.of());

        assertThatThrownBy(() -> Inventory.read(store, uri, "src", "", 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The inventory " + uri + " has the columns [Bucket, Key]; planning a sync needs Bucket,"
                        + " Key, Size and LastModifiedDate (add the optional fields Size, LastModifiedDate and ETag"
                        + " to the inventory configuration)");
    }

    @Test
    void read_manifestWithoutFiles_isRefusedNamingTheField() {
        objects.put(
                "inv/m.json",
                ("{\"sourceBucket\":\"src\",\"destinationBucket\":\"x\",\"fileFormat\":\"CSV\","
                                + "\"fileSchema\":\"Bucket\",\"creationTimestamp\":\"1\"}")
                        .getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> Inventory.read(store, "s3://inv/m.json", "src", "", 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The inventory manifest s3://inv/m.json has no \"files\" array");
    }

    @Test
    void csv_quotedFieldsRoundTrip_forRandomFields() {
        Random r = new Random(7);
        String alphabet = "ab,\" \n%+é\uD83D\uDE00";
        for (int i = 0; i < 3000; i++) {
            List<String> fields = new ArrayList<>();
            int n = 1 + r.nextInt(6);
            StringBuilder line = new StringBuilder();
            for (int f = 0; f < n; f++) {
                StringBuilder v = new StringBuilder();
                for (int c = r.nextInt(6); c > 0; c--) {
                    v.append(alphabet.charAt(r.nextInt(alphabet.length())));
                }
                String s = v.toString().replace("\uD83D", "\uD83D\uDE00").replace("\uDE00\uDE00", "\uDE00");
                fields.add(s);
                line.append(f == 0 ? "" : ",")
                        .append('"')
                        .append(s.replace("\"", "\"\""))
                        .append('"');
            }
            assertThat(InventoryCsv.parse(line.toString())).as(line.toString()).isEqualTo(fields);
        }
    }

    @Test
    void csv_randomLines_giveFieldsOrAnIllegalArgumentExceptionWithAMessage() {
        Random r = new Random(11);
        String alphabet = "a,\"\" ,%\\";
        for (int i = 0; i < 5000; i++) {
            StringBuilder line = new StringBuilder();
            for (int c = r.nextInt(20); c > 0; c--) {
                line.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            try {
                assertThat(InventoryCsv.parse(line.toString())).isNotEmpty();
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).startsWith("field ");
            }
        }
    }

    @Test
    void rows_randomRows_giveAnEntryNothingOrAnIllegalArgumentExceptionWithAMessage() {
        Inventory.Columns cols = Inventory.Columns.of(List.of(SCHEMA.split(", ")), "s3://inv/m.json");
        Random r = new Random(13);
        String[] pieces = {
            "\"src\"",
            "\"a%2\"",
            "\"a%zz\"",
            "\"1\"",
            "\"-1\"",
            "\"x\"",
            "\"2026-12-01T10:00:00Z\"",
            "\"true\"",
            "\"false\"",
            "\"\"",
            "\"other\"",
            ","
        };
        for (int i = 0; i < 5000; i++) {
            StringBuilder line = new StringBuilder();
            for (int c = r.nextInt(16); c > 0; c--) {
                line.append(pieces[r.nextInt(pieces.length)]);
            }
            try {
                cols.parse(line.toString(), "src", "");
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
    }

    @Test
    void csv_aOneMegabyteLine_isParsedWithoutHanging() {
        String big = "\"" + "a".repeat(1 << 20) + "\",\"" + "\"\"".repeat(1 << 18);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThatThrownBy(() -> InventoryCsv.parse(big))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("field 2 opens a quote at character 1048580 that is never closed");
            assertThat(InventoryCsv.parse(big + "\"")).hasSize(2);
        });
    }
}
