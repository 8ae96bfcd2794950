package dev.awskit.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

class S3ListingTest {
    /** An in-memory bucket answering ListObjectsV2 like S3: UTF-8 order, prefix, StartAfter, pages of 3. */
    static final class FakeBucket {
        final TreeSet<String> keys = new TreeSet<>(Keys.ORDER);
        final List<ListObjectsV2Request> requests = new ArrayList<>();

        S3Client client() {
            return (S3Client) Proxy.newProxyInstance(
                    S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class}, (proxy, m, args) -> {
                        if (!m.getName().equals("listObjectsV2") || !(args[0] instanceof ListObjectsV2Request r)) {
                            throw new UnsupportedOperationException(m.getName());
                        }
                        requests.add(r);
                        String after = r.continuationToken() != null ? r.continuationToken() : r.startAfter();
                        List<S3Object> page = new ArrayList<>();
                        List<CommonPrefix> prefixes = new ArrayList<>();
                        String last = null;
                        for (String k : after == null ? keys : keys.tailSet(after, false)) {
                            if (!k.startsWith(r.prefix())) {
                                continue;
                            }
                            if (r.delimiter() != null
                                    && k.indexOf('/', r.prefix().length()) >= 0) {
                                String cp =
                                        k.substring(0, k.indexOf('/', r.prefix().length()) + 1);
                                if (prefixes.isEmpty()
                                        || !prefixes.get(prefixes.size() - 1)
                                                .prefix()
                                                .equals(cp)) {
                                    prefixes.add(
                                            CommonPrefix.builder().prefix(cp).build());
                                }
                                last = k;
                                continue;
                            }
                            if (page.size() == 3) {
                                return ListObjectsV2Response.builder()
                                        .contents(page)
                                        .commonPrefixes(prefixes)
                                        .isTruncated(true)
                                        .nextContinuationToken(last)
                                        .build();
                            }
                            page.add(S3Object.builder()
                                    .key(k)
                                    .size(k.endsWith("/") ? 0L : k.length())
                                    .lastModified(Instant.EPOCH)
                                    .eTag("\"e\"")
                                    .build());
                            last = k;
                        }
                        return ListObjectsV2Response.builder()
                                .contents(page)
                                .commonPrefixes(prefixes)
                                .isTruncated(false)
                                .build();
                    });
        }
    }

    private static List<String> list(S3Listing l) {
        List<String> out = new ArrayList<>();
        l.forEachRemaining(e -> out.add(e.key()));
        return out;
    }

    @Test
    void listing_jumpsPastExcludedPrefix_fetchingAtMostOnePageOfIt() {
        FakeBucket b = new FakeBucket();
        b.keys.add("a.txt");
        for (int i = 0; i < 100; i++) {
            b.keys.add(String.format("datasets/%03d.csv", i));
        }
        b.keys.add("datasets/\uD83D\uDE00.csv"); // sorts after datasets/099.csv, still skipped
        b.keys.add("datasets0");
        b.keys.add("docs/b.txt");
        S3Listing l = new S3Listing(b.client(), "bkt", "", FiltersTest.parse("-datasets/*"));

        assertThat(list(l)).containsExactly("a.txt", "datasets0", "docs/b.txt");
        assertThat(l.prunedPrefixes()).isEqualTo(1);
        assertThat(l.skippedKeys()).isEqualTo(1); // the first key of datasets/; the rest of its page is dropped
        assertThat(b.requests).hasSize(2);
        assertThat(b.requests.get(1).startAfter()).isEqualTo("datasets/\uDBFF\uDFFF");
    }

    @Test
    void listing_underRootPrefix_givesRelativeKeysAndSkipsFolderMarkers() {
        FakeBucket b = new FakeBucket();
        b.keys.add("other/x");
        b.keys.add("site/");
        b.keys.add("site/a");
        b.keys.add("site/logs/2020/1");
        b.keys.add("site/logs/2021/1");
        b.keys.add("site/z");
        S3Listing l = new S3Listing(b.client(), "bkt", "site/", FiltersTest.parse("-logs/2020/*"));

        assertThat(list(l)).containsExactly("a", "logs/2021/1", "z");
        assertThat(b.requests).allMatch(r -> r.prefix().equals("site/"));
    }

    @Test
    void directoryListing_walksLevelsInKeyOrderAndNeverListsExcludedDirectories() {
        FakeBucket b = new FakeBucket();
        for (String k : List.of("a-b", "a.b", "a/b", "a/c/d", "a0", "datasets/x", "datasets/y/z", "site/", "z")) {
            b.keys.add(k);
        }
        S3DirectoryListing l = new S3DirectoryListing(b.client(), "bkt", "", FiltersTest.parse("-datasets/*"));
        List<String> out = new ArrayList<>();
        l.forEachRemaining(e -> out.add(e.key()));

        assertThat(out).containsExactly("a-b", "a.b", "a/b", "a/c/d", "a0", "z");
        assertThat(l.prunedPrefixes()).isEqualTo(1);
        assertThat(b.requests).noneMatch(r -> r.prefix().startsWith("datasets"));
        assertThat(b.requests).allMatch(r -> "/".equals(r.delimiter()));
    }
}
