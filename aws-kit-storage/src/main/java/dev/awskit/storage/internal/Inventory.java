package dev.awskit.storage.internal;

import dev.awskit.core.AwsErrors;
import dev.awskit.core.AwsKitException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.PriorityQueue;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;

/**
 * The objects of one S3 Inventory report, read before anything is planned and handed to the planner
 * in S3 key order.
 *
 * <p>The S3 user guide does not say that an inventory's data files, or the rows of one file, are in
 * key order, so the rows are sorted here with bounded memory: at most {@code runSize} entries are
 * held, sorted and written to a temporary run file; the runs are then merged (a k-way merge holding
 * one entry per run). Every data file's MD5 is checked against the manifest while it is read (a
 * Parquet file's before it is parsed), and all
 * files are read before the first entry is returned, so a corrupt, truncated or missing file fails
 * the sync before anything is copied or deleted.
 *
 * <p>Rows kept: the source bucket's, current versions only ({@code IsLatest} false and delete
 * markers are skipped when the report lists versions), keys under {@code root}. CSV keys are
 * URL-decoded (S3 Inventory CSV URL-encodes them, a space as {@code +} or {@code %20}); Parquet
 * reports ({@link InventoryParquet}) hold them as they are.
 */
public final class Inventory implements Closeable {
    /** Entries sorted in memory before they are written as one run (about 25 MB of heap). */
    public static final int DEFAULT_RUN_SIZE = 100_000;

    private static final int MAX_FAN_IN = 128;
    private static final Comparator<Entry> ORDER = (a, b) -> Keys.compare(a.key(), b.key());

    private final String manifestUri;
    private final InventoryManifest manifest;
    private final Path dir;
    private final List<Path> runs;
    private final long rows;

    private Inventory(String manifestUri, InventoryManifest manifest, Path dir, List<Path> runs, long rows) {
        this.manifestUri = manifestUri;
        this.manifest = manifest;
        this.dir = dir;
        this.runs = runs;
        this.rows = rows;
    }

    /** Where the data files are read from: the manifest's bucket. */
    public interface Store {
        /** The object's bytes; the caller closes the stream. */
        InputStream open(String bucket, String key);

        /** The latest {@code YYYY-MM-DDTHH-MMZ/} folder under {@code prefix}, or null. */
        String latestReport(String bucket, String prefix);
    }

