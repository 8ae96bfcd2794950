package dev.awskit.storage.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * An S3 Inventory {@code manifest.json}: the source bucket, the format, the column names
 * ({@code fileSchema}: CSV's {@code Bucket, Key, ...}, or the field names of Parquet's {@code
 * message s3.inventory { required binary bucket (UTF8); ... }}), the creation time and the data files with their size and MD5 (see "Inventory
 * manifest" in the S3 user guide, storage-inventory-location.html).
 */
public record InventoryManifest(
        String sourceBucket,
        String destinationBucket,
        String fileFormat,
        List<String> columns,
        Instant created,
        List<DataFile> files) {

    /** One data file: its key in the destination bucket, size and MD5 (hex). */
    public record DataFile(String key, long size, String md5) {}

    /**
     * Reads a manifest.
     *
     * @param where the manifest's {@code s3://} URI, for messages
     * @throws IllegalArgumentException naming {@code where} and the field that is missing or wrong
     */
    public static InventoryManifest parse(String json, String where) {
        JsonNode root;
        try {
            root = JsonNode.parser().parse(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "The inventory manifest " + where + " is not JSON (" + e.getMessage() + "); give the"
                            + " manifest.json of an S3 Inventory report",
                    e);
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("The inventory manifest " + where + " is not a JSON object");
        }
        Map<String, JsonNode> m = root.asObject();
        String source = text(m, "sourceBucket", where);
        String destination = text(m, "destinationBucket", where);
        String format = text(m, "fileFormat", where);
        String schema = text(m, "fileSchema", where);
        List<String> columns = new ArrayList<>();
        if (format.equalsIgnoreCase("CSV")) {
            for (String c : schema.split(",", -1)) {
                columns.add(c.trim());
            }
        } else if (format.equalsIgnoreCase("Parquet")) {
            columns.addAll(InventoryParquet.schemaColumns(schema));
        }
        String ts = text(m, "creationTimestamp", where);
        Instant created;
        try {
            created = Instant.ofEpochMilli(Long.parseLong(ts.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The inventory manifest " + where + " has creationTimestamp '"
                    + Keys.shown(ts) + "', not milliseconds since the epoch");
        }
        JsonNode filesNode = m.get("files");
        if (filesNode == null || !filesNode.isArray()) {
            throw new IllegalArgumentException("The inventory manifest " + where + " has no \"files\" array");
        }
        List<DataFile> files = new ArrayList<>();
        for (JsonNode f : filesNode.asArray()) {
            if (!f.isObject()) {
                throw new IllegalArgumentException(
                        "The inventory manifest " + where + " has an entry of \"files\" that is not an object");
            }
            Map<String, JsonNode> fm = f.asObject();
            String key = text(fm, "key", where);
            String md5 = text(fm, "MD5checksum", where).toLowerCase(Locale.ROOT);
            if (!md5.matches("[0-9a-f]{32}")) {
                throw new IllegalArgumentException("The inventory manifest " + where + " gives MD5checksum '"
                        + Keys.shown(md5) + "' for " + key + ", not 32 hex digits");
            }
            long size = -1;
            JsonNode s = fm.get("size");
            if (s != null && s.isNumber()) {
                size = Long.parseLong(s.asNumber());
            }
            files.add(new DataFile(key, size, md5));
        }
        return new InventoryManifest(source, destination, format, List.copyOf(columns), created, List.copyOf(files));
    }

    private static String text(Map<String, JsonNode> m, String field, String where) {
        JsonNode n = m.get(field);
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException("The inventory manifest " + where + " lacks \"" + field
                    + "\"; is it an S3 Inventory manifest.json?");
        }
        if (n.isString()) {
            return n.asString();
        }
        if (n.isNumber()) {
            return n.asNumber();
        }
        throw new IllegalArgumentException(
                "The inventory manifest " + where + " has a \"" + field + "\" that is not a string");
    }
}
