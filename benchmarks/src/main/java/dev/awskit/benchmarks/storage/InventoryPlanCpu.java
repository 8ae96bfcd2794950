package dev.awskit.benchmarks.storage;

import dev.awskit.storage.CompareMode;
import dev.awskit.storage.internal.Direction;
import dev.awskit.storage.internal.Entry;
import dev.awskit.storage.internal.Filters;
import dev.awskit.storage.internal.Inventory;
import dev.awskit.storage.internal.Listing;
import dev.awskit.storage.internal.Planner;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.zip.GZIPOutputStream;

/**
 * Plans a sync from a generated S3 Inventory report of {@code rows} objects (gzip CSV files in the
 * versioned schema, rows in random order across and within files, MD5s in the manifest) against a
 * destination holding every other key, and prints CPU time of the process and the peak heap after
 * each GC (the heap that stays live, which is what must be flat): run it with a small {@code -Xmx}
 * to show that the inventory's size does not decide the heap.
 *
 * <pre>
 * java -Xmx256m -cp benchmarks/target/benchmarks.jar dev.awskit.benchmarks.storage.InventoryPlanCpu 10000000
 * java -Xmx256m -cp benchmarks/target/benchmarks.jar dev.awskit.benchmarks.storage.InventoryPlanCpu 10000000 parquet
 * </pre>
 *
 * <p>With {@code parquet} the report is in Parquet instead: the same rows in S3's Parquet schema
 * (bucket, key, size, last_modified_date as int64 TIMESTAMP_MILLIS, e_tag), 20 files of row groups of
 * 100,000 rows and data pages (v1, PLAIN, uncompressed) of 20,000, written by a minimal writer in this
 * class (the benchmarks have no Parquet library; the reader's correctness against Apache parquet-java
 * files is shown by aws-kit-storage's tests, this measures its CPU and heap).
 */
public final class InventoryPlanCpu {
    private static final int FILES = 20;

