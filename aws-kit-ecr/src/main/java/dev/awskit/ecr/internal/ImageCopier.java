package dev.awskit.ecr.internal;

import dev.awskit.core.AwsKitException;
import dev.awskit.core.ProgressEvent;
import dev.awskit.core.ProgressEventBuilder;
import dev.awskit.core.ProgressListener;
import dev.awskit.core.RetryPolicy;
import dev.awskit.ecr.CopyReport;
import dev.awskit.ecr.CopyReportBuilder;
import dev.awskit.ecr.ImageCopyException;
import dev.awskit.ecr.RegistryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one image between two registries over the distribution protocol: resolve the source,
 * pick platforms, HEAD each blob at the target and stream the missing ones (verified), push the
 * platform manifests by digest, then the index or manifest under the tag, last.
 */
public final class ImageCopier {
    private static final Logger LOG = LoggerFactory.getLogger(ImageCopier.class);
    private static final long PROGRESS_EVERY_BYTES = 1 << 20;
    /** How long a failed copy waits for its cancelled blob copies to abort their uploads. */
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(30);

    /**
     * The options of one copy. {@code platforms} empty means all. {@code newRepository}: the target
     * repository was created by this copy, so it has no blob yet and none is asked for first.
     */
    public record Options(
            Set<String> platforms,
            int parallelism,
            ProgressListener progress,
            boolean immutableTag,
            boolean newRepository) {}

    /** One side of a copy: a registry client, a repository and a reference (tag or digest). */
    public record Side(RegistryClient client, String repository, Optional<String> reference, String display) {}

    private final RetryPolicy retry;

    public ImageCopier(RetryPolicy kitPolicy) {
        // the kit's policy, also retrying registry answers that say "try again" (429, 5xx)
        this.retry = kitPolicy.toBuilder()
                .retryIf(e -> e instanceof RegistryException re && re.retryable())
                .build();
    }

    /** The source resolved: what to tag at the target, the platform manifests, the notes so far. */
    public record Resolved(
            Side source,
            RegistryClient.RawManifest top,
            RegistryClient.RawManifest toTag,
            List<RegistryClient.RawManifest> children,
            List<String> platforms,
            List<String> notes,
            long startNanos) {}

    /** Copies {@code source} to {@code target}; the report has everything but notes and creation. */
    public CopyReportBuilder copy(Side source, Side target, Options options) {
        if (!source.client().endpoint().equals(target.client().endpoint())) {
            // blobs may stream (within one registry they are mounted or already there)
            DigestingInputStream.startWarmUp();
        }
        // the target tag is read beside the source: two servers, and neither answer changes the
        // other request (a re-copy then waits for one round trip, not two)
        Beside<Optional<String>> tag = target.reference().isPresent()
                ? Beside.start("target-tag", "HEAD manifest " + target.display(), () -> currentTag(target))
                : null;
        Resolved resolved;
        try {
            resolved = resolve(source, options.platforms());
        } catch (RuntimeException | Error e) {
            if (tag != null) {
                tag.cancel();
            }
            throw e;
        }
        return copy(resolved, target, options, tag == null ? Optional.empty() : tag.join());
    }

    /**
     * The digest the target's tag points at now (HEAD manifest, retried as a step); empty when the
     * tag or the repository does not exist, or the target names no tag.
     */
    Optional<String> currentTag(Side target) {
        if (target.reference().isEmpty()) {
            return Optional.empty();
        }
        return retry.execute("HEAD manifest " + target.display(), () -> target.client()
                .manifestDigest(target.repository(), target.reference().get()));
    }

