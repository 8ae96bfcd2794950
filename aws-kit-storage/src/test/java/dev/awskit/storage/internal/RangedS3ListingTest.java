package dev.awskit.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link RangedS3Listing} against an in-memory bucket that answers ListObjectsV2 as the S3 API
 * reference describes it (keys in UTF-8 binary order, {@code prefix}, {@code start-after}, {@code
 * max-keys}, continuation tokens: https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html).
 * The bucket orders keys by their UTF-8 bytes ({@link Arrays#compareUnsigned}), not with {@link
 * Keys}, so the expected order does not come from the code under test.
 */
class RangedS3ListingTest {
    static final Comparator<String> UTF8 =
            (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private static ExecutorService pool;

    @BeforeAll
    static void startPool() {
        pool = Executors.newFixedThreadPool(4);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    /** The bucket: thread-safe, counts requests, can fail the request that starts after a key. */
    static final class Bucket {
        final TreeSet<String> keys = new TreeSet<>(UTF8);
        final AtomicInteger requests = new AtomicInteger();
        volatile String failAfter;

        S3Client client() {
            return (S3Client) Proxy.newProxyInstance(
                    S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class}, (proxy, m, args) -> {
                        if (!m.getName().equals("listObjectsV2") || !(args[0] instanceof ListObjectsV2Request r)) {
                            throw new UnsupportedOperationException(m.getName());
                        }
                        return list(r);
                    });
        }

        private ListObjectsV2Response list(ListObjectsV2Request r) {
            requests.incrementAndGet();
            if (failAfter != null && failAfter.equals(r.startAfter())) {
                throw S3Exception.builder()
                        .statusCode(500)
                        .message("We encountered an internal error")
                        .build();
            }
            int max = r.maxKeys() == null ? 1000 : r.maxKeys();
            String after = r.continuationToken() != null ? r.continuationToken() : r.startAfter();
            List<S3Object> page = new ArrayList<>();
            synchronized (keys) {
                for (String k : after == null ? keys : keys.tailSet(after, false)) {
                    if (!k.startsWith(r.prefix())) {
                        continue;
                    }
                    if (page.size() == max) {
                        return ListObjectsV2Response.builder()
                                .contents(page)
                                .isTruncated(true)
                                .nextContinuationToken(page.get(page.size() - 1).key())
                                .build();
                    }
                    page.add(S3Object.builder()
                            .key(k)
                            .size(k.endsWith("/") ? 0L : k.length() + 1L) // "k/": a folder marker
                            .eTag("\"e\"")
                            .build());
                }
            }
            return ListObjectsV2Response.builder()
                    .contents(page)
                    .isTruncated(false)
                    .build();
        }
    }

    private static final String[] PARTS = {
        "a",
        "b",
        "a/",
        "a-",
        "a.",
        "a0",
        "x/",
        "é",
        "\uE000",
        "\uFFFD",
        "\uD83D\uDE00",
        "\uD800\uDC00",
        "z",
        "/",
        " ",
        "logs/",
        "tmp/",
        "~"
    };

    private static String randomKey(Random rnd) {
        StringBuilder b = new StringBuilder();
        int n = 1 + rnd.nextInt(5);
        for (int i = 0; i < n; i++) {
            b.append(PARTS[rnd.nextInt(PARTS.length)]);
        }
        return b.toString();
    }

    private static List<String> keys(Iterator<Entry> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(e -> out.add(e.key()));
        return out;
    }

    @Test
    void rangedListing_yieldsTheSameEntriesAsOneListing_onRandomKeysPagesAndSplitPoints() {
        Random rnd = new Random(20261203L);
        for (int round = 0; round < 1500; round++) {
            Bucket bucket = new Bucket();
            String root = rnd.nextInt(4) == 0 ? "r/" : "";
            int n = rnd.nextInt(120);
            for (int i = 0; i < n; i++) {
                bucket.keys.add((rnd.nextInt(8) == 0 ? "" : root) + randomKey(rnd));
            }
            bucket.keys.add(root + "folder/"); // a zero-byte folder marker is skipped by both
            TreeSet<String> other = new TreeSet<>(UTF8);
            int m = rnd.nextInt(200);
            for (int i = 0; i < m; i++) {
                other.add(randomKey(rnd));
            }
            int maxKeys = 1 + rnd.nextInt(12);
            Filters filters = rnd.nextBoolean()
                    ? Filters.none()
                    : Filters.of(List.of(Filters.exclude("logs/*"), Filters.exclude("a/*")));
            List<String> points = new ArrayList<>();
            int step = 1 + rnd.nextInt(maxKeys + 3);
            int i = 0;
            for (String k : other) {
                if (++i % step == 0) {
                    points.add(k);
                }
            }
            int window = 1 + rnd.nextInt(4);
            List<String> expected = keys(new S3Listing(bucket.client(), "b", root, filters, null, null, maxKeys));
            List<String> ranged =
                    keys(new RangedS3Listing(bucket.client(), "b", root, filters, () -> points, pool, window, maxKeys));
            assertThat(ranged)
                    .as(
                            "round %d: %d keys, pages of %d, %d split points, window %d, %s",
                            round, n, maxKeys, points.size(), window, filters)
                    .isEqualTo(expected);
            if (filters.isEmpty()) {
                List<String> all = new ArrayList<>();
                for (String k : bucket.keys) {
                    if (k.startsWith(root) && k.length() > root.length() && !k.endsWith("/")) {
                        all.add(k.substring(root.length()));
                    }
                }
                assertThat(ranged)
                        .as("round %d: every key of the bucket, in UTF-8 order", round)
                        .isEqualTo(all);
            }
        }
    }

    @Test
    void rangedListing_ofABucketThatFitsOnePage_makesOneRequest_andNeverAsksForSplitPoints() {
        Bucket bucket = new Bucket();
        for (int i = 0; i < 10; i++) {
            bucket.keys.add("k" + i);
        }
        AtomicInteger asked = new AtomicInteger();
        RangedS3Listing l = new RangedS3Listing(
                bucket.client(),
                "b",
                "",
                Filters.none(),
                () -> {
                    asked.incrementAndGet();
                    return List.of("k1", "k3", "k5", "k7");
                },
                pool,
                4);

        assertThat(keys(l)).hasSize(10);
        assertThat(bucket.requests.get()).isEqualTo(1);
        assertThat(l.requests()).isEqualTo(1);
        assertThat(asked.get()).isZero();
    }

    @Test
    void rangedListing_ofTenPagesSplitAtEveryPage_makesOneRequestPerPage_oneRangeAtATime() {
        Bucket bucket = new Bucket();
        List<Entry> local = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String k = String.format("dir%03d/file%05d.bin", i % 100, i);
            bucket.keys.add(k);
        }
        bucket.keys.forEach(k -> local.add(Entry.local(k, 1, 0)));
        List<String> points = RangedS3Listing.sample(local.iterator(), RangedS3Listing.PAGE);
        assertThat(points).hasSize(10);

        RangedS3Listing one = new RangedS3Listing(bucket.client(), "b", "", Filters.none(), () -> points, pool, 1);
        assertThat(keys(one)).hasSize(10_000);
        // a page per range: the first page, then (1000th, 2000th], ..., (9000th, 10000th], which S3
        // says is the end, so the range after the last split point is never asked for
        assertThat(bucket.requests.get()).isEqualTo(10);

        bucket.requests.set(0);
        RangedS3Listing four = new RangedS3Listing(bucket.client(), "b", "", Filters.none(), () -> points, pool, 4);
        assertThat(keys(four)).hasSize(10_000);
        // four at once: the last range may have been asked for before S3 said the 10th page ends it
        assertThat(bucket.requests.get()).isBetween(10, 11);
    }

    @Test
    void rangedListing_ofASmallBucketBesideManyLocalFiles_costsAboutWhatOneListingCosts() {
        Bucket bucket = new Bucket();
        List<Entry> local = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            local.add(Entry.local(String.format("f%06d", i), 1, 0));
            if (i % 66 == 0) {
                bucket.keys.add(String.format("f%06d", i)); // 1,516 keys: two pages
            }
        }
        List<String> points = RangedS3Listing.sample(local.iterator(), RangedS3Listing.PAGE);
        RangedS3Listing l = new RangedS3Listing(bucket.client(), "b", "", Filters.none(), () -> points, pool, 4);

        assertThat(keys(l)).hasSize(1516);
        // one listing: 2 pages; the 66 split points under the first page's 1,000 keys say one range
        // per 66 split points, so the 34 after it make no range boundary at all
        assertThat(bucket.requests.get()).isEqualTo(2);
    }

    @Test
    void rangedListing_whenARangeFails_throwsTheServiceErrorToThePlanner() {
        Bucket bucket = new Bucket();
        List<Entry> local = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            String k = String.format("k%05d", i);
            bucket.keys.add(k);
            local.add(Entry.local(k, 1, 0));
        }
        List<String> points = RangedS3Listing.sample(local.iterator(), RangedS3Listing.PAGE);
        bucket.failAfter = points.get(1); // the range (2000th, ...]
        RangedS3Listing l = new RangedS3Listing(bucket.client(), "b", "", Filters.none(), () -> points, pool, 4);

        List<String> seen = new ArrayList<>();
        assertThatThrownBy(() -> l.forEachRemaining(e -> seen.add(e.key())))
                .isInstanceOf(S3Exception.class)
                .hasMessageContaining("We encountered an internal error");
        assertThat(seen).hasSize(2000).last().isEqualTo("k01999");
    }
}
