package dev.awskit.storage.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Streams a flat ListObjectsV2 listing in key order, 1,000 keys per request, and skips over
 * prefixes the filters exclude entirely: at the first key under such a prefix {@code P} the
 * listing restarts with {@code StartAfter = P + U+10FFFF}, so at most the rest of one page of
 * {@code P} is ever fetched, however many objects it holds (the CLI pages through all of them,
 * aws-cli #1138 / #7653). Zero-byte keys ending in {@code /} (console folder markers) are skipped,
 * as the CLI skips them.
 *
 * <p>A listing may be one key range of a larger one ({@link RangedS3Listing}): it starts after a
 * key and ends at a key (inclusive), stops asking for pages once a page reaches its end, and can
 * fetch its first page ahead, on another thread.
 */
public final class S3Listing extends LookaheadListing {
    /** The largest code point: every key starting with P and a real character sorts before P + this. */
    private static final String AFTER_EVERYTHING = new String(Character.toChars(Character.MAX_CODE_POINT));

    private final S3Client s3;
    private final String bucket;
    private final String root;
    private final Filters filters;
    private final boolean canPrune;
    private List<S3Object> page = List.of();
    private int index;
    private String token;
    private String startAfter;
    private boolean started;
    private String lastDir;
    private String lastSkipped;
    private String firstSkipped;
    private long skippedKeys;
    private long requests;
    /** The last key of this range (a whole key, inclusive), or {@code null}: to the end. */
    private String end;

    private final Integer maxKeys;
    private CompletableFuture<ListObjectsV2Response> ahead;
    private UnaryOperator<String> onFirstFullPage;
    private boolean lastOfBucket;

    /**
     * @param root the key prefix that is the sync's root: {@code ""} or ending in {@code /}
     */
    public S3Listing(S3Client s3, String bucket, String root, Filters filters) {
        this(s3, bucket, root, filters, null, null, null);
    }

    /**
     * One key range: the keys after {@code startAfter} up to and including {@code end} (whole keys,
     * root included; {@code null}: from the start, to the end).
     *
     * @param maxKeys keys per page, {@code null} for S3's default (1,000)
     */
    S3Listing(
            S3Client s3, String bucket, String root, Filters filters, String startAfter, String end, Integer maxKeys) {
        this.s3 = s3;
        this.bucket = bucket;
        this.root = root;
        this.filters = filters;
        this.canPrune = filters.canPrune();
        this.startAfter = startAfter;
        this.end = end;
        this.maxKeys = maxKeys;
    }

    /**
     * Called once with the last key of the first page when that page is not the whole listing; what
     * it returns becomes this listing's end (or {@code null}: no end).
     */
    void onFirstFullPage(UnaryOperator<String> hook) {
        this.onFirstFullPage = hook;
    }

    /** Starts fetching the first page on {@code executor}; {@link #hasNext()} then waits for it. */
    void fetchAhead(Executor executor) {
        ListObjectsV2Request r = request();
        ahead = CompletableFuture.supplyAsync(() -> s3.listObjectsV2(r), executor);
    }

    /** Stops a page fetched ahead that is no longer needed. */
    void cancel() {
        if (ahead != null) {
            ahead.cancel(true);
        }
    }

    /** Whether S3 said that no key follows this listing's last page (nothing after it, in any range). */
    boolean lastOfBucket() {
        return lastOfBucket;
    }

    private ListObjectsV2Request request() {
        ListObjectsV2Request.Builder r =
                ListObjectsV2Request.builder().bucket(bucket).prefix(root).maxKeys(maxKeys);
        if (token != null) {
            r.continuationToken(token);
        } else if (startAfter != null) {
            r.startAfter(startAfter);
        }
        return r.build();
    }

    private boolean fetch() {
        if (started && token == null) {
            return false;
        }
        if (!started && end != null && startAfter != null && Keys.compare(startAfter, end) >= 0) {
            started = true; // skipped past the end of the range
            return false;
        }
        ListObjectsV2Response resp;
        if (ahead != null) {
            resp = await(ahead);
            ahead = null;
        } else {
            resp = s3.listObjectsV2(request());
        }
        requests++;
        started = true;
        page = resp.contents();
        index = 0;
        token = Boolean.TRUE.equals(resp.isTruncated()) ? resp.nextContinuationToken() : null;
        lastOfBucket = token == null;
        if (onFirstFullPage != null) {
            UnaryOperator<String> hook = onFirstFullPage;
            onFirstFullPage = null;
            if (token != null && !page.isEmpty()) {
                end = hook.apply(page.get(page.size() - 1).key());
            }
        }
        if (end != null
                && token != null
                && !page.isEmpty()
                && Keys.compare(page.get(page.size() - 1).key(), end) >= 0) {
            token = null; // the range ends in this page
        }
        return true;
    }

    private static ListObjectsV2Response await(CompletableFuture<ListObjectsV2Response> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw AbortedException.create("interrupted while listing");
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    protected Entry advance() {
        while (true) {
            if (index >= page.size()) {
                if (!fetch()) {
                    return null;
                }
                continue;
            }
            S3Object o = page.get(index++);
            String key = o.key();
            if (end != null && Keys.compare(key, end) > 0) {
                page = List.of(); // past this range: the next range lists it
                index = 0;
                token = null;
                started = true;
                lastOfBucket = false;
                return null;
            }
            long size = o.size() == null ? 0 : o.size();
            if ((size == 0 && key.endsWith("/")) || !key.startsWith(root) || key.length() == root.length()) {
                continue;
            }
            String rel = key.substring(root.length());
            if (canPrune) {
                int slash = rel.lastIndexOf('/');
                if (slash >= 0
                        && (lastDir == null
                                || !rel.regionMatches(0, lastDir, 0, lastDir.length())
                                || lastDir.length() != slash + 1)) {
                    String excludedDir = excludedAncestor(rel, slash);
                    if (excludedDir != null) {
                        skippedKeys++;
                        if (!excludedDir.equals(lastSkipped)) {
                            // jump past the whole prefix; if the store lists it again (a key beyond
                            // U+10FFFF), the keys are filtered one by one instead of looping
                            lastSkipped = excludedDir;
                            if (firstSkipped == null) {
                                firstSkipped = excludedDir;
                            }
                            pruned++;
                            token = null;
                            startAfter = root + excludedDir + AFTER_EVERYTHING;
                            started = false;
                            page = List.of();
                            index = 0;
                        }
                        continue;
                    }
                    lastDir = rel.substring(0, slash + 1);
                }
            }
            return new Entry(
                    rel, size, o.lastModified() == null ? 0 : o.lastModified().toEpochMilli(), Etags.unquote(o.eTag()));
        }
    }

    /** The shortest directory of {@code rel} (up to {@code lastSlash}) the filters exclude entirely. */
    private String excludedAncestor(String rel, int lastSlash) {
        for (int i = rel.indexOf('/'); i >= 0 && i <= lastSlash; i = rel.indexOf('/', i + 1)) {
            String dir = rel.substring(0, i + 1);
            if (filters.excludesAllUnder(dir)) {
                return dir;
            }
        }
        return null;
    }

    @Override
    public long skippedKeys() {
        return skippedKeys;
    }

    /** The first and the last prefix this listing skipped ({@code null}: none), relative to the root. */
    String firstPruned() {
        return firstSkipped;
    }

    String lastPruned() {
        return lastSkipped;
    }

    /** ListObjectsV2 requests made so far. */
    public long requests() {
        return requests;
    }
}
