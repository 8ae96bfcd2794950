package dev.awskit.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Writes S3 Inventory reports the way the S3 user guide describes them (storage-inventory-location
 * and storage-inventory-formats pages): gzip CSV data files whose fields are all quoted and whose
 * keys are URL-encoded, and a manifest.json naming each file with its size and MD5. The rows come
 * from a real listing; the files are not in key order, and rows are spread over files at random.
 */
final class InventoryFixture {
    static final String VERSIONED_SCHEMA =
            "Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, ETag, StorageClass";

    /** One report: data file names to their bytes, and the manifest. */
    record Report(Map<String, byte[]> files, String manifest) {}

    private InventoryFixture() {}

    /** A row of the versioned schema. */
    static String row(
            String bucket,
            String key,
            String version,
            boolean latest,
            boolean marker,
            Long size,
            Instant modified,
            String etag) {
        return String.join(
                ",",
                q(bucket),
                q(URLEncoder.encode(key, StandardCharsets.UTF_8)),
                q(version),
                q(Boolean.toString(latest)),
                q(Boolean.toString(marker)),
                q(size == null ? "" : size.toString()),
                q(modified.toString()),
                q(etag == null ? "" : etag),
                q("STANDARD"));
    }

    static String row(String bucket, S3Object o) {
        return row(
                bucket,
                o.key(),
                "v-" + Integer.toHexString(o.key().hashCode()),
                true,
                false,
                o.size(),
                o.lastModified(),
                o.eTag().replace("\"", ""));
    }

    private static String q(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    /**
     * A report of {@code rows} (in the versioned schema) under {@code prefix} ({@code
     * inv/source/config/2026-12-01T00-00Z/}), shuffled over {@code files} data files.
     */
    static Report report(
            String source,
            String inventoryBucket,
            String dataPrefix,
            List<String> rows,
            int files,
            Instant created,
            long seed) {
        List<String> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(seed));
        Map<String, byte[]> out = new LinkedHashMap<>();
        StringBuilder list = new StringBuilder();
        for (int f = 0; f < files; f++) {
            StringBuilder csv = new StringBuilder();
            for (int i = f; i < shuffled.size(); i += files) {
                csv.append(shuffled.get(i)).append('\n');
            }
            byte[] gz = gzip(csv.toString().getBytes(StandardCharsets.UTF_8));
            String key = dataPrefix + "data/" + seed + "-" + f + ".csv.gz";
            out.put(key, gz);
            list.append(f == 0 ? "" : ",")
                    .append("{\"key\":\"")
                    .append(key)
                    .append("\",\"size\":")
                    .append(gz.length)
                    .append(",\"MD5checksum\":\"")
                    .append(md5(gz))
                    .append("\"}");
        }
        String manifest = "{\"sourceBucket\":\"" + source + "\",\"destinationBucket\":\"arn:aws:s3:::"
                + inventoryBucket + "\",\"version\":\"2016-11-30\",\"creationTimestamp\":\"" + created.toEpochMilli()
                + "\",\"fileFormat\":\"CSV\",\"fileSchema\":\"" + VERSIONED_SCHEMA + "\",\"files\":[" + list + "]}";
        return new Report(out, manifest);
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    static String md5(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
