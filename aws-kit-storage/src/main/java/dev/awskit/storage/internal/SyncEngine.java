package dev.awskit.storage.internal;

import dev.awskit.core.AwsErrors;
import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.core.ProgressEvent;
import dev.awskit.storage.SyncFailure;
import dev.awskit.storage.SyncReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Runs one sync: validates both sides, streams both listings through the {@link Planner} on the
 * calling thread, and executes copies and deletes on a bounded pool of workers (the planner waits
 * when {@code 4 x concurrency} tasks are pending, so memory stays flat). After {@link #run} returns,
 * nothing more is written.
 */
public final class SyncEngine {
    private static final Logger LOG = LoggerFactory.getLogger(SyncEngine.class);
    private static final int MAX_RECORDED_FAILURES = 1000;
    private static final int DELETE_BATCH = 1000;
    private static final long SMALL_FILE = 1024 * 1024;
    private static final long MIB = 1024 * 1024;
    private static final int MAX_PARTS = 10_000;
    /** Key ranges of an S3 listing fetched at once (see {@link RangedS3Listing}). */
    private static final int LIST_WINDOW = 4;

    private final AwsKit kit;
    private final SyncSpec spec;
    private final AtomicBoolean cancel;
    private final String operation;
    private S3Client srcS3;
    private S3Client dstS3;
    private ExecutorService workers;
    private ExecutorService parts;
    private ExecutorService listers;
    private Semaphore slots;

    private final LongAdder plannedCopies = new LongAdder();
    private final LongAdder plannedCopyBytes = new LongAdder();
    private final LongAdder plannedDeletes = new LongAdder();
    private final LongAdder copied = new LongAdder();
    private final LongAdder copiedBytes = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder skippedBytes = new LongAdder();
    private final LongAdder deleted = new LongAdder();
    private final LongAdder deletedBytes = new LongAdder();
    private final LongAdder excluded = new LongAdder();
    private final LongAdder units = new LongAdder();
    private final LongAdder doneUnits = new LongAdder();
    private final AtomicLong failureCount = new AtomicLong();
    private final Queue<SyncFailure> failures = new ConcurrentLinkedQueue<>();
    private long deletesRefused;
    private volatile boolean partNumberUnsupported;
    private volatile boolean listingDone;

    /** A source listing given from outside (an S3 Inventory report) instead of listing the source. */
    private Listing sourceListing;

    /** A destination listing given from outside (the kit's share of a Batch Operations sync). */
    private Listing destinationListing;

    private final List<Entry> deleteBatch = new ArrayList<>();
    private final List<Entry> deferredDeletes = new ArrayList<>();
    private long deferredCount;

    public SyncEngine(AwsKit kit, SyncSpec spec, AtomicBoolean cancel) {
        this.kit = kit;
        this.spec = spec;
        this.cancel = cancel;
        this.operation = "sync " + spec.source() + " -> " + spec.destination();
    }

    /**
     * Plans from {@code listing} instead of listing the source (e.g. {@link Inventory#listing}); the
     * listing must be in S3 key order with keys relative to the source's root.
     */
    public SyncEngine sourceListing(Listing listing) {
        this.sourceListing = listing;
        return this;
    }

    /**
     * Plans against {@code listing} instead of listing the destination: in S3 key order, keys
     * relative to the destination's root.
     */
    public SyncEngine destinationListing(Listing listing) {
        this.destinationListing = listing;
        return this;
    }

    /**
     * Checks both sides before anything is written.
     *
     * @throws IllegalArgumentException for a local path that is missing or not a directory
     * @throws AwsKitException for a bucket that does not exist or cannot be accessed
     */
    public void validate() {
        Location src = spec.source();
        Location dst = spec.destination();
        if (!src.isS3()) {
            Path p = src.path();
            if (!Files.exists(p)) {
                throw new IllegalArgumentException(
                        "The source directory " + p.toAbsolutePath() + " does not exist; give an existing directory");
            }
            if (!Files.isDirectory(p)) {
                throw new IllegalArgumentException("The source " + p.toAbsolutePath()
                        + " is a file; sync copies directories (to copy one file, sync its directory with"
                        + " .exclude(\"*\").include(\"" + p.getFileName() + "\"))");
            }
        } else {
            srcS3 = Buckets.clientFor(kit, src.bucket(), "source");
        }
        if (!dst.isS3()) {
            Path p = dst.path();
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new IllegalArgumentException("The destination " + p.toAbsolutePath()
                        + " is a file; give a directory (it is created when missing)");
            }
        } else {
            dstS3 = Buckets.clientFor(kit, dst.bucket(), "destination");
        }
    }

    public SyncReport run() {
        long start = System.nanoTime();
        validate();
        int n = spec.concurrency();
        workers = pool("awskit-sync", n);
        parts = pool("awskit-sync-part", Math.max(2, Math.min(n, 8)));
        listers = pool("awskit-sync-list", LIST_WINDOW); // threads start with the first ranged page
        slots = new Semaphore(n * 4);
        Listing src = null;
        Listing dst = null;
        try {
            if (!spec.destination().isS3() && !spec.dryRun()) {
                Files.createDirectories(spec.destination().path());
            }
            src = open(spec.source(), srcS3, true);
            dst = open(spec.destination(), dstS3, false);
            try {
                new Planner(spec.filters(), spec.mode(), spec.direction(), spec.delete()).plan(src, dst, new Sink());
            } finally {
                listingDone = true;
            }
            finishDeletes();
            awaitWorkers();
        } catch (CancelledSignal | InterruptedException e) {
            cancel.set(true);
        } catch (IOException e) {
            fail("", "sync", "cannot create " + spec.destination() + ": " + e, e);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            fail("", "list", "listing failed, nothing more was planned: " + describe(e), e);
            try {
                awaitWorkers();
            } catch (InterruptedException ie) {
                cancel.set(true);
            }
        } finally {
            stopWorkers();
        }
        long pruned = (src == null ? 0 : src.prunedPrefixes()) + (dst == null ? 0 : dst.prunedPrefixes());
        excluded.add((src == null ? 0 : src.skippedKeys()) + (dst == null ? 0 : dst.skippedKeys()));
        return report(start, pruned);
    }

    private void stopWorkers() {
        workers.shutdownNow();
        parts.shutdownNow();
        listers.shutdownNow();
        boolean interrupted = Thread.interrupted();
        try {
            if (!workers.awaitTermination(2, TimeUnit.MINUTES) || !parts.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.warn("{}: workers did not stop within 2 minutes", operation);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class CancelledSignal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CancelledSignal() {
            super("cancelled", null, false, false);
        }
    }

    private boolean cancelled() {
        if (Thread.currentThread().isInterrupted()) {
            cancel.set(true);
        }
        return cancel.get();
    }

    private void awaitWorkers() throws InterruptedException {
        workers.shutdown();
        while (!workers.awaitTermination(200, TimeUnit.MILLISECONDS)) {
            if (cancelled()) {
                throw new InterruptedException("cancelled");
            }
        }
    }

    private static ExecutorService pool(String name, int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), tf);
    }

    private Listing open(Location loc, S3Client s3, boolean source) {
        if (source && sourceListing != null) {
            return sourceListing;
        }
        if (!source && destinationListing != null) {
            return destinationListing;
        }
        if (loc.isS3()) {
            if (spec.listByDirectory()) {
                return new S3DirectoryListing(s3, loc.bucket(), loc.prefix(), spec.filters());
            }
            Location other = source ? spec.destination() : spec.source();
            if (!other.isS3()) {
                // the local side's keys split the S3 side's listing into ranges fetched side by side
                return new RangedS3Listing(
                        s3,
                        loc.bucket(),
                        loc.prefix(),
                        spec.filters(),
                        () -> RangedS3Listing.sample(
                                new LocalListing(other.path(), spec.filters(), (key, problem, cause) -> {}),
                                RangedS3Listing.PAGE),
                        listers,
                        LIST_WINDOW);
            }
            return new S3Listing(s3, loc.bucket(), loc.prefix(), spec.filters());
        }
        return new LocalListing(
                loc.path(),
                spec.filters(),
                (key, problem, cause) -> {
                    if (source) {
                        fail(key, "list", loc.display(key) + " " + problem, cause);
                    } else {
                        LOG.warn("{}: {} {}", operation, loc.display(key), problem);
                    }
                },
                this::staleTemp);
    }

    /** A temporary file of an earlier download: removed when its run is gone (never listed). */
    private void staleTemp(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
        if (spec.dryRun()
                || !TempFiles.isStale(
                        file.getFileName().toString(), attrs.lastModifiedTime(), java.time.Instant.now())) {
            return;
        }
        try {
            Files.deleteIfExists(file);
            LOG.info("{}: removed {}, left by a download that did not finish", operation, file);
        } catch (IOException e) {
            LOG.warn(
                    "{}: could not remove {}, left by a download that did not finish: {}",
                    operation,
                    file,
                    e.toString());
        }
    }

    // ------------------------------------------------------------------ the plan's consumer

    private final class Sink implements Planner.Sink {
        @Override
        public void copy(Entry src, Entry dst) {
            checkCancel();
            plannedCopies.increment();
            plannedCopyBytes.add(src.size());
            units.increment();
            if (spec.dryRun()) {
                dryRunLine(src.key());
                doneUnits.increment();
                return;
            }
            submit(() -> copyOne(src));
        }

        @Override
        public void verify(Entry src, Entry dst) {
            checkCancel();
            units.increment();
            submit(() -> verifyOne(src, dst));
        }

        @Override
        public void skip(Entry src, Entry dst) {
            skipped.increment();
            skippedBytes.add(src.size());
            units.increment();
            doneUnits.increment();
        }

        @Override
        public void delete(Entry dst) {
            checkCancel();
            plannedDeletes.increment();
            units.increment();
            if (spec.dryRun()) {
                spec.out().println("(dryrun) delete: " + spec.destination().display(dst.key()));
                doneUnits.increment();
                deferredCount++; // what a real run would weigh against maxDelete
                return;
            }
            if (spec.maxDelete() >= 0) {
                deferredCount++;
                if (deferredCount <= spec.maxDelete()) {
                    deferredDeletes.add(dst);
                } else {
                    deferredDeletes.clear(); // refused anyway: keep memory bounded by maxDelete
                }
                return;
            }
            queueDelete(dst);
        }

        @Override
        public void excluded(Entry e, boolean source) {
            excluded.increment();
        }

        private void checkCancel() {
            if (cancelled()) {
                throw new CancelledSignal();
            }
        }
    }

    private void dryRunLine(String key) {
        spec.out()
                .println("(dryrun) " + spec.direction().word() + ": "
                        + spec.source().display(key) + " to "
                        + spec.destination().display(key));
    }

    private void submit(Runnable task) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledSignal();
        }
        try {
            workers.execute(() -> {
                try {
                    if (!cancel.get()) {
                        task.run();
                    }
                } finally {
                    slots.release();
                }
            });
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
    }

    private void finishDeletes() {
        if (spec.dryRun()) {
            if (spec.maxDelete() >= 0 && deferredCount > spec.maxDelete()) {
                deletesRefused = deferredCount;
                spec.out()
                        .println("(dryrun) refused by maxDelete(" + spec.maxDelete() + "): " + deferredCount
                                + " deletions planned, a real run would delete nothing");
                fail(
                        "",
                        "delete",
                        deferredCount + " deletions planned in " + spec.destination() + ", more than maxDelete("
                                + spec.maxDelete() + "): a real run would delete nothing. Check the filters,"
                                + " or raise the limit.",
                        null);
            }
            return;
        }
        if (spec.maxDelete() >= 0) {
            if (deferredCount > spec.maxDelete()) {
                deletesRefused = deferredCount;
                fail(
                        "",
                        "delete",
                        deferredCount + " deletions planned in " + spec.destination() + ", more than maxDelete("
                                + spec.maxDelete() + "): nothing was deleted. Check the filters, or raise the limit.",
                        null);
                return;
            }
            for (Entry e : deferredDeletes) {
                queueDelete(e);
            }
            deferredDeletes.clear();
        }
        flushDeletes();
    }

    private void queueDelete(Entry dst) {
        if (!spec.destination().isS3()) {
            submit(() -> deleteLocal(dst));
            return;
        }
        deleteBatch.add(dst);
        if (deleteBatch.size() >= DELETE_BATCH) {
            flushDeletes();
        }
    }

    private void flushDeletes() {
        if (deleteBatch.isEmpty() || !spec.destination().isS3()) {
            return;
        }
        List<Entry> batch = List.copyOf(deleteBatch);
        deleteBatch.clear();
        submit(() -> deleteS3(batch));
    }

    // ------------------------------------------------------------------ tasks

    private void copyOne(Entry src) {
        String op = spec.direction().word();
        try {
            long bytes =
                    switch (spec.direction()) {
                        case UPLOAD -> upload(src);
                        case DOWNLOAD ->
                            outsideRetry("download " + spec.source().display(src.key()), () -> download(src));
                        default -> copyS3(src);
                    };
            copied.increment();
            copiedBytes.add(bytes);
        } catch (RuntimeException e) {
            if (!isCancellation(e)) {
                fail(src.key(), op, spec.source().display(src.key()) + ": " + describe(e), e);
            }
        } finally {
            doneUnits.increment();
            progress(src.key());
        }
    }

    private void verifyOne(Entry src, Entry dst) {
        try {
            boolean same;
            if (spec.direction() == Direction.UPLOAD) {
                same = sameContent(
                        localPath(spec.source().path(), src.key()),
                        src.size(),
                        dst.etag(),
                        dstS3,
                        spec.destination().bucket(),
                        spec.destination().prefix() + dst.key());
            } else {
                same = sameContent(
                        localPath(spec.destination().path(), dst.key()),
                        dst.size(),
                        src.etag(),
                        srcS3,
                        spec.source().bucket(),
                        spec.source().prefix() + src.key());
            }
            if (same) {
                skipped.increment();
                skippedBytes.add(src.size());
                doneUnits.increment();
                progress(src.key());
                return;
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("{}: comparing {} failed, copying it: {}", operation, src.key(), e.toString());
        }
        plannedCopies.increment();
        plannedCopyBytes.add(src.size());
        if (spec.dryRun()) {
            dryRunLine(src.key());
            doneUnits.increment();
            return;
        }
        copyOne(src);
    }

    /**
     * Whether the local {@code file} holds what the object's {@code etag} describes. For a multipart
     * ETag the part size is asked of S3 ({@code HeadObject} with {@code partNumber=1} answers with the
     * first part's exact length); stores that cannot answer that (S3Proxy: 501) fall back to the
     * candidate part sizes of {@link Etags#candidatePartSizes}.
     */
    private boolean sameContent(Path file, long size, String etag, S3Client s3, String bucket, String key)
            throws IOException {
        int parts = Etags.partCount(etag);
        if (parts > 1 && !partNumberUnsupported) {
            long ps = firstPartSize(s3, bucket, key, etag, size, parts);
            if (ps > 0) {
                return Etags.multipartEtag(file, size, ps).equalsIgnoreCase(etag);
            }
        }
        return Etags.fileMatches(file, size, etag, spec.partSize());
    }

    private long firstPartSize(S3Client s3, String bucket, String key, String etag, long size, int parts) {
        try {
            HeadObjectResponse h = s3.headObject(b -> b.bucket(bucket).key(key).partNumber(1));
            Long length = h.contentLength();
            Integer count = h.partsCount();
            if (length == null
                    || length <= 0
                    || (count != null && count != parts)
                    || !etag.equalsIgnoreCase(Etags.unquote(h.eTag()))
                    || (size + length - 1) / length != parts) {
                return -1; // changed since it was listed, or an answer that is not a part's: fall back
            }
            return length;
        } catch (S3Exception e) {
            int status = AwsErrors.statusCode(e);
            if (status == 501 || status == 400) {
                partNumberUnsupported = true; // the store does not do part numbers: do not ask again
            }
            return -1;
        }
    }

    private long upload(Entry src) {
        Path file = localPath(spec.source().path(), src.key());
        String key = spec.destination().prefix() + src.key();
        try {
            long size = Files.size(file);
            if (size >= spec.multipartThreshold()) {
                return outsideRetry(
                        "multipart upload of " + file + " to "
                                + spec.destination().display(src.key()),
                        () -> multipartUpload(file, key, size));
            }
            PutObjectRequest.Builder req = putRequest(key, src.key());
            if (size <= SMALL_FILE) {
                byte[] data = Files.readAllBytes(file);
                req.contentLength((long) data.length).contentMD5(base64Md5(data, 0, data.length));
                dstS3.putObject(req.build(), RequestBody.fromBytes(data));
                return data.length;
            }
            req.contentLength(size).contentMD5(Base64.getEncoder().encodeToString(Etags.digestRange(file, 0, size)));
            dstS3.putObject(req.build(), RequestBody.fromFile(file));
            return size;
        } catch (IOException e) {
            throw new LocalFileException("cannot read", file, e);
        }
    }

    /**
     * Runs {@code step} under the kit's retry policy, except that a {@link LocalFileException} ends
     * it at once: a full disk or a vanished file does not heal by itself, and every retry would
     * repeat the network work (a GET, a CreateMultipartUpload) before failing the same way. The
     * policy's classification sees an IOException anywhere in the cause chain as transient, so the
     * local failure travels past it as a value.
     */
    private <T> T outsideRetry(String what, java.util.function.Supplier<T> step) {
        AtomicReference<LocalFileException> local = new AtomicReference<>();
        T result = kit.retryPolicy().execute(what, () -> {
            try {
                return step.get();
            } catch (LocalFileException e) {
                local.set(e);
                return null;
            }
        });
        if (local.get() != null) {
            throw local.get();
        }
        return result;
    }

    private PutObjectRequest.Builder putRequest(String key, String relKey) {
        ObjectOptions o = spec.options();
        PutObjectRequest.Builder b =
                PutObjectRequest.builder().bucket(spec.destination().bucket()).key(key);
        String type = o.contentType() != null ? o.contentType() : MimeTypes.guess(relKey);
        if (type != null) {
            b.contentType(type);
        }
        if (o.metadata() != null) {
            b.metadata(o.metadata());
        }
        if (o.cacheControl() != null) {
            b.cacheControl(o.cacheControl());
        }
        if (o.storageClass() != null) {
            b.storageClass(o.storageClass());
        }
        if (o.sse() != null) {
            b.serverSideEncryption(o.sse());
        }
        if (o.kmsKeyId() != null) {
            b.ssekmsKeyId(o.kmsKeyId());
        }
        if (o.acl() != null) {
            b.acl(o.acl());
        }
        return b;
    }

    private long partSizeFor(long size) {
        long min = (size + MAX_PARTS - 1) / MAX_PARTS;
        min = (min + MIB - 1) / MIB * MIB;
        return Math.max(spec.partSize(), min);
    }

    private long multipartUpload(Path file, String key, long size) {
        PutObjectRequest p = putRequest(key, key).build();
        CreateMultipartUploadRequest.Builder c = CreateMultipartUploadRequest.builder()
                .bucket(p.bucket())
                .key(key)
                .contentType(p.contentType())
                .metadata(p.metadata())
                .cacheControl(p.cacheControl())
                .storageClass(p.storageClass())
                .serverSideEncryption(p.serverSideEncryption())
                .ssekmsKeyId(p.ssekmsKeyId())
                .acl(p.acl());
        String uploadId = dstS3.createMultipartUpload(c.build()).uploadId();
        abortLostUploads(key, uploadId);
        long ps = partSizeFor(size);
        int count = (int) Math.max(1, (size + ps - 1) / ps);
        byte[][] digests = new byte[count][];
        List<CompletedPart> done = new ArrayList<>();
        try {
            List<Future<CompletedPart>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int number = i + 1;
                long off = i * ps;
                long len = Math.min(ps, size - off);
                futures.add(parts.submit(() -> {
                    byte[] data;
                    try {
                        data = readRange(file, off, (int) len);
                    } catch (IOException e) {
                        throw new LocalFileException("cannot read", file, e);
                    }
                    MessageDigest md = Etags.md5();
                    md.update(data);
                    byte[] digest = md.digest();
                    digests[number - 1] = digest;
                    UploadPartResponse r = dstS3.uploadPart(
                            u -> u.bucket(p.bucket())
                                    .key(key)
                                    .uploadId(uploadId)
                                    .partNumber(number)
                                    .contentLength(len)
                                    .contentMD5(Base64.getEncoder().encodeToString(digest)),
                            RequestBody.fromBytes(data));
                    return CompletedPart.builder()
                            .partNumber(number)
                            .eTag(r.eTag())
                            .build();
                }));
            }
            for (Future<CompletedPart> f : futures) {
                done.add(await(f));
            }
            String expected = Etags.multipartEtag(digests);
            String etag;
            try {
                etag = Etags.unquote(dstS3.completeMultipartUpload(b ->
                                b.bucket(p.bucket()).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(done)))
                        .eTag());
            } catch (S3Exception e) {
                // a retried Complete whose first attempt succeeded (the answer was lost) finds no upload
                if (!"NoSuchUpload".equals(AwsErrors.errorCode(e).orElse(""))) {
                    throw e;
                }
                etag = Etags.unquote(
                        dstS3.headObject(h -> h.bucket(p.bucket()).key(key)).eTag());
                if (!expected.equalsIgnoreCase(etag)) {
                    throw e;
                }
            }
            if (!spec.options().etagIsNotMd5() && Etags.partCount(etag) == count) {
                if (!expected.equalsIgnoreCase(etag)) {
                    throw new IllegalStateException(
                            "S3 reports ETag " + etag + " for " + key + ", expected " + expected);
                }
            }
            return size;
        } catch (RuntimeException e) {
            abortQuietly(key, uploadId);
            throw e;
        }
    }

    /**
     * Aborts the uploads an earlier attempt of our CreateMultipartUpload started when its answer was
     * lost (the server acted, the connection broke, the SDK retried): their ids never reached us.
     * ListMultipartUploads shows them beside ours; an upload of the same key, by the same initiator,
     * initiated at most the retry policy's total time (plus a minute) before ours by the server's own
     * clock (and at most 5 s after it: stores keep that time imprecisely), is taken for one of them.
     * Another writer of the same key with the same identity in that window would lose its upload (it
     * would be racing this sync for the key anyway). Without permission to list uploads nothing is
     * aborted; an AbortIncompleteMultipartUpload lifecycle rule then removes them.
     */
    private void abortLostUploads(String key, String ourUploadId) {
        String bucket = spec.destination().bucket();
        try {
            var listing = dstS3.listMultipartUploads(l -> l.bucket(bucket).prefix(key));
            var ours = listing.uploads().stream()
                    .filter(u -> u.uploadId().equals(ourUploadId))
                    .findFirst();
            if (ours.isEmpty() || ours.get().initiated() == null) {
                return;
            }
            // the lost upload was created before ours; stores keep Initiated imprecisely (S3Proxy's
            // filesystem backend has shown an earlier upload with a later time), hence the tolerance
            java.time.Instant until = ours.get().initiated().plusSeconds(5);
            java.time.Instant since =
                    until.minus(kit.retryPolicy().maxTotalTime()).minus(Duration.ofMinutes(1));
            String initiator = ours.get().initiator() == null
                    ? null
                    : ours.get().initiator().id();
            for (var u : listing.uploads()) {
                if (u.key().equals(key)
                        && !u.uploadId().equals(ourUploadId)
                        && u.initiated() != null
                        && !u.initiated().isAfter(until)
                        && !u.initiated().isBefore(since)
                        && (initiator == null
                                || (u.initiator() != null
                                        && initiator.equals(u.initiator().id())))) {
                    LOG.info(
                            "{}: aborting multipart upload {} of {}, started by a CreateMultipartUpload whose"
                                    + " answer was lost",
                            operation,
                            u.uploadId(),
                            key);
                    abortQuietly(key, u.uploadId());
                }
            }
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            // best effort: the upload itself goes on
            LOG.debug("{}: cannot list multipart uploads of {}: {}", operation, key, e.toString());
        }
    }

    private void abortQuietly(String key, String uploadId) {
        boolean interrupted = Thread.interrupted();
        try {
            dstS3.abortMultipartUpload(
                    b -> b.bucket(spec.destination().bucket()).key(key).uploadId(uploadId));
        } catch (RuntimeException e) {
            LOG.warn(
                    "{}: aborting multipart upload {} of {} failed; S3 keeps its parts until a lifecycle rule"
                            + " (AbortIncompleteMultipartUpload) removes them: {}",
                    operation,
                    uploadId,
                    key,
                    e.toString());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AbortedException.create("cancelled");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw new IllegalStateException(c);
        }
    }

    private static byte[] readRange(Path file, long off, int len) throws IOException {
        byte[] data = new byte[len];
        try (var ch = java.nio.channels.FileChannel.open(file)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(data);
            long pos = off;
            while (buf.hasRemaining()) {
                int n = ch.read(buf, pos);
                if (n < 0) {
                    throw new IOException("it became shorter while being uploaded");
                }
                pos += n;
            }
        }
        return data;
    }

    private long download(Entry src) {
        Path target = localPath(spec.destination().path(), src.key());
        Path dir = target.getParent();
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException(
                    "a file is in the way of directory " + dir + " (S3 has both 'x' and 'x/...' keys)");
        } catch (IOException e) {
            throw new LocalFileException("cannot create directory", dir, e);
        }
        if (Files.isDirectory(target)) {
            throw new IllegalStateException(
                    "a directory is in the way of file " + target + " (S3 has both 'x' and 'x/...' keys)");
        }
        // no permission attributes: the file gets what any new file gets under the umask, as the CLI's do
        Path tmp = dir.resolve(TempFiles.newName());
        String key = spec.source().prefix() + src.key();
        boolean keep = false;
        try {
            MessageDigest md = Etags.md5();
            long written = 0;
            GetObjectResponse r;
            LocalFiles.Output out;
            try {
                out = spec.localFiles().create(tmp);
            } catch (IOException e) {
                throw new LocalFileException("cannot create", tmp, e);
            }
            try (LocalFiles.Output o = out) {
                ResponseInputStream<GetObjectResponse> in =
                        srcS3.getObject(b -> b.bucket(spec.source().bucket()).key(key));
                boolean whole = false;
                try {
                    r = in.response();
                    byte[] buf = new byte[64 * 1024];
                    int n;
                    while ((n = readNetwork(in, buf)) >= 0) {
                        md.update(buf, 0, n);
                        try {
                            o.write(buf, 0, n);
                        } catch (IOException e) {
                            throw new LocalFileException("cannot write", tmp, e);
                        }
                        written += n;
                    }
                    whole = true;
                } finally {
                    if (!whole) {
                        // closing would read the rest of the object to reuse the connection: on a
                        // cancel or a local error that is wasted bytes; abort drops the connection
                        in.abort();
                    }
                    closeNetwork(in);
                }
                if (spec.fsync()) {
                    try {
                        o.force();
                    } catch (IOException e) {
                        throw new LocalFileException("cannot flush to disk", tmp, e);
                    }
                }
            } catch (IOException e) {
                throw new LocalFileException("cannot close", tmp, e);
            }
            Long expected = r.contentLength();
            if (expected != null && expected != written) {
                throw new UncheckedIOException(new IOException("received " + written + " of " + expected + " bytes of "
                        + key + "; the connection ended early"));
            }
            String etag = Etags.unquote(r.eTag());
            boolean md5Etag = Etags.isPlainMd5(etag)
                    && r.sseCustomerAlgorithm() == null
                    && r.serverSideEncryption() != ServerSideEncryption.AWS_KMS
                    && r.serverSideEncryption() != ServerSideEncryption.AWS_KMS_DSSE;
            if (md5Etag && !Etags.hex(md.digest()).equalsIgnoreCase(etag)) {
                throw new UncheckedIOException(
                        new IOException("the MD5 of the bytes received for " + key + " differs from its ETag " + etag));
            }
            try {
                if (r.lastModified() != null) {
                    Files.setLastModifiedTime(tmp, FileTime.from(r.lastModified()));
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                keep = true;
            } catch (IOException e) {
                throw new LocalFileException("cannot move the downloaded file into place as", target, e);
            }
            if (spec.fsync()) {
                TempFiles.forceDirectory(dir);
            }
            return written;
        } finally {
            if (!keep) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    LOG.warn("{}: could not remove temporary file {}: {}", operation, tmp, e.toString());
                }
            }
        }
    }

    /** Reads the response body; its failures are the network's (transient, retried). */
    private int readNetwork(InputStream in, byte[] buf) {
        try {
            if (Thread.currentThread().isInterrupted() || cancel.get()) {
                throw AbortedException.create("cancelled"); // not retryable
            }
            return in.read(buf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeNetwork(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long copyS3(Entry src) {
        String srcBucket = spec.source().bucket();
        String srcKey = spec.source().prefix() + src.key();
        String key = spec.destination().prefix() + src.key();
        ObjectOptions o = spec.options();
        if (src.size() > spec.copyMultipartThreshold()) {
            return kit.retryPolicy()
                    .execute(
                            "multipart copy of " + spec.source().display(src.key()),
                            () -> multipartCopy(src, srcKey, key));
        }
        CopyObjectRequest.Builder b = CopyObjectRequest.builder()
                .sourceBucket(srcBucket)
                .sourceKey(srcKey)
                .destinationBucket(spec.destination().bucket())
                .destinationKey(key);
        if (o.replacesMetadata()) {
            HeadObjectResponse h = srcS3.headObject(x -> x.bucket(srcBucket).key(srcKey));
            b.metadataDirective(MetadataDirective.REPLACE)
                    .contentType(o.contentType() != null ? o.contentType() : h.contentType())
                    .metadata(o.metadata() != null ? o.metadata() : h.metadata())
                    .cacheControl(o.cacheControl() != null ? o.cacheControl() : h.cacheControl())
                    .contentEncoding(h.contentEncoding())
                    .contentDisposition(h.contentDisposition())
                    .contentLanguage(h.contentLanguage());
        }
        b.storageClass(o.storageClass())
                .serverSideEncryption(o.sse())
                .ssekmsKeyId(o.kmsKeyId())
                .acl(o.acl());
        dstS3.copyObject(b.build());
        return src.size();
    }

    private long multipartCopy(Entry src, String srcKey, String key) {
        String srcBucket = spec.source().bucket();
        ObjectOptions o = spec.options();
        HeadObjectResponse h = srcS3.headObject(x -> x.bucket(srcBucket).key(srcKey));
        Map<String, String> metadata = o.metadata() != null ? o.metadata() : new HashMap<>(h.metadata());
        CreateMultipartUploadResponse c =
                dstS3.createMultipartUpload(b -> b.bucket(spec.destination().bucket())
                        .key(key)
                        .contentType(o.contentType() != null ? o.contentType() : h.contentType())
                        .metadata(metadata)
                        .cacheControl(o.cacheControl() != null ? o.cacheControl() : h.cacheControl())
                        .contentEncoding(h.contentEncoding())
                        .contentDisposition(h.contentDisposition())
                        .storageClass(o.storageClass())
                        .serverSideEncryption(o.sse())
                        .ssekmsKeyId(o.kmsKeyId())
                        .acl(o.acl()));
        String uploadId = c.uploadId();
        abortLostUploads(key, uploadId);
        long size = h.contentLength();
        long ps = partSizeFor(size);
        int count = (int) Math.max(1, (size + ps - 1) / ps);
        try {
            List<Future<CompletedPart>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int number = i + 1;
                long first = i * ps;
                long last = Math.min(size, first + ps) - 1;
                futures.add(parts.submit(() -> {
                    UploadPartCopyResponse r = dstS3.uploadPartCopy(u -> u.sourceBucket(srcBucket)
                            .sourceKey(srcKey)
                            .copySourceIfMatch(h.eTag())
                            .copySourceRange("bytes=" + first + "-" + last)
                            .destinationBucket(spec.destination().bucket())
                            .destinationKey(key)
                            .uploadId(uploadId)
                            .partNumber(number));
                    return CompletedPart.builder()
                            .partNumber(number)
                            .eTag(r.copyPartResult().eTag())
                            .build();
                }));
            }
            List<CompletedPart> done = new ArrayList<>();
            for (Future<CompletedPart> f : futures) {
                done.add(await(f));
            }
            dstS3.completeMultipartUpload(b -> b.bucket(spec.destination().bucket())
                    .key(key)
                    .uploadId(uploadId)
                    .multipartUpload(m -> m.parts(done)));
            return size;
        } catch (RuntimeException e) {
            abortQuietly(key, uploadId);
            throw e;
        }
    }

    private void deleteLocal(Entry dst) {
        try {
            Files.deleteIfExists(localPath(spec.destination().path(), dst.key()));
            deleted.increment();
            deletedBytes.add(dst.size());
        } catch (IOException | RuntimeException e) {
            fail(dst.key(), "delete", spec.destination().display(dst.key()) + ": " + describe(e), e);
        } finally {
            doneUnits.increment();
            progress(dst.key());
        }
    }

    private void deleteS3(List<Entry> batch) {
        String bucket = spec.destination().bucket();
        Map<String, Entry> pending = new HashMap<>();
        for (Entry e : batch) {
            pending.put(spec.destination().prefix() + e.key(), e);
        }
        Map<String, S3Error> failed = new HashMap<>();
        try {
            kit.retryPolicy().run("DeleteObjects in s3://" + bucket, () -> {
                failed.clear();
                List<ObjectIdentifier> ids = new ArrayList<>();
                pending.keySet()
                        .forEach(k -> ids.add(ObjectIdentifier.builder().key(k).build()));
                DeleteObjectsResponse r = dstS3.deleteObjects(
                        b -> b.bucket(bucket).delete(d -> d.objects(ids).quiet(true)));
                for (S3Error err : r.errors()) {
                    failed.put(err.key(), err);
                }
                for (Map.Entry<String, Entry> e : new ArrayList<>(pending.entrySet())) {
                    if (!failed.containsKey(e.getKey())) {
                        pending.remove(e.getKey());
                        deleted.increment();
                        deletedBytes.add(e.getValue().size());
                        doneUnits.increment();
                    }
                }
                S3Error retryable = failed.values().stream()
                        .filter(x -> x.code() != null
                                && (x.code().equals("SlowDown")
                                        || x.code().equals("InternalError")
                                        || x.code().equals("ServiceUnavailable")))
                        .findFirst()
                        .orElse(null);
                if (retryable != null) {
                    throw S3Exception.builder()
                            .statusCode(retryable.code().equals("InternalError") ? 500 : 503)
                            .message(retryable.code() + ": " + retryable.message())
                            .build();
                }
            });
        } catch (RuntimeException e) {
            if (!isCancellation(e) && failed.isEmpty()) {
                for (Map.Entry<String, Entry> p : pending.entrySet()) {
                    fail(p.getValue().key(), "delete", "s3://" + bucket + "/" + p.getKey() + ": " + describe(e), e);
                }
                pending.clear();
            }
        }
        for (Map.Entry<String, S3Error> f : failed.entrySet()) {
            Entry e = pending.get(f.getKey());
            if (e != null) {
                fail(
                        e.key(),
                        "delete",
                        "s3://" + bucket + "/" + f.getKey() + ": "
                                + f.getValue().code() + ": " + f.getValue().message(),
                        null);
                doneUnits.increment();
            }
        }
        progress(batch.get(batch.size() - 1).key());
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The local file for {@code key} under {@code root}; keys that could escape the root or are not
     * file names ({@code ..}, {@code .}, empty segments, NUL) are refused.
     */
    static Path localPath(Path root, String key) {
        if (key.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("the key contains a NUL character and cannot be a file name");
        }
        for (String seg : key.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                throw new IllegalArgumentException("the key has an empty, '.' or '..' segment and cannot be"
                        + " a file name under " + root + " (it is skipped, never written outside the root)");
            }
        }
        Path p = root.resolve(key);
        if (!p.normalize().startsWith(root.normalize())) {
            throw new IllegalArgumentException("the key would be written outside " + root);
        }
        return p;
    }

    private static String base64Md5(byte[] data, int off, int len) {
        MessageDigest md = Etags.md5();
        md.update(data, off, len);
        return Base64.getEncoder().encodeToString(md.digest());
    }

    private boolean isCancellation(RuntimeException e) {
        // once cancelled, every failure of an in-flight task is a consequence of the cancellation
        return cancel.get();
    }

    private static String describe(Throwable e) {
        if (e instanceof AwsKitException || e instanceof LocalFileException) {
            return e.getMessage();
        }
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            return e.getMessage();
        }
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            return u.getCause().toString();
        }
        return AwsErrors.describe(e);
    }

    private void fail(String key, String op, String message, Throwable cause) {
        if (failureCount.incrementAndGet() <= MAX_RECORDED_FAILURES) {
            failures.add(SyncFailure.of(key, op, message, cause));
        }
        LOG.debug("{}: {} {} failed: {}", operation, op, key, message);
    }

    private void progress(String current) {
        boolean totals = listingDone;
        spec.progress()
                .onProgress(ProgressEvent.builder()
                        .operation(operation)
                        .unit("files")
                        .completedUnits(doneUnits.sum())
                        .totalUnits(totals ? units.sum() : -1)
                        .completedBytes(copiedBytes.sum())
                        .totalBytes(totals ? plannedCopyBytes.sum() : -1)
                        .current(current)
                        .build());
    }

    private SyncReport report(long start, long pruned) {
        SyncReport r = SyncReport.builder()
                .source(spec.source().text())
                .destination(spec.destination().text())
                .dryRun(spec.dryRun())
                .cancelled(cancel.get())
                .plannedCopies(plannedCopies.sum())
                .plannedCopyBytes(plannedCopyBytes.sum())
                .plannedDeletes(plannedDeletes.sum())
                .copied(copied.sum())
                .copiedBytes(copiedBytes.sum())
                .skipped(skipped.sum())
                .skippedBytes(skippedBytes.sum())
                .deleted(deleted.sum())
                .deletedBytes(deletedBytes.sum())
                .deletesRefused(deletesRefused)
                .excluded(excluded.sum())
                .prunedPrefixes(pruned)
                .addAllFailures(new ArrayList<>(failures))
                .failureCount(failureCount.get())
                .duration(Duration.ofNanos(System.nanoTime() - start))
                .build();
        spec.progress()
                .onProgress(ProgressEvent.builder()
                        .operation(operation)
                        .unit("files")
                        .completedUnits(doneUnits.sum())
                        .totalUnits(units.sum())
                        .completedBytes(copiedBytes.sum())
                        .totalBytes(plannedCopyBytes.sum())
                        .done(true)
                        .build());
        return r;
    }
}