    /**
     * Reads the source's manifest (and the chosen platforms' manifests): the first step, before
     * anything is created or pushed at the target.
     *
     * @throws ImageCopyException when the source image does not exist or is not an image
     */
    public Resolved resolve(Side source, Set<String> wantedPlatforms) {
        long start = System.nanoTime();
        String srcRef = source.reference().orElseThrow();
        RegistryClient.RawManifest top = retry.execute("GET manifest " + source.display(), () -> source.client()
                        .manifest(source.repository(), srcRef))
                .orElseThrow(() -> new ImageCopyException("Source image " + source.display() + " does not exist at "
                        + source.client().endpoint() + ": check the repository and the tag or digest"));

        List<RegistryClient.RawManifest> children = new ArrayList<>();
        RegistryClient.RawManifest toTag = top;
        List<String> platforms = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (MediaTypes.isIndex(top.mediaType())) {
            List<Descriptor> all = Manifests.children(top, source.display());
            List<Descriptor> chosen = choose(all, wantedPlatforms, source.display());
            for (Descriptor d : chosen) {
                children.add(fetchChild(source, d));
                d.platform().ifPresent(platforms::add);
            }
            if (chosen.size() == all.size()) {
                toTag = top;
            } else if (chosen.size() == 1 && MediaTypes.isManifest(chosen.get(0).mediaType())) {
                toTag = children.remove(0);
                notes.add("only " + platforms + " was asked for: the target tag points at that platform's manifest "
                        + toTag.digest() + ", not at an index");
            } else {
                Set<String> keep =
                        chosen.stream().map(Descriptor::digest).collect(Collectors.toCollection(LinkedHashSet::new));
                byte[] filtered = IndexFilter.filter(top, keep, source.display());
                toTag = new RegistryClient.RawManifest(
                        filtered, top.mediaType(), DigestingInputStream.digestOf(filtered));
                notes.add("platforms " + platforms + " of " + all.size() + " were copied: the target index "
                        + toTag.digest() + " differs from the source's " + top.digest());
            }
        } else if (MediaTypes.isManifest(top.mediaType())) {
            if (!wantedPlatforms.isEmpty()) {
                notes.add("the source is a single-platform manifest; the platform filter did not apply");
            }
        } else {
            throw new ImageCopyException("Source " + source.display() + " has media type '" + top.mediaType()
                    + "', which is not an image manifest or index (OCI or Docker v2 schema 2)");
        }
        return new Resolved(source, top, toTag, children, platforms, notes, start);
    }

    /**
     * Copies a resolved source to {@code target}: blobs, platform manifests, then the tag, last.
     * {@code existing} is what the target tag pointed at when looked up ({@link #currentTag}, read
     * beside the source's resolution; empty: no such tag, or the target names no tag).
     */
    CopyReportBuilder copy(Resolved resolved, Side target, Options options, Optional<String> existing) {
        long start = resolved.startNanos();
        Side source = resolved.source();
        RegistryClient.RawManifest top = resolved.top();
        RegistryClient.RawManifest toTag = resolved.toTag();
        List<RegistryClient.RawManifest> children = resolved.children();
        List<String> platforms = resolved.platforms();
        List<String> notes = resolved.notes();
        String op = "copy " + source.display() + " -> " + target.display();

        CopyReportBuilder report = CopyReport.builder()
                .sourceDigest(top.digest())
                .digest(toTag.digest())
                .addAllPlatforms(platforms)
                .addAllNotes(notes);

        Optional<String> tag = target.reference();
        if (tag.isPresent()) {
            if (existing.isPresent() && existing.get().equals(toTag.digest())) {
                DigestingInputStream.stopWarmUp();
                LOG.info("{}: target tag already at {}, nothing to push", op, toTag.digest());
                options.progress()
                        .onProgress(ProgressEvent.builder()
                                .operation(op)
                                .completedUnits(0)
                                .totalUnits(0)
                                .unit("blobs")
                                .done(true)
                                .build());
                return report.upToDate(true)
                        .blobsCopied(0)
                        .blobsSkipped(0)
                        .bytesCopied(0)
                        .manifestsPushed(0)
                        .duration(Duration.ofNanos(System.nanoTime() - start));
            }
            if (existing.isPresent() && options.immutableTag()) {
                throw new ImageCopyException("Target tag " + target.display() + " is immutable and already points at "
                        + existing.get() + ", but the source " + source.display() + " is " + toTag.digest()
                        + ": push under another tag, or delete the target image first (batch-delete-image)");
            }
        }

        Map<String, Descriptor> blobs = new LinkedHashMap<>();
        List<RegistryClient.RawManifest> imageManifests = new ArrayList<>(children);
        if (MediaTypes.isManifest(toTag.mediaType())) {
            imageManifests.add(toTag);
        }
        for (RegistryClient.RawManifest m : imageManifests) {
            for (Descriptor d : Manifests.blobs(m, source.display() + "@" + m.digest())) {
                blobs.putIfAbsent(d.digest(), d);
            }
        }

        long totalBytes = blobs.values().stream().mapToLong(Descriptor::size).sum();
        Transfer t = new Transfer(op, blobs.size(), totalBytes, options.progress());
        copyBlobs(source, target, blobs.values(), options, t);

        int manifests = 0;
        for (RegistryClient.RawManifest child : children) {
            pushManifest(target, child.digest(), child);
            manifests++;
        }
        if (tag.isPresent()) {
            pushTag(target, tag.get(), toTag);
        } else {
            pushManifest(target, toTag.digest(), toTag);
        }
        manifests++;
        t.done();
        return report.upToDate(false)
                .blobsCopied(t.copied.get())
                .blobsSkipped(t.skipped.get())
                .blobsMounted(t.mounted.get())
                .bytesCopied(t.bytes.get())
                .manifestsPushed(manifests)
                .duration(Duration.ofNanos(System.nanoTime() - start));
    }

