package dev.awskit.storage;

import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.core.ProgressListener;
import dev.awskit.core.internal.Texts;
import dev.awskit.storage.internal.Inventories;
import dev.awskit.storage.internal.Inventory;
import dev.awskit.storage.internal.LocalFiles;
import dev.awskit.storage.internal.SyncEngine;
import dev.awskit.storage.internal.SyncSpec;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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
 * IllegalStateException} naming both values, so no setting silently overrides another; {@code
 * exclude} and {@code include} accumulate. {@link #run()} checks the settings against each other
 * first. The same sync as a value: {@link #toRequest()}, {@link SyncRequest}.
 */
public final class Sync {
    private final AwsKit kit;
    private final SyncRequest.Builder request;
    private final AtomicInteger runs = new AtomicInteger();

    Sync(AwsKit kit, SyncRequest.Builder request) {
        this.kit = kit;
        this.request = request;
        request.checkLocations();
    }

    /** Leaves out paths matching {@code pattern} (fnmatch, relative to each root; see the README). */
    public Sync exclude(String pattern) {
        request.exclude(pattern);
        return this;
    }

    /** Takes back in paths matching {@code pattern} that an earlier exclude left out. */
    public Sync include(String pattern) {
        request.include(pattern);
        return this;
    }

    /** How files present on both sides are compared; default {@link CompareMode#SIZE_AND_TIME}. */
    public Sync compare(CompareMode mode) {
        request.compare(mode);
        return this;
    }

    /** {@code --size-only}. */
    public Sync sizeOnly() {
        request.sizeOnly();
        return this;
    }

    /** {@code --exact-timestamps}. */
    public Sync exactTimestamps() {
        request.exactTimestamps();
        return this;
    }

    /** Compare content: MD5 / multipart ETags (see {@link CompareMode#CHECKSUM}). */
    public Sync checksum() {
        request.checksum();
        return this;
    }

    /** {@code --delete}: remove destination files that the source lacks (excluded files stay). */
    public Sync delete() {
        request.delete();
        return this;
    }

    /**
     * With {@link #delete()}: refuses every delete when more than {@code n} would go (the copies
     * still happen); the report then has a failure saying how many were planned. Without {@code
     * delete()}, {@link #run()} refuses it (a limit must not turn deleting on).
     */
    public Sync maxDelete(long n) {
        request.maxDelete(n);
        return this;
    }

    /** {@code --dryrun}: list and plan, print {@code (dryrun) upload: a to b} lines, write nothing. */
    public Sync dryRun() {
        request.dryRun();
        return this;
    }

    /** With {@link #dryRun()}: where the dry-run lines go; default {@code System.out}. */
    public Sync output(PrintStream out) {
        request.output(out);
        return this;
    }

    /** Progress of the copies, e.g. {@link ProgressListener#console()}. */
    public Sync progress(ProgressListener listener) {
        request.progress(listener);
        return this;
    }

    /** {@code --content-type} for every object written (default: guessed from the extension). */
    public Sync contentType(String type) {
        request.contentType(type);
        return this;
    }

    /** {@code --metadata}: user metadata for every object written (replaces copied metadata). */
    public Sync metadata(Map<String, String> metadata) {
        request.metadata(metadata);
        return this;
    }

    /** {@code --cache-control} for every object written. */
    public Sync cacheControl(String value) {
        request.cacheControl(value);
        return this;
    }

    /** {@code --storage-class}. */
    public Sync storageClass(StorageClass storageClass) {
        request.storageClass(storageClass);
        return this;
    }

    /** {@code --sse AES256} or {@code aws:kms}. */
    public Sync sse(ServerSideEncryption sse) {
        request.sse(sse);
        return this;
    }

    /** {@code --sse aws:kms --sse-kms-key-id id}. */
    public Sync sseKms(String kmsKeyId) {
        request.sseKms(kmsKeyId);
        return this;
    }

    /** {@code --acl}. */
    public Sync acl(ObjectCannedACL acl) {
        request.acl(acl);
        return this;
    }

    /** Files (or objects) in flight at once; default 32. */
    public Sync concurrency(int n) {
        request.concurrency(n);
        return this;
    }

    /** Part size of multipart uploads and copies; default 8 MiB (raised to stay within 10,000 parts). */
    public Sync partSize(long bytes) {
        request.partSize(bytes);
        return this;
    }

    /** Uploads: files of at least this size are uploaded in parts; default 8 MiB. */
    public Sync multipartThreshold(long bytes) {
        request.multipartThreshold(bytes);
        return this;
    }

    /**
     * Lists S3 one directory level at a time (delimiter {@code /}), as rclone does, instead of one
     * flat listing. On AWS S3 the flat listing needs fewer requests (one per 1,000 keys); on stores
     * whose flat listing scans the whole bucket for every page — S3Proxy's filesystem backend, some
     * MinIO setups — listing by directory is much faster.
     */
    public Sync listByDirectory() {
        request.listByDirectory();
        return this;
    }

    /**
     * Downloads: forces each file's content to the storage device (fsync) before it is renamed into
     * place, and the directory entry after, so a power loss never leaves a renamed but empty or
     * partial file. Costs one device flush per file; off by default, as in the AWS CLI.
     */
    public Sync fsync() {
        request.fsync();
        return this;
    }

    /**
     * Plans from the S3 Inventory report of the source bucket instead of listing it: the objects
     * come from the report's data files (CSV, gzip; every file's MD5 checked against the manifest
     * before anything is planned), sorted with bounded memory and merged with the destination's
     * listing as a listing would be, so the plan is the listing plan of the objects the report saw.
     * {@code manifestUri} is a {@code manifest.json} or the folder of an inventory configuration
     * ({@code s3://inventory-bucket/prefix/source-bucket/config-id/}), whose latest report is taken.
     * Objects written or deleted after the report are not in the plan: {@link
     * SyncReport#inventoryAge()} says how old it was. Set one up with {@link Bucket#inventory}.
     */
    public Sync fromInventory(String manifestUri) {
        request.fromInventory(manifestUri);
        return this;
    }

    /**
     * Hands the copies of this S3-to-S3 sync to S3 Batch Operations, run as {@code roleArn} (a role
     * that {@code batchoperations.s3.amazonaws.com} may assume, allowed to read the source, write the
     * destination and the workspace). The next step sets the workspace and threshold; its {@code
     * run()} creates the job.
     *
     * @throws IllegalArgumentException when {@code roleArn} is not an IAM role ARN
     */
    public BatchSync viaBatchOperations(String roleArn) {
        return new BatchSync(kit, request, roleArn);
    }

    /** For tests: how downloads write their temporary files (a full disk, a counting wrapper). */
    Sync localFiles(LocalFiles files) {
        request.localFiles(files);
        return this;
    }

    /** For tests: objects larger than this are copied with UploadPartCopy (S3 requires it above 5 GiB). */
    Sync copyMultipartThreshold(long bytes) {
        request.copyMultipartThreshold(bytes);
        return this;
    }

    /**
     * The {@link SyncRequest} configured so far, as {@link Storage#sync(SyncRequest)} takes it.
     *
     * @throws IllegalStateException when settings contradict each other (see {@link
     *     SyncRequest.Builder#build()})
     */
    public SyncRequest toRequest() {
        return request.build();
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
     * @throws IllegalStateException when settings contradict each other (see {@link
     *     SyncRequest.Builder#build()}), before anything is listed
     */
    public SyncReport run() {
        SyncRequest built = request.build();
        runs.incrementAndGet();
        return run(kit, built);
    }

    static SyncReport run(AwsKit kit, SyncRequest request) {
        return run(kit, request, request.spec(), new AtomicBoolean());
    }

    private static SyncReport run(AwsKit kit, SyncRequest request, SyncSpec spec, AtomicBoolean cancel) {
        if (request.inventory().isEmpty()) {
            return new SyncEngine(kit, spec, cancel).run();
        }
        long start = System.nanoTime();
        try (Inventory inventory = Inventories.read(kit, request.inventory().get(), spec.source())) {
            Duration age = Duration.between(inventory.created(), Instant.now());
            SyncReport r = new SyncEngine(kit, spec, cancel)
                    .sourceListing(inventory.listing(spec.source().prefix()))
                    .run();
            return r.withInventory(
                    inventory.manifestUri(),
                    age.isNegative() ? Duration.ZERO : age,
                    Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /**
     * {@link #run()} on a new thread. Cancelling the future stops the sync: no new copy starts,
     * copies in flight finish or are aborted (multipart uploads are aborted, downloads drop their GET
     * stream instead of reading the rest of the object, temporary files are removed).
     */
    public CompletableFuture<SyncReport> runAsync() {
        SyncRequest built = request.build();
        SyncSpec spec = built.spec();
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
                        f.complete(run(kit, built, spec, cancel));
                    } catch (RuntimeException | Error e) {
                        f.completeExceptionally(e);
                    }
                },
                "awskit-sync-" + spec.source());
        t.setDaemon(true);
        t.start();
        return f;
    }

    /** What the sync would do, and whether it ran: {@code Sync{./site -> s3://web, exclude *.tmp, not run: call run()}}. */
    @Override
    public String toString() {
        return Texts.operation("Sync", request.describe(), runs.get());
    }
}
