package dev.awskit.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Writes S3 Inventory reports the way the S3 user guide describes them (storage-inventory-location
 * and storage-inventory pages): a manifest.json naming each data file with its size and MD5, and the
 * data files either as gzip CSV (every field quoted, keys URL-encoded) or as Apache Parquet written by
 * Apache parquet-java (parquet-hadoop, test scope only), an implementation independent of the kit's
 * reader, in the schema the user guide's Parquet manifest shows (keys as they are). The rows are
 * spread over the files at random and are in no order.
 *
 * <p>Shared by the inventory tests of both packages ({@code InventoryIT}, {@code InventoryTest}); the
 * Batch Operations completion report (a manifest.json over CSV files) could be written by {@link
 * #manifest} and {@link #md5} too.
 */
public final class InventoryFixture {
    /** The CSV fileSchema of a report of all versions. */
    public static final String VERSIONED_SCHEMA =
            "Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, ETag, StorageClass";

    /** The same fields in Parquet, as the S3 user guide's Parquet manifest example spells them. */
    public static final String PARQUET_SCHEMA = "message s3.inventory { required binary bucket (UTF8);"
            + " required binary key (UTF8); optional binary version_id (UTF8); optional boolean is_latest;"
            + " optional boolean is_delete_marker; optional int64 size; optional int64 last_modified_date"
            + " (TIMESTAMP_MILLIS); optional binary e_tag (UTF8); optional binary storage_class (UTF8);}";

    /** The data files' format. */
    public enum Format {
        CSV,
        PARQUET
    }

    /**
     * How parquet-java writes the files: codec, dictionary encoding and the dictionary's size limit
     * (past it, parquet-java falls back to PLAIN for the rest of the column chunk, as it does for the
     * keys of a large bucket), rows per row group and per page (small, so that a few thousand rows make
     * several of each), writer version (v1: data pages v1, PLAIN_DICTIONARY; v2: data pages v2,
     * RLE_DICTIONARY, RLE booleans, DELTA_* without dictionary).
     */
    public record ParquetStyle(
            CompressionCodecName codec,
            boolean dictionary,
            int dictionaryPageBytes,
            int rowGroupRows,
            int pageRows,
            WriterVersion version) {}

    /** One row of the versioned schema; {@code null} where S3 leaves a field empty. */
    public record Row(
            String bucket,
            String key,
            String version,
            Boolean latest,
            Boolean marker,
            Long size,
            Instant modified,
            String etag) {}

    /** One report: data file names to their bytes, and the manifest. */
    public record Report(Map<String, byte[]> files, String manifest) {}

    private InventoryFixture() {}

    /** The current version of a listed object. */
    public static Row row(String bucket, S3Object o) {
        return new Row(
                bucket,
                o.key(),
                "v-" + Integer.toHexString(o.key().hashCode()),
                true,
                false,
                o.size(),
                o.lastModified(),
                o.eTag().replace("\"", ""));
    }

    /** A CSV line of the versioned schema. */
    public static String csv(Row r) {
        return String.join(
                ",",
                q(r.bucket()),
                q(URLEncoder.encode(r.key(), StandardCharsets.UTF_8)),
                q(r.version() == null ? "" : r.version()),
                q(r.latest() == null ? "" : r.latest().toString()),
                q(r.marker() == null ? "" : r.marker().toString()),
                q(r.size() == null ? "" : r.size().toString()),
                q(r.modified() == null ? "" : r.modified().toString()),
                q(r.etag() == null ? "" : r.etag()),
                q("STANDARD"));
    }

    private static String q(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    /** A Parquet file of {@code rows} in {@link #PARQUET_SCHEMA}, written by parquet-java. */
    public static byte[] parquet(List<Row> rows, ParquetStyle style) {
        MessageType schema = MessageTypeParser.parseMessageType(PARQUET_SCHEMA);
        Path dir = null;
        try {
            dir = Files.createTempDirectory("inventory-fixture");
            Path file = dir.resolve("f.parquet");
            try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file))
                    .withType(schema)
                    .withCompressionCodec(style.codec())
                    .withDictionaryEncoding(style.dictionary())
                    .withDictionaryPageSize(style.dictionaryPageBytes())
                    .withWriterVersion(style.version())
                    .withRowGroupRowCountLimit(style.rowGroupRows())
                    .withPageRowCountLimit(style.pageRows())
                    .build()) {
                SimpleGroupFactory groups = new SimpleGroupFactory(schema);
                for (Row r : rows) {
                    Group g = groups.newGroup().append("bucket", r.bucket()).append("key", r.key());
                    if (r.version() != null) {
                        g.append("version_id", r.version());
                    }
                    if (r.latest() != null) {
                        g.append("is_latest", r.latest());
                    }
                    if (r.marker() != null) {
                        g.append("is_delete_marker", r.marker());
                    }
                    if (r.size() != null) {
                        g.append("size", r.size());
                    }
                    if (r.modified() != null) {
                        g.append("last_modified_date", r.modified().toEpochMilli());
                    }
                    if (r.etag() != null) {
                        g.append("e_tag", r.etag());
                    }
                    g.append("storage_class", "STANDARD");
                    w.write(g);
                }
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (dir != null) {
                try (var s = Files.walk(dir)) {
                    s.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // a temporary directory
                }
            }
        }
    }

    /** A CSV report, as before Parquet was read. */
    public static Report report(
            String source,
            String inventoryBucket,
            String dataPrefix,
            List<Row> rows,
            int files,
            Instant created,
            long seed) {
        return report(Format.CSV, null, source, inventoryBucket, dataPrefix, rows, files, created, seed);
    }

    /**
     * A report of {@code rows} under {@code dataPrefix} ({@code inv/source/config/}), shuffled over
     * {@code files} data files.
     */
    public static Report report(
            Format format,
            ParquetStyle style,
            String source,
            String inventoryBucket,
            String dataPrefix,
            List<Row> rows,
            int files,
            Instant created,
            long seed) {
        List<Row> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(seed));
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (int f = 0; f < files; f++) {
            List<Row> part = new ArrayList<>();
            for (int i = f; i < shuffled.size(); i += files) {
                part.add(shuffled.get(i));
            }
            if (format == Format.CSV) {
                StringBuilder text = new StringBuilder();
                part.forEach(r -> text.append(csv(r)).append('\n'));
                out.put(
                        dataPrefix + "data/" + seed + "-" + f + ".csv.gz",
                        gzip(text.toString().getBytes(StandardCharsets.UTF_8)));
            } else {
                out.put(dataPrefix + "data/" + seed + "-" + f + ".parquet", parquet(part, style));
            }
        }
        String schema = format == Format.CSV ? VERSIONED_SCHEMA : PARQUET_SCHEMA;
        return new Report(
                out, manifest(source, inventoryBucket, created, format == Format.CSV ? "CSV" : "Parquet", schema, out));
    }

    /** A manifest.json over {@code files} (key to bytes), with their sizes and MD5s. */
    public static String manifest(
            String source,
            String inventoryBucket,
            Instant created,
            String fileFormat,
            String fileSchema,
            Map<String, byte[]> files) {
        StringBuilder list = new StringBuilder();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            list.append(list.length() == 0 ? "" : ",")
                    .append("{\"key\":\"")
                    .append(e.getKey())
                    .append("\",\"size\":")
                    .append(e.getValue().length)
                    .append(",\"MD5checksum\":\"")
                    .append(md5(e.getValue()))
                    .append("\"}");
        }
        return "{\"sourceBucket\":\"" + source + "\",\"destinationBucket\":\"arn:aws:s3:::" + inventoryBucket
                + "\",\"version\":\"2016-11-30\",\"creationTimestamp\":\"" + created.toEpochMilli()
                + "\",\"fileFormat\":\"" + fileFormat + "\",\"fileSchema\":\"" + fileSchema + "\",\"files\":[" + list
                + "]}";
    }

    /** Uploads the report's files and its manifest as {@code manifestKey}. */
    public static void publish(S3Client s3, String bucket, Report r, String manifestKey) {
        r.files().forEach((k, v) -> s3.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromBytes(v)));
        s3.putObject(b -> b.bucket(bucket).key(manifestKey), RequestBody.fromString(r.manifest()));
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    public static String md5(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
