package dev.awskit.storage;

import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.core.ProgressListener;
import dev.awskit.core.internal.Texts;
import dev.awskit.storage.internal.Filters;
import dev.awskit.storage.internal.LocalFiles;
import dev.awskit.storage.internal.Location;
import dev.awskit.storage.internal.ObjectOptions;
import dev.awskit.storage.internal.SyncEngine;
import dev.awskit.storage.internal.SyncSpec;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * One sync, configured step by step and started by {@link #run()}: the AWS CLI's {@code aws s3
 * sync} with its filters and comparison rules, plus content comparison, server-side S3-to-S3
 * copies, a delete limit and a report.
 *
 * <pre>{@code
 * SyncReport r = Storage.of(aws).sync("./data", "s3://bucket/data")
 *     .exclude("*.tmp").exclude("datasets/*").include("datasets/small/*")
 *     .delete().maxDelete(100)
 *     .progress(ProgressListener.console())
 *     .run();
 * }</pre>
 *
 * <p>Filters are applied in the order given, the last match wins (see the module README for the
 * exact semantics). Scalar settings may be set once; setting one twice is an {@link
 * IllegalStateException}, so no setting silently overrides another.
 */
public final class Sync {
    private static final long MIB = 1024 * 1024;
    private static final long GIB = 1024 * MIB;

    private final AwsKit kit;
    private final Location source;
    private final Location destination;
    private final List<Filters.Rule> rules = new ArrayList<>();
    private CompareMode mode;
    private boolean delete;
    private long maxDelete = -1;
    private boolean dryRun;
    private PrintStream out;
    private ProgressListener progress;
    private String contentType;
    private Map<String, String> metadata;
    private StorageClass storageClass;
    private ServerSideEncryption sse;
    private String kmsKeyId;
    private ObjectCannedACL acl;
    private String cacheControl;
    private int concurrency;
    private long partSize;
    private long multipartThreshold;
    private long copyMultipartThreshold = 5 * GIB;
    private boolean listByDirectory;
    private boolean fsync;
    private LocalFiles localFiles;
    private final AtomicInteger runs = new AtomicInteger();

    Sync(AwsKit kit, Location source, Location destination) {
        this.kit = kit;
        if (!source.isS3() && !destination.isS3()) {
            throw new IllegalArgumentException("Both '" + source + "' and '" + destination
                    + "' are local directories; one side of a sync must be s3://bucket[/prefix]");
        }
        if (source.isS3()
                && destination.isS3()
                && source.bucket().equals(destination.bucket())
                && (source.prefix().startsWith(destination.prefix())
                        || destination.prefix().startsWith(source.prefix()))) {
            throw new IllegalArgumentException("The source '" + source + "' and destination '" + destination
                    + "' overlap; sync between disjoint prefixes or buckets");
        }
        this.source = source;
        this.destination = destination;
    }

    /** Leaves out paths matching {@code pattern} (fnmatch, relative to each root; see the README). */
    public Sync exclude(String pattern) {
        rules.add(Filters.exclude(pattern));
        return this;
    }

    /** Takes back in paths matching {@code pattern} that an earlier exclude left out. */
    public Sync include(String pattern) {
        rules.add(Filters.include(pattern));
        return this;
    }

    /** How files present on both sides are compared; default {@link CompareMode#SIZE_AND_TIME}. */
    public Sync compare(CompareMode mode) {
        once("compare", this.mode);
        this.mode = Objects.requireNonNull(mode, "mode");
        return this;
    }

    /** {@code --size-only}. */
    public Sync sizeOnly() {
        return compare(CompareMode.SIZE_ONLY);
    }

    /** {@code --exact-timestamps}. */
    public Sync exactTimestamps() {
        return compare(CompareMode.EXACT_TIMESTAMPS);
    }

    /** Compare content: MD5 / multipart ETags (see {@link CompareMode#CHECKSUM}). */
    public Sync checksum() {
        return compare(CompareMode.CHECKSUM);
    }

    /** {@code --delete}: remove destination files that the source lacks (excluded files stay). */
    public Sync delete() {
        this.delete = true;
        return this;
    }

