package dev.awskit.storage.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A flat listing in S3 key order whose pages are fetched several at a time: after a first page
 * that is not the whole listing, the rest is cut into key ranges at split points (keys of the other
 * side of the sync, known without asking S3: the local walk), each range a {@link S3Listing} that
 * starts after one split point ({@code StartAfter}) and stops at the next; up to {@code window}
 * ranges fetch their first page at once, and the ranges are read in order, so the planner still
 * sees one sorted stream, the same entries a single {@link S3Listing} yields.
 *
 * <p>Requests: a listing that fits one page costs that one request (the split points are not even
 * computed). Otherwise about one request per range plus the pages a single listing would need: the
 * split points are thinned to about one page of this side's keys per range, estimated from the
 * first page. Where the stores differ: AWS S3 answers a page per 1,000 keys whatever the bucket's
 * size; S3Proxy's filesystem store scans the bucket for every page, so pages fetched side by side
 * use more than one core of the server.
 */
public final class RangedS3Listing extends LookaheadListing {
    /** Keys per page (S3's maximum and default). */
    static final int PAGE = 1000;

    private final S3Client s3;
    private final String bucket;
    private final String root;
    private final Filters filters;
    private final Supplier<List<String>> splitPoints;
    private final Executor executor;
    private final int window;
    private final Integer maxKeys;
    private final Deque<S3Listing> waiting = new ArrayDeque<>();
    private final Deque<S3Listing> fetching = new ArrayDeque<>();
    private S3Listing current;
    private final List<S3Listing> done = new ArrayList<>();

    /**
     * @param root the key prefix that is the sync's root: {@code ""} or ending in {@code /}
     * @param splitPoints keys relative to the root, in S3 key order, about {@link #PAGE} keys apart
     *     (see {@link #sample}); asked for only when the first page is not the whole listing
     * @param window ranges fetching at once (at least 1)
     */
    public RangedS3Listing(
            S3Client s3,
            String bucket,
            String root,
            Filters filters,
            Supplier<List<String>> splitPoints,
            Executor executor,
            int window) {
        this(s3, bucket, root, filters, splitPoints, executor, window, null);
    }

    /** As above, with {@code maxKeys} keys per page ({@code null}: S3's 1,000), for tests. */
    RangedS3Listing(
            S3Client s3,
            String bucket,
            String root,
            Filters filters,
            Supplier<List<String>> splitPoints,
            Executor executor,
            int window,
            Integer maxKeys) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, was " + window);
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.root = root;
        this.filters = filters;
        this.splitPoints = splitPoints;
        this.executor = executor;
        this.window = window;
        this.maxKeys = maxKeys;
        current = new S3Listing(s3, bucket, root, filters, null, null, maxKeys);
        current.onFirstFullPage(this::split);
    }

    /**
     * Every {@code step}-th key of {@code keys} (which are in S3 key order): split points about
     * {@code step} keys apart.
     */
    public static List<String> sample(java.util.Iterator<Entry> keys, int step) {
        List<String> points = new ArrayList<>();
        long n = 0;
        while (keys.hasNext()) {
            String k = keys.next().key();
            if (++n % step == 0) {
                points.add(k);
            }
        }
        return points;
    }

    /**
     * Cuts what follows the first page (whose last key is {@code last}) into ranges; returns the
     * first range's end ({@code last}), or {@code null} to go on page by page without ranges.
     */
    private String split(String last) {
        List<String> points = splitPoints.get();
        List<String> after = new ArrayList<>();
        int before = 0;
        for (String p : points) {
            String key = root + p;
            if (Keys.compare(key, last) <= 0) {
                before++;
            } else if (after.isEmpty() || Keys.compare(key, after.get(after.size() - 1)) > 0) {
                after.add(key);
            }
        }
        if (after.isEmpty()) {
            return null;
        }
        // this side's density from the first page: a page of its keys up to `last` against `before`
        // split points up to it, so a page of its keys spans about `before` split points: one range
        // per that many (the other side may hold far more keys than this one: a 10-key bucket beside
        // 100,000 local files costs a request or two, not 100)
        int every = Math.max(1, before);
        String from = last;
        for (int i = every - 1; i < after.size(); i += every) {
            String to = after.get(i);
            waiting.add(new S3Listing(s3, bucket, root, filters, from, to, maxKeys));
            from = to;
        }
        waiting.add(new S3Listing(s3, bucket, root, filters, from, null, maxKeys));
        startMore();
        return last;
    }

    private void startMore() {
        while (fetching.size() < window - 1 && !waiting.isEmpty()) {
            S3Listing r = waiting.poll();
            r.fetchAhead(executor);
            fetching.add(r);
        }
    }

    @Override
    protected Entry advance() {
        while (current != null) {
            if (current.hasNext()) {
                return current.next();
            }
            done.add(current);
            if (current.lastOfBucket()) {
                // S3 said nothing follows: the ranges after this one are empty
                fetching.forEach(S3Listing::cancel);
                fetching.clear();
                waiting.clear();
            }
            current = fetching.poll();
            if (current == null) {
                current = waiting.poll(); // a window of 1: one range after the other
            }
            startMore();
        }
        return null;
    }

    @Override
    public long skippedKeys() {
        long n = 0;
        for (S3Listing r : all()) {
            n += r.skippedKeys();
        }
        return n;
    }

    /** Prefixes skipped, each once (one cut by a range boundary is skipped by both ranges). */
    @Override
    public long prunedPrefixes() {
        long n = 0;
        String previousLast = null;
        for (S3Listing r : all()) {
            n += r.prunedPrefixes();
            if (previousLast != null && previousLast.equals(r.firstPruned())) {
                n--;
            }
            if (r.lastPruned() != null) {
                previousLast = r.lastPruned();
            }
        }
        return n;
    }

    /** ListObjectsV2 requests made so far. */
    public long requests() {
        long n = 0;
        for (S3Listing r : all()) {
            n += r.requests();
        }
        return n;
    }

    private List<S3Listing> all() {
        List<S3Listing> all = new ArrayList<>(done);
        if (current != null) {
            all.add(current);
        }
        return all;
    }
}