    private InventoryPlanCpu() {}

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        boolean parquet = args.length > 1 && args[1].equals("parquet");
        Path dir = Files.createTempDirectory("awskit-inventory-bench");
        try {
            long g0 = System.nanoTime();
            String manifest = parquet ? ParquetGen.generate(dir, rows, FILES) : generate(dir, rows);
            double genSeconds = (System.nanoTime() - g0) / 1e9;
            resetPeaks();
            long cpu0 = processCpu();
            long t0 = System.nanoTime();
            Inventory.Store store = new Inventory.Store() {
                @Override
                public InputStream open(String bucket, String key) {
                    try {
                        return Files.newInputStream(dir.resolve(key));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public String latestReport(String bucket, String prefix) {
                    return null;
                }
            };
            long[] counts = new long[3];
            long readNs;
            try (Inventory inv = Inventory.read(store, "s3://inv/" + manifest, "src", "", Inventory.DEFAULT_RUN_SIZE)) {
                readNs = System.nanoTime() - t0;
                Listing source = inv.listing("");
                new Planner(Filters.of(List.of()), CompareMode.SIZE_AND_TIME, Direction.COPY, true)
                        .plan(source, destination(), new Planner.Sink() {
                            @Override
                            public void copy(Entry src, Entry dst) {
                                counts[0]++;
                            }

                            @Override
                            public void verify(Entry src, Entry dst) {
                                counts[0]++;
                            }

                            @Override
                            public void skip(Entry src, Entry dst) {
                                counts[1]++;
                            }

                            @Override
                            public void delete(Entry dst) {
                                counts[2]++;
                            }
                        });
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpu = (processCpu() - cpu0) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "%s rows=%,d generated in %.1fs; read+sort %.1fs, total %.1fs wall, %.1f CPU-s (%.2f us CPU/row);"
                            + " copies=%,d skips=%,d deletes=%,d; heap after the last GC %.1f MiB, peak heap %.1f MiB,"
                            + " max heap %.0f MiB%n",
                    parquet ? "parquet" : "csv",
                    rows,
                    genSeconds,
                    readNs / 1e9,
                    seconds,
                    cpu,
                    cpu / rows * 1e6,
                    counts[0],
                    counts[1],
                    counts[2],
                    peak(true) / 1048576.0,
                    peak(false) / 1048576.0,
                    Runtime.getRuntime().maxMemory() / 1048576.0);
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Key {@code i}: spread over directories, so sorting has work to do. */
    static String key(long i) {
        long h = i * 0x9E3779B97F4A7C15L;
        return String.format(Locale.ROOT, "logs/%02d/%03d/object %d+%%.json", (h >>> 58), (h >>> 40) & 0xff, i);
    }

    private static String generate(Path dir, long rows) throws Exception {
        Files.createDirectories(dir.resolve("data"));
        StringBuilder files = new StringBuilder();
        for (int f = 0; f < FILES; f++) {
            String key = "data/f" + f + ".csv.gz";
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            try (OutputStream raw = Files.newOutputStream(dir.resolve(key));
                    DigestOutputStream d = new DigestOutputStream(raw, md5);
                    BufferedWriter w = new BufferedWriter(
                            new OutputStreamWriter(new GZIPOutputStream(d, 1 << 16), StandardCharsets.UTF_8),
                            1 << 16)) {
                // rows of file f: i = f, f + FILES, ... written in a scrambled order
                long n = (rows - f + FILES - 1) / FILES;
                long step = n % 7919 == 0 ? 7907 : 7919; // a prime not dividing n: j -> j * step mod n is a permutation
                for (long j = 0; j < n; j++) {
                    long i = f + FILES * ((j * step) % n);
                    w.write("\"src\",\"");
                    w.write(URLEncoder.encode(key(i), StandardCharsets.UTF_8));
                    w.write("\",\"v\",\"true\",\"false\",\"");
                    w.write(Long.toString(100 + (i % 1000)));
                    w.write("\",\"2026-12-01T10:00:00.000Z\",\"0123456789abcdef0123456789abcdef\",\"STANDARD\"\n");
                }
            }
            fileEntry(files, dir, key, md5);
        }
        writeManifest(
                dir,
                "CSV",
                "Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, ETag, StorageClass",
                files);
        return "manifest.json";
    }

    /**
     * The destination: 1,000 keys only it has (deletes), after every source key; so every source row
     * is a copy and the merge walks both sides to the end.
     */
    private static Iterator<Entry> destination() {
        return new Iterator<>() {
            long i;

            @Override
            public boolean hasNext() {
                return i < 1000;
            }

            @Override
            public Entry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return new Entry(String.format(Locale.ROOT, "zz-only-at-destination/%06d", i++), 1, 0, null);
            }
        };
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
    }

    private static long peak(boolean afterGc) {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() != MemoryType.HEAP) {
                continue;
            }
            var u = afterGc ? p.getCollectionUsage() : p.getPeakUsage();
            if (u != null) {
                sum += u.getUsed();
            }
        }
        return sum;
    }

    /** Appends one data file's manifest entry (key, size, MD5 of what was written) to {@code files}. */
    static void fileEntry(StringBuilder files, Path dir, String key, MessageDigest md5) throws IOException {
        files.append(files.length() == 0 ? "" : ",")
                .append("{\"key\":\"")
                .append(key)
                .append("\",\"size\":")
                .append(Files.size(dir.resolve(key)))
                .append(",\"MD5checksum\":\"")
                .append(HexFormat.of().formatHex(md5.digest()))
                .append("\"}");
    }

    /** Writes {@code dir/manifest.json} as S3 Inventory writes it, listing {@code files}. */
    static void writeManifest(Path dir, String format, String schema, CharSequence files) throws IOException {
        String manifest = "{\"sourceBucket\":\"src\",\"destinationBucket\":\"arn:aws:s3:::inv\","
                + "\"version\":\"2016-11-30\",\"creationTimestamp\":\"1764583200000\",\"fileFormat\":\""
                + format + "\",\"fileSchema\":\"" + schema + "\",\"files\":[" + files + "]}";
        Files.writeString(dir.resolve("manifest.json"), manifest);
    }
}
