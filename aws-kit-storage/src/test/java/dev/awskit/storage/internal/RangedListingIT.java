package dev.awskit.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.AwsKit;
import dev.awskit.storage.CompareMode;
import dev.awskit.storage.Storage;
import dev.awskit.testing.Service;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The ranged listing against a real S3 implementation (S3Proxy here; any {@code AWSKIT_IT_ENDPOINT}):
 * keys with multi-byte characters (é, U+10000 and up), {@code -}, {@code .}, {@code 0} and spaces
 * that sort around {@code /}, pages of 7 keys so that a small bucket makes many ranges.
 *
 * <p>S3Proxy differs from AWS here: its filesystem store lists in UTF-16 order (Java's {@code
 * String} order), so a key with U+E000..U+FFFF sorts after one with U+10000 and up at the same
 * place, where AWS S3 lists in UTF-8 binary order (the other way round; the ListObjectsV2 reference:
 * "List results are always returned in UTF-8 binary order"). Those characters are therefore left
 * out of this test; {@code RangedS3ListingTest} covers them against a bucket that follows the AWS
 * documentation. Two oracles: the sequential {@link S3Listing}
 * and the server's own order through the SDK's paginator (no code of ours), and the plans the
 * {@link Planner} makes on each.
 */
@UsesServer(Service.S3)
class RangedListingIT {
    private static final String[] PARTS = {
        "a", "a-", "a.", "a0", "b", "é", "\uD83D\uDE00", "\uD800\uDC00", "z", "x y", "logs"
    };

    @TempDir
    Path tmp;

    private static String bucket(AwsKit aws, TestResources res) {
        String name = res.bucketName();
        Storage.of(aws).bucket(name).create();
        res.afterwards(() -> Storage.of(aws).bucket(name).delete(true));
        return name;
    }

    private static List<String> keys(Iterator<Entry> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(e -> out.add(e.key()));
        return out;
    }

    /** The plan as text lines, in the order the planner makes it. */
    private static List<String> plan(Iterator<Entry> src, Iterator<Entry> dst, Filters filters) {
        List<String> out = new ArrayList<>();
        new Planner(filters, CompareMode.SIZE_AND_TIME, Direction.UPLOAD, true).plan(src, dst, new Planner.Sink() {
            @Override
            public void copy(Entry s, Entry d) {
                out.add("copy " + s.key() + (d == null ? " (new)" : ""));
            }

            @Override
            public void verify(Entry s, Entry d) {
                out.add("verify " + s.key());
            }

            @Override
            public void skip(Entry s, Entry d) {
                out.add("skip " + s.key());
            }

            @Override
            public void delete(Entry d) {
                out.add("delete " + d.key());
            }
        });
        return out;
    }

    @Test
    void rangedListing_onTrickyKeys_listsAndPlansLikeOneListingAndTheServer(AwsKit aws, TestResources res)
            throws IOException {
        String b = bucket(aws, res);
        S3Client s3 = aws.client(S3Client.class);
        Random rnd = new Random(42);
        TreeSet<String> remote = new TreeSet<>();
        while (remote.size() < 150) {
            StringBuilder k = new StringBuilder();
            int segments = 1 + rnd.nextInt(3);
            for (int i = 0; i < segments; i++) {
                k.append(i > 0 ? "/" : "").append(PARTS[rnd.nextInt(PARTS.length)]);
                k.append(PARTS[rnd.nextInt(PARTS.length)]);
            }
            // a file name never equals a directory name: a filesystem store (S3Proxy's) cannot hold
            // both "x" and "x/y" (AWS S3 can)
            remote.add(k.append(".txt").toString());
        }
        for (String k : remote) {
            s3.putObject(x -> x.bucket(b).key(k), RequestBody.fromString("remote " + k));
        }
        // the local side: two thirds of the keys (some with other content), and keys only it has
        Path local = tmp.resolve("local");
        List<String> localKeys = new ArrayList<>();
        int i = 0;
        for (String k : remote) {
            if (i++ % 3 != 0) {
                localKeys.add(k);
            }
        }
        for (int j = 0; j < 40; j++) {
            localKeys.add("only/" + PARTS[rnd.nextInt(PARTS.length)] + j + ".txt");
        }
        for (String k : localKeys) {
            Path p = local.resolve(k);
            Files.createDirectories(p.getParent());
            Files.writeString(p, (k.hashCode() % 2 == 0 ? "local " : "remote ") + k);
            Files.setLastModifiedTime(p, FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
        }

        List<String> server = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(x -> x.bucket(b)).contents()) {
            server.add(o.key());
        }
        // UTF-8 byte order, computed here without the kit's comparator
        List<String> utf8 = new ArrayList<>(remote);
        utf8.sort((x, y) ->
                Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
        assertThat(server).as("the server lists in UTF-8 binary order").isEqualTo(utf8);

        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (Filters filters : List.of(Filters.none(), Filters.of(List.of(Filters.exclude("logs*/*"))))) {
                S3Listing one = new S3Listing(s3, b, "", filters, null, null, 7);
                List<String> sequential = keys(one);
                List<String> points = RangedS3Listing.sample(new LocalListing(local, filters, (k, p, c) -> {}), 7);
                RangedS3Listing ranged = new RangedS3Listing(s3, b, "", filters, () -> points, pool, 3, 7);
                List<String> parallel = keys(ranged);

                assertThat(parallel).as("ranged vs sequential, %s", filters).isEqualTo(sequential);
                if (filters.isEmpty()) {
                    assertThat(parallel).isEqualTo(server);
                }
                // requests: the sequential listing's pages, plus at most one per range boundary that
                // does not fall on a page's end (here the local side lacks a third of the keys)
                long ranges = points.size() + 1;
                assertThat(ranged.requests())
                        .as("requests of the ranged listing (sequential: %d)", one.requests())
                        .isBetween(one.requests(), one.requests() + ranges);

                List<String> planSequential = plan(
                        new LocalListing(local, filters, (k, p, c) -> {}),
                        new S3Listing(s3, b, "", filters, null, null, 7),
                        filters);
                List<String> planRanged = plan(
                        new LocalListing(local, filters, (k, p, c) -> {}),
                        new RangedS3Listing(s3, b, "", filters, () -> points, pool, 3, 7),
                        filters);
                assertThat(planRanged).as("plan, %s", filters).isEqualTo(planSequential);
                assertThat(planRanged).anyMatch(l -> l.startsWith("delete ")).anyMatch(l -> l.endsWith("(new)"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rangedListing_ofATenKeyBucket_costsOneRequest(AwsKit aws, TestResources res) {
        String b = bucket(aws, res);
        S3Client s3 = aws.client(S3Client.class);
        for (int k = 0; k < 10; k++) {
            String key = "k" + k;
            s3.putObject(x -> x.bucket(b).key(key), RequestBody.fromString(key));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<String> points = new ArrayList<>();
            for (int k = 0; k < 8; k++) {
                points.add("k" + k);
            }
            RangedS3Listing l = new RangedS3Listing(s3, b, "", Filters.none(), () -> points, pool, 4);

            assertThat(keys(l)).hasSize(10);
            assertThat(l.requests()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