    private RegistryClient.RawManifest fetchChild(Side source, Descriptor d) {
        return retry.execute("GET manifest " + source.repository() + "@" + d.digest(), () -> source.client()
                        .manifest(source.repository(), d.digest()))
                .orElseThrow(() -> new ImageCopyException("The index " + source.display() + " names platform manifest "
                        + d.digest() + d.platform().map(p -> " (" + p + ")").orElse("")
                        + ", which the source registry does not have"));
    }

    static List<Descriptor> choose(List<Descriptor> all, Set<String> wanted, String where) {
        if (wanted.isEmpty()) {
            return all;
        }
        List<Descriptor> chosen = new ArrayList<>();
        for (Descriptor d : all) {
            if (d.platform().isPresent()
                    && wanted.stream().anyMatch(w -> matches(w, d.platform().get()))) {
                chosen.add(d);
            }
        }
        if (chosen.isEmpty()) {
            throw new ImageCopyException("None of the platforms " + wanted + " is in " + where + "; it has "
                    + all.stream()
                            .map(d -> d.platform().orElse("(no platform)"))
                            .distinct()
                            .collect(Collectors.joining(", ")));
        }
        for (String w : wanted) {
            if (chosen.stream().noneMatch(d -> matches(w, d.platform().get()))) {
                throw new ImageCopyException("Platform " + w + " is not in " + where + "; it has "
                        + all.stream()
                                .map(d -> d.platform().orElse("(no platform)"))
                                .distinct()
                                .collect(Collectors.joining(", ")));
            }
        }
        return chosen;
    }

    /** {@code linux/arm64} matches {@code linux/arm64/v8}; {@code linux/arm/v7} only itself. */
    static boolean matches(String wanted, String platform) {
        String w = wanted.toLowerCase(Locale.ROOT);
        String p = platform.toLowerCase(Locale.ROOT);
        return p.equals(w) || p.startsWith(w + "/");
    }