    /**
     * Turns on {@link #delete()} but refuses every delete when more than {@code n} would go (the
     * copies still happen); the report then has a failure saying how many were planned.
     */
    public Sync maxDelete(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("maxDelete must be >= 0, was " + n);
        }
        once("maxDelete", maxDelete >= 0 ? maxDelete : null);
        this.maxDelete = n;
        this.delete = true;
        return this;
    }

    /** {@code --dryrun}: list and plan, print {@code (dryrun) upload: a to b} lines, write nothing. */
    public Sync dryRun() {
        this.dryRun = true;
        return this;
    }

    /** Where dry-run lines go; default {@code System.out}. */
    public Sync output(PrintStream out) {
        once("output", this.out);
        this.out = Objects.requireNonNull(out, "out");
        return this;
    }

    /** Progress of the copies, e.g. {@link ProgressListener#console()}. */
    public Sync progress(ProgressListener listener) {
        once("progress", this.progress);
        this.progress = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** {@code --content-type} for every object written (default: guessed from the extension). */
    public Sync contentType(String type) {
        once("contentType", this.contentType);
        this.contentType = requireText("contentType", type);
        return this;
    }

    /** {@code --metadata}: user metadata for every object written (replaces copied metadata). */
    public Sync metadata(Map<String, String> metadata) {
        once("metadata", this.metadata);
        this.metadata = Map.copyOf(new LinkedHashMap<>(Objects.requireNonNull(metadata, "metadata")));
        return this;
    }

    /** {@code --cache-control} for every object written. */
    public Sync cacheControl(String value) {
        once("cacheControl", this.cacheControl);
        this.cacheControl = requireText("cacheControl", value);
        return this;
    }

    /** {@code --storage-class}. */
    public Sync storageClass(StorageClass storageClass) {
        once("storageClass", this.storageClass);
        this.storageClass = Objects.requireNonNull(storageClass, "storageClass");
        return this;
    }

    /** {@code --sse AES256} or {@code aws:kms}. */
    public Sync sse(ServerSideEncryption sse) {
        once("sse", this.sse);
        this.sse = Objects.requireNonNull(sse, "sse");
        return this;
    }

    /** {@code --sse aws:kms --sse-kms-key-id id}. */
    public Sync sseKms(String kmsKeyId) {
        sse(ServerSideEncryption.AWS_KMS);
        this.kmsKeyId = requireText("kmsKeyId", kmsKeyId);
        return this;
    }

    /** {@code --acl}. */
    public Sync acl(ObjectCannedACL acl) {
        once("acl", this.acl);
        this.acl = Objects.requireNonNull(acl, "acl");
        return this;
    }

    /** Files (or objects) in flight at once; default 32. */
    public Sync concurrency(int n) {
        if (n < 1 || n > 1024) {
            throw new IllegalArgumentException("concurrency must be 1..1024, was " + n);
        }
        once("concurrency", concurrency > 0 ? concurrency : null);
        this.concurrency = n;
        return this;
    }

    /** Part size of multipart uploads and copies; default 8 MiB (raised to stay within 10,000 parts). */
    public Sync partSize(long bytes) {
        if (bytes < 5 * MIB || bytes > 5 * GIB) {
            throw new IllegalArgumentException("partSize must be 5 MiB..5 GiB (S3's limits), was " + bytes);
        }
        once("partSize", partSize > 0 ? partSize : null);
        this.partSize = bytes;
        return this;
    }

    /** Files of at least this size are uploaded in parts; default 8 MiB. */
    public Sync multipartThreshold(long bytes) {
        if (bytes < 5 * MIB) {
            throw new IllegalArgumentException("multipartThreshold must be at least 5 MiB, was " + bytes);
        }
        once("multipartThreshold", multipartThreshold > 0 ? multipartThreshold : null);
        this.multipartThreshold = bytes;
        return this;
    }

    /**
     * Lists S3 one directory level at a time (delimiter {@code /}), as rclone does, instead of one
     * flat listing. On AWS S3 the flat listing needs fewer requests (one per 1,000 keys); on stores
     * whose flat listing scans the whole bucket for every page — S3Proxy's filesystem backend, some
     * MinIO setups — listing by directory is much faster.
     */
    public Sync listByDirectory() {
        this.listByDirectory = true;
        return this;
    }

    /**
     * Downloads: forces each file's content to the storage device (fsync) before it is renamed into
     * place, and the directory entry after, so a power loss never leaves a renamed but empty or
     * partial file. Costs one device flush per file; off by default, as in the AWS CLI.
     */
    public Sync fsync() {
        this.fsync = true;
        return this;
    }

    /** For tests: how downloads write their temporary files (a full disk, a counting wrapper). */
    Sync localFiles(LocalFiles files) {
        this.localFiles = Objects.requireNonNull(files, "files");
        return this;
    }

    /** For tests: objects larger than this are copied with UploadPartCopy (S3 requires it above 5 GiB). */
    Sync copyMultipartThreshold(long bytes) {
        this.copyMultipartThreshold = bytes;
        return this;
    }

    /**
     * Runs the sync and returns what it did. Both sides are checked first, so a missing bucket, a
     * bucket without access, or a local path that is a file fails before anything is written.
     * Failures of single files do not stop the sync: they are in {@link SyncReport#failures()}.
     * Interrupting the calling thread cancels the sync ({@link SyncReport#cancelled()}); when this
     * method returns, nothing more is written.
     *
     * @throws AwsKitException when a bucket does not exist or cannot be accessed
     * @throws IllegalArgumentException when a local path is missing or is not a directory
     */
    public SyncReport run() {
        runs.incrementAndGet();
        return new SyncEngine(kit, spec(), new AtomicBoolean()).run();
    }

    /**
     * {@link #run()} on a new thread. Cancelling the future stops the sync: no new copy starts,
     * copies in flight finish or are aborted (multipart uploads are aborted, downloads drop their GET
     * stream instead of reading the rest of the object, temporary files are removed).
     */
    public CompletableFuture<SyncReport> runAsync() {
        SyncSpec spec = spec();
        runs.incrementAndGet();
        AtomicBoolean cancel = new AtomicBoolean();
        CompletableFuture<SyncReport> f = new CompletableFuture<>();
        f.whenComplete((r, e) -> {
            if (f.isCancelled()) {
                cancel.set(true);
            }
        });
        Thread t = new Thread(
                () -> {
                    try {
                        f.complete(new SyncEngine(kit, spec, cancel).run());
                    } catch (RuntimeException | Error e) {
                        f.completeExceptionally(e);
                    }
                },
                "awskit-sync-" + source);
        t.setDaemon(true);
        t.start();
        return f;
    }

    private SyncSpec spec() {
        ObjectOptions options =
                new ObjectOptions(contentType, metadata, storageClass, sse, kmsKeyId, acl, cacheControl);
        return new SyncSpec(
                source,
                destination,
                Filters.of(rules),
                mode != null ? mode : CompareMode.SIZE_AND_TIME,
                delete,
                maxDelete,
                dryRun,
                out != null ? out : System.out,
                progress != null ? progress : ProgressListener.none(),
                options,
                concurrency > 0 ? concurrency : 32,
                partSize > 0 ? partSize : 8 * MIB,
                multipartThreshold > 0 ? multipartThreshold : 8 * MIB,
                copyMultipartThreshold,
                listByDirectory,
                fsync,
                localFiles != null ? localFiles : LocalFiles.DEFAULT);
    }

    private static void once(String name, Object current) {
        if (current != null) {
            throw new IllegalStateException(name + " was already set to " + current);
        }
    }

    private static String requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value;
    }

    /** What the sync would do, and whether it ran: {@code Sync{./site -> s3://web, exclude *.tmp, not run: call run()}}. */
    @Override
    public String toString() {
        StringBuilder what = new StringBuilder().append(source).append(" -> ").append(destination);
        rules.forEach(r -> what.append(", ").append(r));
        if (mode != null) {
            what.append(", compare ").append(mode);
        }
        if (delete) {
            what.append(", delete").append(maxDelete >= 0 ? " (max " + maxDelete + ")" : "");
        }
        what.append(dryRun ? ", dry run" : "").append(fsync ? ", fsync" : "");
        return Texts.operation("Sync", what.toString(), runs.get());
    }
}
