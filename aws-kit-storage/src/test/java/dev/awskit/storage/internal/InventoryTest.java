package dev.awskit.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.awskit.core.AwsKitException;
import dev.awskit.storage.InventoryFixture;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;

/**
 * Reading S3 Inventory reports without a server: an in-memory bucket holds manifests and gzip CSV
 * files written as the S3 user guide describes them, and Parquet files written by Apache parquet-java
 * ({@link InventoryFixture}), whose rows are the oracle.
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
    void read_orcReport_isRefusedSayingToUseCsvOrParquet() throws Exception {
        String uri = publish("ORC", "struct<bucket:string,key:string>", List.of());

        assertThatThrownBy(() -> Inventory.read(store, uri, "src", "", 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The inventory " + uri + " is in ORC; aws-kit reads CSV and Parquet inventories (ORC is"
                        + " not read yet): configure the inventory with format CSV or Parquet");
    }

    // ---- Parquet: files written by Apache parquet-java, the oracle being the rows written ----

    private static final String PQ_DATA = "inv/src/cfg/data/f";

    /** Publishes {@code files} (Parquet bytes each) as one report; returns the manifest URI. */
    private String publishParquet(List<byte[]> files) {
        return publishParquet(files, InventoryFixture.PARQUET_SCHEMA);
    }

    private String publishParquet(List<byte[]> files, String schema) {
        Map<String, byte[]> named = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            named.put(PQ_DATA + i + ".parquet", files.get(i));
            objects.put("inv/" + PQ_DATA + i + ".parquet", files.get(i));
        }
        String manifest = InventoryFixture.manifest(
                "src", "inv", Instant.parse("2026-12-01T10:00:00Z"), "Parquet", schema, named);
        objects.put("inv/inv/src/cfg/2026-12-01T10-00Z/manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
        return "s3://inv/inv/src/cfg/2026-12-01T10-00Z/manifest.json";
    }

    /**
     * Rows of {@code n} distinct random keys as S3 Inventory lists a versioned bucket: most keys a
     * current version; some also an older version (is_latest false); some deleted (a delete marker
     * with no size, date or ETag, and an older version); some without an ETag; some with is_latest
     * and is_delete_marker null.
     */
    private static List<InventoryFixture.Row> versionedRows(Random r, int n) {
        Set<String> keys = new LinkedHashSet<>();
        while (keys.size() < n) {
            keys.add(randomKey(r));
        }
        List<InventoryFixture.Row> rows = new ArrayList<>();
        for (String k : keys) {
            long size = r.nextInt(10) == 0 ? 0 : (long) (r.nextDouble() * 5e12);
            Instant t = Instant.ofEpochMilli(1_500_000_000_000L + (long) (r.nextDouble() * 3e11));
            String etag = HexFormat.of().formatHex(new byte[] {(byte) r.nextInt(), (byte) k.hashCode()}) + "-2";
            int kind = r.nextInt(20);
            if (kind < 2) {
                rows.add(new InventoryFixture.Row("src", k, "m", true, true, null, t, null));
                rows.add(new InventoryFixture.Row("src", k, "v", false, false, size, t, etag));
            } else {
                rows.add(new InventoryFixture.Row(
                        "src",
                        k,
                        "v",
                        kind == 2 ? null : true,
                        kind == 2 ? null : false,
                        size,
                        t,
                        kind == 3 ? null : etag));
                if (kind < 6) {
                    rows.add(new InventoryFixture.Row("src", k, "old", false, false, size + 1, t, "0"));
                }
            }
        }
        return rows;
    }

    /** What a plan must see of {@code rows}: current versions under {@code root}, in code point order. */
    private static List<Entry> expected(List<InventoryFixture.Row> rows, String root) {
        List<Entry> out = new ArrayList<>();
        for (InventoryFixture.Row row : rows) {
            if (Boolean.TRUE.equals(row.marker())
                    || Boolean.FALSE.equals(row.latest())
                    || !row.key().startsWith(root)) {
                continue;
            }
            String rel = row.key().substring(root.length());
            if (rel.isEmpty() || (row.size() == 0 && rel.endsWith("/"))) {
                continue;
            }
            out.add(new Entry(rel, row.size(), row.modified().toEpochMilli(), row.etag()));
        }
        out.sort((a, b) -> codePointOrder(a.key(), b.key()));
        return out;
    }

    private List<Entry> readAll(String uri, String root, int runSize) {
        List<Entry> got = new ArrayList<>();
        try (Inventory inv = Inventory.read(store, uri, "src", root, runSize)) {
            inv.listing(root).forEachRemaining(got::add);
        }
        return got;
    }

    private static List<byte[]> parquetFiles(
            List<InventoryFixture.Row> rows, int files, InventoryFixture.ParquetStyle style) {
        List<InventoryFixture.Row> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(3));
        List<byte[]> out = new ArrayList<>();
        for (int f = 0; f < files; f++) {
            List<InventoryFixture.Row> part = new ArrayList<>();
            for (int i = f; i < shuffled.size(); i += files) {
                part.add(shuffled.get(i));
            }
            out.add(InventoryFixture.parquet(part, style));
        }
        return out;
    }

    private static InventoryFixture.ParquetStyle style(
            CompressionCodecName codec, boolean dictionary, int dictionaryBytes, WriterVersion version) {
        return new InventoryFixture.ParquetStyle(codec, dictionary, dictionaryBytes, 400, 90, version);
    }

    @Test
    void read_parquetByParquetJava_everyCodecAndEncodingS3Uses_givesTheCurrentVersionsInKeyOrder() {
        List<InventoryFixture.ParquetStyle> styles = List.of(
                style(CompressionCodecName.UNCOMPRESSED, false, 1 << 20, WriterVersion.PARQUET_1_0),
                style(CompressionCodecName.SNAPPY, true, 1 << 20, WriterVersion.PARQUET_1_0),
                // a dictionary of 2 KB fills up: the rest of each key chunk falls back to PLAIN pages
                style(CompressionCodecName.SNAPPY, true, 2048, WriterVersion.PARQUET_1_0),
                style(CompressionCodecName.GZIP, true, 1 << 20, WriterVersion.PARQUET_1_0),
                style(CompressionCodecName.GZIP, false, 1 << 20, WriterVersion.PARQUET_1_0),
                style(CompressionCodecName.SNAPPY, true, 1 << 20, WriterVersion.PARQUET_2_0),
                style(CompressionCodecName.UNCOMPRESSED, true, 1 << 20, WriterVersion.PARQUET_2_0),
                // v2 without a dictionary: DELTA_BYTE_ARRAY strings, DELTA_BINARY_PACKED integers
                style(CompressionCodecName.SNAPPY, false, 1 << 20, WriterVersion.PARQUET_2_0),
                // v2 whose dictionary fills up: the rest falls back to the DELTA encodings
                style(CompressionCodecName.GZIP, true, 2048, WriterVersion.PARQUET_2_0));
        for (InventoryFixture.ParquetStyle st : styles) {
            List<InventoryFixture.Row> rows = versionedRows(new Random(99), 2500);
            String uri = publishParquet(parquetFiles(rows, 3, st));
            // runs of 300: several runs and one merge
            assertThat(readAll(uri, "", 300)).as(st.toString()).isEqualTo(expected(rows, ""));
        }
    }

    @Test
    void read_parquetUnderARoot_keepsOnlyItsKeys_relativeToIt_notUrlDecoded() {
        List<InventoryFixture.Row> rows = new ArrayList<>();
        Instant t = Instant.parse("2026-12-01T10:00:00.123Z");
        for (String k : List.of("logs/a b+c%20.txt", "logs/", "other/b", "logs/c/d", "logs/\uD83D\uDE00", "logsx")) {
            rows.add(new InventoryFixture.Row("src", k, null, null, null, (long) k.length(), t, "\"e\""));
        }
        String uri = publishParquet(List.of(InventoryFixture.parquet(
                rows, style(CompressionCodecName.SNAPPY, true, 1 << 20, WriterVersion.PARQUET_1_0))));

        assertThat(readAll(uri, "logs/", 100))
                .containsExactly(
                        new Entry("a b+c%20.txt", 17, t.toEpochMilli(), "e"),
                        new Entry("c/d", 8, t.toEpochMilli(), "e"),
                        new Entry("\uD83D\uDE00", 7, t.toEpochMilli(), "e"));
    }

    @Test
    void read_parquetWhoseMd5DiffersFromTheManifest_failsBeforeParsingIt() {
        byte[] good = InventoryFixture.parquet(
                versionedRows(new Random(1), 10),
                style(CompressionCodecName.SNAPPY, true, 1 << 20, WriterVersion.PARQUET_1_0));
        String uri = publishParquet(List.of(good));
        byte[] bad = good.clone();
        bad[bad.length / 2] ^= 1;
        objects.put("inv/" + PQ_DATA + "0.parquet", bad);

        assertThatThrownBy(() -> Inventory.read(store, uri, "src", "", 100))
                .isInstanceOf(AwsKitException.class)
                .hasMessage("The inventory file s3://inv/" + PQ_DATA + "0.parquet has MD5 "
                        + InventoryFixture.md5(bad) + ", but the manifest " + uri + " says "
                        + InventoryFixture.md5(good)
                        + ": the file is corrupt or was replaced. Nothing was planned; use another report.");
    }

    @Test
    void read_parquetRowOfACurrentObjectWithoutSize_failsNamingFileAndRow() {
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        List<InventoryFixture.Row> rows = List.of(
                new InventoryFixture.Row("src", "a", "v", true, false, 1L, t, "e"),
                new InventoryFixture.Row("src", "b", "v", true, false, null, t, "e"));
        String uri = publishParquet(List.of(InventoryFixture.parquet(
                rows, style(CompressionCodecName.SNAPPY, true, 1 << 20, WriterVersion.PARQUET_1_0))));

        assertThatThrownBy(() -> Inventory.read(store, uri, "src", "", 100))
                .isInstanceOf(AwsKitException.class)
                .hasMessage("The inventory file s3://inv/" + PQ_DATA + "0.parquet row 2 is malformed: size is null"
                        + " for 'b', which is neither a delete marker nor an older version. Nothing was planned.");
    }

    @Test
    void read_parquetRowOfAnotherBucket_failsNamingFileAndRow() {
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        String uri = publishParquet(List.of(InventoryFixture.parquet(
                List.of(new InventoryFixture.Row("other", "a", "v", true, false, 1L, t, "e")),
                style(CompressionCodecName.UNCOMPRESSED, false, 1 << 20, WriterVersion.PARQUET_1_0))));

        assertThatThrownBy(() -> Inventory.read(store, uri, "src", "", 100))
                .isInstanceOf(AwsKitException.class)
                .hasMessage("The inventory file s3://inv/" + PQ_DATA + "0.parquet row 1 is malformed: it lists bucket"
                        + " 'other', not 'src'. Nothing was planned.");
    }

    @Test
    void read_parquetInACodecS3DoesNotUse_isRefusedNamingColumnAndCodec() {
        String uri = publishParquet(List.of(InventoryFixture.parquet(
                versionedRows(new Random(2), 50),
                style(CompressionCodecName.ZSTD, true, 1 << 20, WriterVersion.PARQUET_1_0))));

        assertThatThrownBy(() -> Inventory.read(store, uri, "src", "", 100))
                .isInstanceOf(AwsKitException.class)
                .hasMessage("The inventory file s3://inv/" + PQ_DATA + "0.parquet compresses column bucket with ZSTD;"
                        + " aws-kit reads UNCOMPRESSED, SNAPPY and GZIP Parquet files. Nothing was planned.");
    }

    @Test
    void read_parquetManifestWithoutSize_isRefusedNamingTheColumns() {
        String uri = publishParquet(
                List.of(), "message s3.inventory { required binary bucket (UTF8); required binary key (UTF8);}");

        assertThatThrownBy(() -> Inventory.read(store, uri, "src", "", 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "The inventory " + uri + " has the columns [bucket, key]; planning a sync needs bucket, key,"
                                + " size and last_modified_date (add the optional fields Size, LastModifiedDate and ETag to the"
                                + " inventory configuration)");
    }

    @Test
    void read_parquetSchemaAsNewerParquetWritersPrintIt_isAccepted() {
        // manifests S3 delivers today print logical types: (STRING), (TIMESTAMP(MILLIS,true))
        String schema = "message s3.inventory {  required binary bucket (STRING);  required binary key (STRING);"
                + "  optional int64 size;  optional int64 last_modified_date (TIMESTAMP(MILLIS,true));}";
        List<InventoryFixture.Row> rows = versionedRows(new Random(4), 30);
        String uri = publishParquet(
                List.of(InventoryFixture.parquet(
                        rows, style(CompressionCodecName.SNAPPY, true, 1 << 20, WriterVersion.PARQUET_1_0))),
                schema);

        assertThat(readAll(uri, "", 100)).isEqualTo(expected(rows, ""));
    }

    /** Seeded mutations of {@code valid}: flipped bits, random bytes, cut tails, copied ranges. */
    private static byte[] mutate(byte[] valid, Random r) {
        byte[] b = valid.clone();
        int kind = r.nextInt(4);
        if (kind == 0) {
            for (int i = 1 + r.nextInt(4); i > 0; i--) {
                b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
            }
        } else if (kind == 1) {
            for (int i = 1 + r.nextInt(4); i > 0; i--) {
                b[r.nextInt(b.length)] = (byte) r.nextInt();
            }
        } else if (kind == 2) {
            b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
        } else {
            int len = 1 + r.nextInt(Math.min(32, b.length - 1));
            int from = r.nextInt(b.length - len);
            int to = r.nextInt(b.length - len);
            System.arraycopy(valid, from, b, to, len);
        }
        return b;
    }

    @Test
    void read_parquetFuzzed_givesRowsOrAnAwsKitExceptionNamingTheFile_neverAnotherException() {
        byte[] valid = InventoryFixture.parquet(
                versionedRows(new Random(8), 300),
                style(CompressionCodecName.SNAPPY, true, 1024, WriterVersion.PARQUET_1_0));
        byte[] gzip = InventoryFixture.parquet(
                versionedRows(new Random(9), 200),
                new InventoryFixture.ParquetStyle(
                        CompressionCodecName.GZIP, true, 1 << 20, 100, 30, WriterVersion.PARQUET_2_0));
        byte[] delta = InventoryFixture.parquet(
                versionedRows(new Random(10), 200),
                new InventoryFixture.ParquetStyle(
                        CompressionCodecName.UNCOMPRESSED, false, 1 << 20, 100, 30, WriterVersion.PARQUET_2_0));
        byte[][] valids = {valid, gzip, delta};
        Random r = new Random(20261203);
        int failed = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] b = mutate(valids[i % 3], r);
            String uri = publishParquet(List.of(b));
            try {
                readAll(uri, "", 1000);
            } catch (AwsKitException e) {
                failed++;
                assertThat(e.getMessage())
                        .as("mutation %d", i)
                        .startsWith("The inventory file s3://inv/" + PQ_DATA + "0.parquet ")
                        .endsWith("Nothing was planned.");
            }
        }
        assertThat(failed).isGreaterThan(1500);
    }

    @Test
    void read_aOneMegabyteParquetFile_validOrMutated_isReadWithoutHanging() {
        List<InventoryFixture.Row> rows = new ArrayList<>();
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        for (int i = 0; i < 10_000; i++) {
            rows.add(new InventoryFixture.Row(
                    "src", "k/" + i + "/" + "x".repeat(80), null, null, null, (long) i, t, "e"));
        }
        byte[] big = InventoryFixture.parquet(
                rows, style(CompressionCodecName.UNCOMPRESSED, false, 1 << 20, WriterVersion.PARQUET_1_0));
        assertThat(big.length).isGreaterThan(1 << 20);
        Random r = new Random(5);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThat(readAll(publishParquet(List.of(big)), "", 100_000)).hasSize(10_000);
            for (int i = 0; i < 5; i++) {
                try {
                    readAll(publishParquet(List.of(mutate(big, r))), "", 100_000);
                } catch (AwsKitException expected) {
                    assertThat(expected.getMessage()).startsWith("The inventory file s3://inv/");
                }
            }
        });
    }

    @Test
    void snappy_decompressesWhatSnappyJavaCompresses() throws Exception {
        Random r = new Random(17);
        for (int i = 0; i < 2000; i++) {
            byte[] data = new byte[r.nextInt(i < 1000 ? 300 : 70_000)];
            for (int p = 0; p < data.length; ) {
                // runs and repeats, so that every kind of copy is made, and random literals
                int len = Math.min(data.length - p, 1 + r.nextInt(100));
                if (r.nextBoolean() && p > 0) {
                    int from = r.nextInt(p);
                    for (int j = 0; j < len; j++) {
                        data[p + j] = data[from + j];
                    }
                } else {
                    for (int j = 0; j < len; j++) {
                        data[p + j] = (byte) r.nextInt(r.nextBoolean() ? 4 : 256);
                    }
                }
                p += len;
            }
            byte[] c = org.xerial.snappy.Snappy.compress(data);
            assertThat(Snappy.decompress(c, 0, c.length, data.length)).isEqualTo(data);
        }
    }

    @Test
    void snappy_randomAndMutatedBlocks_giveBytesOrAnIllegalArgumentException() throws Exception {
        Random r = new Random(23);
        byte[] valid = org.xerial.snappy.Snappy.compress(
                "abcabcabcabc hello hello hello".repeat(20).getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 5000; i++) {
            byte[] b = mutate(valid, r);
            try {
                Snappy.decompress(b, 0, b.length, r.nextInt(10) == 0 ? r.nextInt(1000) : 600);
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).contains("Snappy");
            }
        }
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