    /** Reads objects with {@code s3}, turning S3 errors into messages that name the object. */
    public static Store store(S3Client s3) {
        return new Store() {
            @Override
            public InputStream open(String bucket, String key) {
                try {
                    return s3.getObject(g -> g.bucket(bucket).key(key));
                } catch (AwsServiceException e) {
                    if (AwsErrors.isNotFound(e) || AwsErrors.statusCode(e) == 404) {
                        throw new AwsKitException(
                                "The inventory file s3://" + bucket + "/" + key + " does not exist: "
                                        + AwsErrors.describe(e) + ". Nothing was planned; give the manifest of a"
                                        + " complete report (S3 deletes nothing of one, so a missing file was"
                                        + " removed by a lifecycle rule or by hand).",
                                e);
                    }
                    throw new AwsKitException(
                            "Reading the inventory file s3://" + bucket + "/" + key + " failed: "
                                    + AwsErrors.describe(e) + ". Nothing was planned.",
                            e);
                } catch (SdkClientException e) {
                    throw new AwsKitException(
                            "Reading the inventory file s3://" + bucket + "/" + key + " failed: " + e.getMessage()
                                    + ". Nothing was planned.",
                            e);
                }
            }

            @Override
            public String latestReport(String bucket, String prefix) {
                String latest = null;
                try {
                    for (CommonPrefix p : s3.listObjectsV2Paginator(
                                    l -> l.bucket(bucket).prefix(prefix).delimiter("/"))
                            .commonPrefixes()) {
                        String name = p.prefix().substring(prefix.length());
                        if (name.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}Z/")
                                && (latest == null || name.compareTo(latest) > 0)) {
                            latest = name;
                        }
                    }
                } catch (AwsServiceException e) {
                    throw new AwsKitException(
                            "Listing the inventory reports under s3://" + bucket + "/" + prefix + " failed: "
                                    + AwsErrors.describe(e),
                            e);
                }
                return latest == null ? null : prefix + latest;
            }
        };
    }

    /**
     * Reads the report {@code manifestUri} names: its {@code manifest.json}, or the folder of an
     * inventory configuration ({@code s3://dest/prefix/source-bucket/config-id/}), whose latest
     * report is taken.
     *
     * @param sourceBucket the sync's source bucket: the report must be of it
     * @param root the sync's source prefix ({@code ""} or ending in {@code /}): other rows are dropped
     * @throws IllegalArgumentException for a malformed URI, a manifest that is not an inventory's, a
     *     report of another bucket or in a format other than CSV and Parquet
     * @throws AwsKitException when a file is missing, unreadable, or its MD5 differs from the manifest's
     */
    public static Inventory read(Store store, String manifestUri, String sourceBucket, String root, int runSize) {
        if (!manifestUri.startsWith("s3://") || manifestUri.length() <= 5 || manifestUri.indexOf('/', 5) < 0) {
            throw new IllegalArgumentException("fromInventory needs s3://bucket/.../manifest.json or the folder of an"
                    + " inventory configuration (s3://bucket/prefix/source-bucket/config-id/), was '"
                    + Keys.shown(manifestUri) + "'");
        }
        String rest = manifestUri.substring(5);
        String bucket = rest.substring(0, rest.indexOf('/'));
        String key = rest.substring(bucket.length() + 1);
        if (!key.endsWith(".json")) {
            String prefix = key.isEmpty() || key.endsWith("/") ? key : key + "/";
            String latest = store.latestReport(bucket, prefix);
            if (latest == null) {
                throw new AwsKitException("No inventory report under s3://" + bucket + "/" + prefix
                        + " (no YYYY-MM-DDTHH-MMZ/ folder): S3 delivers the first report within 48 hours of"
                        + " the configuration; give a manifest.json or wait for it.");
            }
            key = latest + "manifest.json";
        }
        String uri = "s3://" + bucket + "/" + key;
        InventoryManifest manifest;
        byte[] json;
        try (InputStream in = store.open(bucket, key)) {
            json = in.readAllBytes();
        } catch (IOException e) {
            throw new AwsKitException("Reading the inventory manifest " + uri + " failed: " + e, e);
        }
        manifest = InventoryManifest.parse(new String(json, StandardCharsets.UTF_8), uri);
        boolean parquet = manifest.fileFormat().equalsIgnoreCase("Parquet");
        if (!parquet && !manifest.fileFormat().equalsIgnoreCase("CSV")) {
            throw new IllegalArgumentException("The inventory " + uri + " is in " + manifest.fileFormat()
                    + "; aws-kit reads CSV and Parquet inventories (ORC is not read yet): configure the"
                    + " inventory with format CSV or Parquet");
        }
        if (!manifest.sourceBucket().equals(sourceBucket)) {
            throw new IllegalArgumentException("The inventory " + uri + " lists bucket '" + manifest.sourceBucket()
                    + "', but the sync's source is bucket '" + sourceBucket + "': give the inventory of the source");
        }
        Columns cols = parquet ? null : Columns.of(manifest.columns(), uri);
        if (parquet && !manifest.columns().containsAll(InventoryParquet.NEEDED)) {
            throw new IllegalArgumentException("The inventory " + uri + " has the columns " + manifest.columns()
                    + "; planning a sync needs bucket, key, size and last_modified_date (add the optional"
                    + " fields Size, LastModifiedDate and ETag to the inventory configuration)");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("awskit-inventory");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the inventory's sort runs", e);
        }
        boolean ok = false;
        try {
            Runs runs = new Runs(dir, runSize);
            for (InventoryManifest.DataFile f : manifest.files()) {
                if (parquet) {
                    readParquet(store, bucket, f, uri, dir, sourceBucket, root, runs);
                } else {
                    readCsv(store, bucket, f, uri, cols, sourceBucket, root, runs);
                }
            }
            List<Path> sorted = runs.finish();
            ok = true;
            return new Inventory(uri, manifest, dir, sorted, runs.rows);
        } finally {
            if (!ok) {
                delete(dir);
            }
        }
    }

    /** The sort's first phase: entries buffered, sorted and written as runs of {@code runSize}. */
    private static final class Runs implements java.util.function.Consumer<Entry> {
        private final Path dir;
        private final Entry[] buffer;
        private final List<Path> runs = new ArrayList<>();
        private int filled;
        long rows;

        Runs(Path dir, int runSize) {
            this.dir = dir;
            this.buffer = new Entry[runSize];
        }

        @Override
        public void accept(Entry e) {
            rows++;
            buffer[filled++] = e;
            if (filled == buffer.length) {
                runs.add(writeRun(dir, runs.size(), buffer, filled));
                filled = 0;
            }
        }

        List<Path> finish() {
            if (filled > 0 || runs.isEmpty()) {
                runs.add(writeRun(dir, runs.size(), buffer, filled));
                filled = 0;
            }
            while (runs.size() > MAX_FAN_IN) {
                List<Path> group = new ArrayList<>(runs.subList(0, MAX_FAN_IN));
                runs.subList(0, MAX_FAN_IN).clear();
                runs.add(mergeRuns(dir, group));
            }
            return runs;
        }
    }

    private static void readCsv(
            Store store,
            String bucket,
            InventoryManifest.DataFile f,
            String uri,
            Columns cols,
            String sourceBucket,
            String root,
            Runs runs) {
        String where = "s3://" + bucket + "/" + f.key();
        MessageDigest md5 = md5();
        try (InputStream raw = store.open(bucket, f.key());
                DigestInputStream digest = new DigestInputStream(new BufferedInputStream(raw, 1 << 16), md5);
                BufferedReader r = new BufferedReader(new InputStreamReader(
                        f.key().endsWith(".gz") ? new GZIPInputStream(digest, 1 << 16) : digest,
                        StandardCharsets.UTF_8))) {
            String line;
            long lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isEmpty()) {
                    continue;
                }
                Entry e = cols.entry(line, sourceBucket, root, where, lineNo);
                if (e != null) {
                    runs.accept(e);
                }
            }
            // drain what GZIP did not need (padding), so the MD5 covers the whole object
            byte[] skip = new byte[8192];
            while (digest.read(skip) >= 0) {
                // counted by the digest
            }
        } catch (IOException e) {
            throw new AwsKitException(
                    "The inventory file " + where + " cannot be read (" + e.getMessage()
                            + "); it may be truncated or not gzip. Nothing was planned.",
                    e);
        }
        checkMd5(md5, f, where, uri);
    }

    /**
     * A Parquet file's footer is at its end, so the file is first copied to the sort's temporary
     * directory (its MD5 checked on the way, before a byte of it is parsed), then read a row group at a
     * time and deleted.
     */
    private static void readParquet(
            Store store,
            String bucket,
            InventoryManifest.DataFile f,
            String uri,
            Path dir,
            String sourceBucket,
            String root,
            Runs runs) {
        String where = "s3://" + bucket + "/" + f.key();
        Path local = dir.resolve("data.parquet");
        MessageDigest md5 = md5();
        try (InputStream raw = store.open(bucket, f.key());
                DigestInputStream digest = new DigestInputStream(raw, md5)) {
            Files.copy(digest, local, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new AwsKitException(
                    "The inventory file " + where + " cannot be read (" + e.getMessage() + "). Nothing was planned.",
                    e);
        }
        try {
            checkMd5(md5, f, where, uri);
            InventoryParquet.read(local, where, sourceBucket, root, runs);
        } finally {
            try {
                Files.deleteIfExists(local);
            } catch (IOException ignored) {
                // removed with the directory
            }
        }
    }

    private static void checkMd5(MessageDigest md5, InventoryManifest.DataFile f, String where, String uri) {
        String actual = HexFormat.of().formatHex(md5.digest());
        if (!actual.equals(f.md5())) {
            throw new AwsKitException("The inventory file " + where + " has MD5 " + actual + ", but the manifest "
                    + uri + " says " + f.md5() + ": the file is corrupt or was replaced. Nothing was planned;"
                    + " use another report.");
        }
    }

    /** The report's manifest, e.g. {@code s3://inv/src/daily/2026-12-02T00-00Z/manifest.json}. */
    public String manifestUri() {
        return manifestUri;
    }

    /** When S3 began the report's scan of the bucket (the manifest's {@code creationTimestamp}). */
    public Instant created() {
        return manifest.created();
    }

    /** The bucket the inventory files are in. */
    public String inventoryBucket() {
        String d = manifest.destinationBucket();
        return d.startsWith("arn:aws:s3:::") ? d.substring("arn:aws:s3:::".length()) : d;
    }

    /** Rows kept: current versions under the root. */
    public long rows() {
        return rows;
    }

    /** A listing of the kept rows in S3 key order, keys relative to {@code root}. */
    public Listing listing(String root) {
        return new InventoryListing(this, root);
    }

    @Override
    public void close() {
        delete(dir);
    }

    /** The entries with full keys, merged from the runs. */
    RunMerge merge() {
        return new RunMerge(runs);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no MD5", e);
        }
    }

    private static Path writeRun(Path dir, int n, Entry[] buffer, int count) {
        Arrays.sort(buffer, 0, count, ORDER);
        Path p = dir.resolve("run-" + n);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(p), 1 << 16))) {
            for (int i = 0; i < count; i++) {
                write(out, buffer[i]);
                buffer[i] = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the inventory sort run " + p, e);
        }
        return p;
    }

    private static Path mergeRuns(Path dir, List<Path> group) {
        Path p = dir.resolve("merged-" + System.nanoTime());
        try (RunMerge m = new RunMerge(group);
                DataOutputStream out =
                        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(p), 1 << 16))) {
            Entry e;
            while ((e = m.next()) != null) {
                write(out, e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the inventory sort run " + p, e);
        }
        for (Path g : group) {
            try {
                Files.deleteIfExists(g);
            } catch (IOException ignored) {
                // removed with the directory
            }
        }
        return p;
    }

    private static void write(DataOutputStream out, Entry e) throws IOException {
        out.writeUTF(e.key());
        out.writeLong(e.size());
        out.writeLong(e.lastModified());
        out.writeUTF(e.etag() == null ? "" : e.etag());
    }

    private static Entry read(DataInputStream in) throws IOException {
        String key;
        try {
            key = in.readUTF();
        } catch (EOFException end) {
            return null;
        }
        long size = in.readLong();
        long modified = in.readLong();
        String etag = in.readUTF();
        return new Entry(key, size, modified, etag.isEmpty() ? null : etag);
    }

    private static void delete(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary directory; the OS cleans it eventually
        }
    }

    /** A k-way merge of sorted runs: one entry and one 64 KiB buffer per run in memory. */
    static final class RunMerge implements Closeable {
        private record Head(Entry entry, DataInputStream in) {}

        private final PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> ORDER.compare(a.entry, b.entry));
        private final List<DataInputStream> open = new ArrayList<>();

        RunMerge(List<Path> runs) {
            try {
                for (Path p : runs) {
                    DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(p), 1 << 16));
                    open.add(in);
                    Entry e = read(in);
                    if (e != null) {
                        heads.add(new Head(e, in));
                    }
                }
            } catch (IOException e) {
                close();
                throw new UncheckedIOException("cannot read the inventory sort runs", e);
            }
        }

        /** The next entry in key order, or null. */
        Entry next() {
            Head h = heads.poll();
            if (h == null) {
                return null;
            }
            try {
                Entry e = read(h.in);
                if (e != null) {
                    heads.add(new Head(e, h.in));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the inventory sort runs", e);
            }
            return h.entry;
        }

        @Override
        public void close() {
            for (DataInputStream in : open) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // read-only
                }
            }
        }
    }

    /** Where the needed columns are, by the manifest's fileSchema. */
    record Columns(int width, int bucket, int key, int size, int modified, int etag, int isLatest, int deleteMarker) {
        static Columns of(List<String> names, String where) {
            int bucket = names.indexOf("Bucket");
            int key = names.indexOf("Key");
            int size = names.indexOf("Size");
            int modified = names.indexOf("LastModifiedDate");
            if (bucket < 0 || key < 0 || size < 0 || modified < 0) {
                throw new IllegalArgumentException("The inventory " + where + " has the columns " + names
                        + "; planning a sync needs Bucket, Key, Size and LastModifiedDate (add the optional"
                        + " fields Size, LastModifiedDate and ETag to the inventory configuration)");
            }
            return new Columns(
                    names.size(),
                    bucket,
                    key,
                    size,
                    modified,
                    names.indexOf("ETag"),
                    names.indexOf("IsLatest"),
                    names.indexOf("IsDeleteMarker"));
        }

        /**
         * The entry of one CSV row, or null when the row is skipped (another bucket's, a non-current
         * version, a delete marker, outside {@code root}).
         *
         * @throws AwsKitException naming file and line when the row is malformed
         */
        Entry entry(String line, String sourceBucket, String root, String where, long lineNo) {
            try {
                return parse(line, sourceBucket, root);
            } catch (IllegalArgumentException e) {
                throw new AwsKitException("The inventory file " + where + " line " + lineNo + " is malformed: "
                        + e.getMessage() + ". Nothing was planned.");
            }
        }

        Entry parse(String line, String sourceBucket, String root) {
            List<String> f = InventoryCsv.parse(line);
            if (f.size() != width) {
                throw new IllegalArgumentException(
                        "it has " + f.size() + " fields, the manifest's fileSchema names " + width);
            }
            if (!f.get(bucket).equals(sourceBucket)) {
                throw new IllegalArgumentException(
                        "it lists bucket '" + Keys.shown(f.get(bucket)) + "', not '" + sourceBucket + "'");
            }
            if (deleteMarker >= 0 && f.get(deleteMarker).equalsIgnoreCase("true")) {
                return null;
            }
            if (isLatest >= 0 && f.get(isLatest).equalsIgnoreCase("false")) {
                return null;
            }
            String k = decode(f.get(key));
            if (!k.startsWith(root)) {
                return null;
            }
            long s;
            try {
                s = Long.parseLong(f.get(size));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Size '" + Keys.shown(f.get(size)) + "' is not a number");
            }
            if (s < 0) {
                throw new IllegalArgumentException("Size " + s + " is negative");
            }
            long t;
            try {
                t = Instant.parse(f.get(modified)).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "LastModifiedDate '" + Keys.shown(f.get(modified)) + "' is not an ISO-8601 time");
            }
            String tag = etag >= 0 && !f.get(etag).isEmpty() ? Etags.unquote(f.get(etag)) : null;
            return new Entry(k, s, t, tag);
        }

        private static String decode(String encoded) {
            if (encoded.isEmpty()) {
                throw new IllegalArgumentException("the Key is empty");
            }
            try {
                return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "the Key '" + Keys.shown(encoded) + "' is not URL-encoded (" + e.getMessage() + ")");
            }
        }
    }
}
