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
    /**
     * PutObjectCopy, which Batch Operations runs, copies objects of up to 5 GB ("Objects to be
     * copied can be up to 5 GB in size": S3 user guide, "Copy objects" of Batch Operations).
     */
    public static final long MAX_BATCH_COPY = 5L * 1024 * 1024 * 1024;

    /** The longest TargetKeyPrefix CreateJob takes (NonEmptyMaxLength1024String). */
    static final int MAX_TARGET_KEY_PREFIX = 1024;

    private final String sourceBucket;
    private final String sourceRoot;
    private final Path dir;
    private final Path manifest;
    private final BufferedWriter csv;
    private final DataOutputStream sizes;
    private final DataOutputStream deletes;
    private final Path deletesFile;
    private final Path sizesFile;
    private final long maxJobCopy;
    private final List<Entry> tooLarge = new ArrayList<>();
    public long copies;
    public long copyBytes;
    public long skipped;
    public long skippedBytes;
    public long deleteCount;
    public long deleteBytes;
    public long excluded;

    /**
     * @param maxJobCopy objects larger than this go to {@link #tooLarge()} for the kit to copy in
     *     parts ({@link #MAX_BATCH_COPY}; lower in tests, as the sync's copyMultipartThreshold)
     */
    public BatchCopyPlan(String sourceBucket, String sourceRoot, long maxJobCopy) {
        this.sourceBucket = sourceBucket;
        this.sourceRoot = sourceRoot;
        this.maxJobCopy = maxJobCopy;
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
        if (src.size() > maxJobCopy) {
            tooLarge.add(src);
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

    /**
     * The planned copies larger than {@code maxJobCopy}, which PutObjectCopy cannot copy, in key
     * order (kept in memory: objects over 5 GB are few beside the rest of a bucket).
     */
    public List<Entry> tooLarge() {
        return tooLarge;
    }

    /**
     * The TargetKeyPrefix that makes a Batch Operations copy of {@code sourcePrefix + k} land on
     * {@code destinationPrefix + k}, as a sync would copy it: {@code ""} (none) for equal prefixes.
     * S3 puts TargetKeyPrefix in front of the whole source key ("Specifies the folder prefix that
     * you want the objects to be copied into": S3 Control API reference, S3CopyObjectOperation; the
     * key keeps its own prefix, as AWS confirmed in aws/aws-sdk#355), so a job can only add in
     * front: {@code p1/} to {@code backup/p1/} works with TargetKeyPrefix {@code backup/}, the
     * replacement {@code p1/} to {@code p2/} cannot be expressed. The added part must end with
     * {@code /} (the API reference's folder; whether S3 inserts a {@code /} itself is not
     * documented, so the kit never relies on it) and fit TargetKeyPrefix's 1,024 characters.
     *
     * @return the TargetKeyPrefix, or empty when no TargetKeyPrefix gives the sync's keys
     */
    public static java.util.Optional<String> targetKeyPrefix(String sourcePrefix, String destinationPrefix) {
        if (destinationPrefix.equals(sourcePrefix)) {
            return java.util.Optional.of("");
        }
        if (!destinationPrefix.endsWith(sourcePrefix)) {
            return java.util.Optional.empty();
        }
        String added = destinationPrefix.substring(0, destinationPrefix.length() - sourcePrefix.length());
        if (!added.endsWith("/") || added.length() > MAX_TARGET_KEY_PREFIX) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(added);
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