    /**
     * Copies the blobs, {@code parallelism} at once. The first blob that fails for good fails the
     * copy at once: the other copies are cancelled (their threads interrupted, which aborts their
     * HTTP exchanges and deletes their upload sessions) and waited for, boundedly, so that no
     * upload is left running behind the error.
     */
    private void copyBlobs(
            Side source, Side target, java.util.Collection<Descriptor> blobs, Options options, Transfer t) {
        if (blobs.isEmpty()) {
            return;
        }
        int parallelism = options.parallelism();
        boolean newRepository = options.newRepository();
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, blobs.size()), r -> {
            Thread th = new Thread(r, "aws-kit-ecr-copy-" + n.incrementAndGet());
            th.setDaemon(true);
            return th;
        });
        CompletionService<Void> done = new ExecutorCompletionService<>(pool);
        List<Future<Void>> futures = new ArrayList<>();
        RuntimeException failure = null;
        try {
            for (Descriptor d : blobs) {
                futures.add(done.submit(() -> {
                    copyBlob(source, target, d, newRepository, t);
                    return null;
                }));
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    done.take().get();
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    failure = c instanceof RuntimeException re ? re : new AwsKitException("blob copy failed: " + c, c);
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = new AwsKitException("interrupted while copying " + t.operation, e);
                    break;
                }
            }
        } finally {
            if (failure != null) {
                futures.forEach(f -> f.cancel(true));
            }
            // not shutdownNow(): cancel(true) interrupted the running copies once; a second interrupt
            // could land while a cancelled copy deletes its upload session, and leave the session open
            pool.shutdown();
            try {
                if (!pool.awaitTermination(CANCEL_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    LOG.warn("{}: blob copies still running {} after the copy failed", t.operation, CANCEL_WAIT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void copyBlob(Side source, Side target, Descriptor d, boolean newRepository, Transfer t) {
        String what = d.digest() + " (" + d.size() + " bytes) " + source.display() + " -> " + target.display();
        AtomicBoolean firstTry = new AtomicBoolean(true);
        retry.run("copy blob " + what, () -> {
            // a repository this copy created holds no blob to skip: no HEAD, one round trip less
            // (a retry asks: the failed try may have stored the blob before its answer was lost)
            boolean ask = !(newRepository && firstTry.getAndSet(false));
            if (ask && target.client().blobSize(target.repository(), d.digest()).isPresent()) {
                t.skipped(d);
                return;
            }
            if (sameRegistry(source, target)
                    && target.client().mountBlob(target.repository(), d.digest(), source.repository())) {
                t.mounted(d);
                return;
            }
            AtomicLong sent = new AtomicLong();
            try {
                target.client()
                        .uploadBlob(
                                target.repository(),
                                d.digest(),
                                d.size(),
                                () -> new DigestingInputStream(
                                        source.client().openBlob(source.repository(), d.digest()),
                                        d.digest(),
                                        d.size(),
                                        "blob " + d.digest() + " of " + source.display(),
                                        bytes -> {
                                            sent.addAndGet(bytes);
                                            t.bytes(bytes);
                                        }));
            } catch (RuntimeException e) {
                t.undo(sent.get()); // a retry sends the blob again from its start
                throw e;
            }
            t.copied(d);
        });
    }

    /**
     * Whether both sides are repositories of one registry, where a blob can be mounted instead of
     * sent (the same endpoint; another repository).
     */
    static boolean sameRegistry(Side source, Side target) {
        return source.client().endpoint().equals(target.client().endpoint())
                && !source.repository().equals(target.repository());
    }

    private void pushManifest(Side target, String reference, RegistryClient.RawManifest m) {
        retry.execute("PUT manifest " + target.repository() + "@" + reference, () -> target.client()
                .putManifest(target.repository(), reference, m));
    }

    /** The tag last; an immutable tag that already holds this digest (ImageAlreadyExists) is success. */
    private void pushTag(Side target, String tag, RegistryClient.RawManifest m) {
        try {
            pushManifest(target, tag, m);
        } catch (RegistryException e) {
            String msg = e.getMessage() == null ? "" : e.getMessage();
            boolean alreadyExists =
                    msg.contains("ImageAlreadyExists") || msg.contains("already exists") || msg.contains("TAG_INVALID");
            if (alreadyExists) {
                Optional<String> now = target.client().manifestDigest(target.repository(), tag);
                if (now.isPresent() && now.get().equals(m.digest())) {
                    return;
                }
                if (now.isPresent()) {
                    throw new ImageCopyException(
                            "Target tag " + target.display() + " is immutable and already points at " + now.get()
                                    + ", but the copied image is " + m.digest()
                                    + ": push under another tag, or delete the target image first",
                            e);
                }
            }
            throw e;
        }
    }

    /** Counters and progress of one copy. */
    private static final class Transfer {
        final String operation;
        final long totalUnits;
        final long totalBytes;
        final ProgressListener listener;
        final AtomicLong copied = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
        final AtomicLong mounted = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong lastReported = new AtomicLong();

        Transfer(String operation, long totalUnits, long totalBytes, ProgressListener listener) {
            this.operation = operation;
            this.totalUnits = totalUnits;
            this.totalBytes = totalBytes;
            this.listener = listener;
        }

        void bytes(long n) {
            long now = bytes.addAndGet(n);
            long last = lastReported.get();
            if (now - last >= PROGRESS_EVERY_BYTES && lastReported.compareAndSet(last, now)) {
                emit(null, false);
            }
        }

        void undo(long n) {
            bytes.addAndGet(-n);
        }

        void copied(Descriptor d) {
            copied.incrementAndGet();
            emit(d.digest(), false);
        }

        void skipped(Descriptor d) {
            skipped.incrementAndGet();
            // a skipped blob counts as done in units; its bytes were not transferred
            emit(d.digest() + " (already there)", false);
        }

        void mounted(Descriptor d) {
            mounted.incrementAndGet();
            // mounted from another repository of the registry: done, no bytes transferred
            emit(d.digest() + " (mounted)", false);
        }

        void done() {
            emit(null, true);
        }

        private void emit(String current, boolean done) {
            ProgressEventBuilder b = ProgressEvent.builder()
                    .operation(operation)
                    .completedUnits(copied.get() + skipped.get() + mounted.get())
                    .totalUnits(totalUnits)
                    .completedBytes(bytes.get())
                    .totalBytes(totalBytes)
                    .unit("blobs")
                    .done(done);
            if (current != null) {
                b.current(current);
            }
            listener.onProgress(b.build());
        }
    }
}
