package dev.awskit.storage.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * An S3-to-S3 plan written to disk instead of executed: the copies as an S3 Batch Operations CSV
 * manifest ({@code Bucket,Key}, the key URL-encoded, as the CreateJob manifest format
 * S3BatchOperations_CSV_20180820 requires), each copy's size beside it, and the deletes. Memory stays
 * flat however long the plan is.
 */
public final class BatchCopyPlan implements Planner.Sink, Closeable {
    /** PutObjectCopy, which Batch Operations runs, copies objects of up to 5 GB. */
    public static final long MAX_BATCH_COPY = 5L * 1024 * 1024 * 1024;

    private final String sourceBucket;
    private final String sourceRoot;
    private final Path dir;
    private final Path manifest;
    private final BufferedWriter csv;
    private final DataOutputStream sizes;
    private final DataOutputStream deletes;
    private final Path deletesFile;
    private final Path sizesFile;
    private final List<String> tooLarge = new ArrayList<>();
    public long copies;
    public long copyBytes;
    public long skipped;
    public long skippedBytes;
    public long deleteCount;
    public long deleteBytes;
    public long excluded;

    public BatchCopyPlan(String sourceBucket, String sourceRoot) {
        this.sourceBucket = sourceBucket;
        this.sourceRoot = sourceRoot;
        try {
            dir = Files.createTempDirectory("awskit-batch");
            manifest = dir.resolve("manifest.csv");
            sizesFile = dir.resolve("sizes");
            deletesFile = dir.resolve("deletes");
            csv = Files.newBufferedWriter(manifest, StandardCharsets.UTF_8);
            sizes = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(sizesFile)));
            deletes = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(deletesFile)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Batch Operations manifest to a temporary file", e);
        }
    }

    /**
     * A key as the Batch Operations CSV manifest wants it: URL-encoded (UTF-8), a space as {@code
     * %20} rather than {@code +}, so that a decoder of either convention reads the same key.
     */
    public static String encode(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void copy(Entry src, Entry dst) {
        if (src.size() > MAX_BATCH_COPY) {
            tooLarge.add(src.key());
            return;
        }
        try {
            csv.write(sourceBucket);
            csv.write(',');
            csv.write(encode(sourceRoot + src.key()));
            csv.write('\n');
            sizes.writeLong(src.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Batch Operations manifest " + manifest, e);
        }
        copies++;
        copyBytes += src.size();
    }

    @Override
    public void verify(Entry src, Entry dst) {
        copy(src, dst); // the content differs in part size only: copying is safe, comparing is the kit's job
    }

    @Override
    public void skip(Entry src, Entry dst) {
        skipped++;
        skippedBytes += src.size();
    }

    @Override
    public void delete(Entry dst) {
        try {
            deletes.writeUTF(dst.key());
            deletes.writeLong(dst.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the planned deletes to " + deletesFile, e);
        }
        deleteCount++;
        deleteBytes += dst.size();
    }

    @Override
    public void excluded(Entry e, boolean source) {
        excluded++;
    }

    /** Flushes the files; call once planning is done. */
    public void finish() {
        try {
            csv.close();
            sizes.close();
            deletes.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Batch Operations manifest " + manifest, e);
        }
    }

    /** Keys larger than 5 GB, which PutObjectCopy cannot copy. */
    public List<String> tooLarge() {
        return tooLarge;
    }

    /** The manifest CSV. */
    public Path manifest() {
        return manifest;
    }

    /** The planned deletes (keys relative to the destination root) in key order. */
    public Iterator<Entry> deletes() {
        DataInputStream in;
        try {
            in = new DataInputStream(new BufferedInputStream(Files.newInputStream(deletesFile)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Iterator<>() {
            long left = deleteCount;

            @Override
            public boolean hasNext() {
                if (left == 0) {
                    try {
                        in.close();
                    } catch (IOException ignored) {
                        // read-only
                    }
                }
                return left > 0;
            }

            @Override
            public Entry next() {
                try {
                    left--;
                    return Entry.local(in.readUTF(), in.readLong(), 0);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /** The bytes of the planned copies whose (full, decoded) source keys are in {@code failed}. */
    public long bytesOf(Set<String> failed) {
        if (failed.isEmpty()) {
            return 0;
        }
        long total = 0;
        try (var lines = Files.newBufferedReader(manifest, StandardCharsets.UTF_8);
                DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(sizesFile)))) {
            String line;
            while ((line = lines.readLine()) != null) {
                long size = in.readLong();
                String key = java.net.URLDecoder.decode(line.substring(line.indexOf(',') + 1), StandardCharsets.UTF_8);
                if (failed.contains(key)) {
                    total += size;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total;
    }

    @Override
    public void close() {
        finish();
        for (Path p : List.of(manifest, sizesFile, deletesFile, dir)) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temporary file
            }
        }
    }
}
