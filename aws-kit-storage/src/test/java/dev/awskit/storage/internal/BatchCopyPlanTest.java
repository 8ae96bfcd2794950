package dev.awskit.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The key mapping of a Batch Operations copy. The oracle is the sync's own rule, written out here:
 * an object at {@code sourcePrefix + k} belongs at {@code destinationPrefix + k}; S3 makes a job's
 * copy at {@code TargetKeyPrefix + sourceKey} (S3 Control API reference, S3CopyObjectOperation:
 * "Specifies the folder prefix that you want the objects to be copied into"; aws/aws-sdk#355: the
 * whole source key is kept).
 */
class BatchCopyPlanTest {
    private static final List<String> TRICKY_KEYS = List.of(
            "a.txt",
            "my dir/a b.txt",
            "plus+sign.txt",
            "percent%2Fencoded.txt",
            "données/été.csv",
            "emoji/😀.bin",
            "dots/../up.txt",
            "double//slash.txt",
            "new\nline.txt",
            "trailing/");

    /** Where S3 puts the copy of {@code sourceKey} for a job with {@code targetKeyPrefix}. */
    private static String s3CopyKey(String targetKeyPrefix, String sourceKey) {
        return targetKeyPrefix + sourceKey;
    }

    private static void assertCopiesLikeASync(String sourcePrefix, String destinationPrefix) {
        Optional<String> tkp = BatchCopyPlan.targetKeyPrefix(sourcePrefix, destinationPrefix);
        assertThat(tkp).as("%s -> %s", sourcePrefix, destinationPrefix).isPresent();
        for (String k : TRICKY_KEYS) {
            assertThat(s3CopyKey(tkp.get(), sourcePrefix + k)).isEqualTo(destinationPrefix + k);
        }
    }

    @Test
    void targetKeyPrefix_equalPrefixes_needNone() {
        assertThat(BatchCopyPlan.targetKeyPrefix("", "")).hasValue("");
        assertThat(BatchCopyPlan.targetKeyPrefix("p1/", "p1/")).hasValue("");
        assertCopiesLikeASync("data/2026/", "data/2026/");
    }

    @Test
    void targetKeyPrefix_fromTheBucketRoot_isTheDestinationPrefix() {
        assertThat(BatchCopyPlan.targetKeyPrefix("", "p2/")).hasValue("p2/");
        assertCopiesLikeASync("", "p2/");
        assertCopiesLikeASync("", "my backup/été/+/");
    }

    @Test
    void targetKeyPrefix_aFolderInFrontOfTheSourcePrefix_isThatFolder() {
        assertThat(BatchCopyPlan.targetKeyPrefix("p1/", "backup/p1/")).hasValue("backup/");
        assertThat(BatchCopyPlan.targetKeyPrefix("a b/c+d/", "x%20y/a b/c+d/")).hasValue("x%20y/");
        assertCopiesLikeASync("p1/", "backup/p1/");
        assertCopiesLikeASync("données/", "copie/2026/données/");
    }

    @Test
    void targetKeyPrefix_aReplacedPrefix_cannotBeExpressed() {
        // a job would write p2/p1/k, not p2/k
        assertThat(BatchCopyPlan.targetKeyPrefix("p1/", "p2/")).isEmpty();
        assertThat(BatchCopyPlan.targetKeyPrefix("p1/", "")).isEmpty();
        assertThat(BatchCopyPlan.targetKeyPrefix("a/p1/", "p1/")).isEmpty();
        assertThat(BatchCopyPlan.targetKeyPrefix("p1/", "p1/x/")).isEmpty();
    }

    @Test
    void targetKeyPrefix_whoseAddedPartIsNoFolder_isRefused() {
        // "ab/p1/" ends with "b/p1/", but the added "a" is no folder: the kit does not rely on how S3
        // joins a TargetKeyPrefix without a trailing "/" (undocumented)
        assertThat(BatchCopyPlan.targetKeyPrefix("b/p1/", "ab/p1/")).isEmpty();
    }

    @Test
    void targetKeyPrefix_longerThanCreateJobTakes_isRefused() {
        String folder1024 = "f".repeat(1023) + "/";
        assertThat(BatchCopyPlan.targetKeyPrefix("p/", folder1024 + "p/")).hasValue(folder1024);
        assertThat(BatchCopyPlan.targetKeyPrefix("p/", "f" + folder1024 + "p/")).isEmpty();
    }

    @Test
    void targetKeyPrefix_randomPrefixes_mapLikeASyncOrAreRefused() {
        Random random = new Random(15);
        String[] parts = {"a", "b", "p1", "p2", "été", "a b", "+", "%", "😀", ""};
        for (int i = 0; i < 5000; i++) {
            String src = folders(random, parts);
            String dst = random.nextBoolean() ? folders(random, parts) + src : folders(random, parts);
            Optional<String> tkp = BatchCopyPlan.targetKeyPrefix(src, dst);
            if (tkp.isPresent()) {
                for (String k : TRICKY_KEYS) {
                    assertThat(s3CopyKey(tkp.get(), src + k)).isEqualTo(dst + k);
                }
                assertThat(tkp.get()).matches(t -> t.isEmpty() || t.endsWith("/"), "empty or a folder");
            } else {
                // refused only when no folder put in front of the source prefix gives the destination
                boolean expressible = dst.endsWith(src)
                        && (dst.length() == src.length()
                                || dst.substring(0, dst.length() - src.length()).endsWith("/"));
                assertThat(expressible).as("%s -> %s refused", src, dst).isFalse();
            }
        }
    }

    private static String folders(Random random, String[] parts) {
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(3);
        for (int i = 0; i < n; i++) {
            b.append(parts[random.nextInt(parts.length)]).append('/');
        }
        return b.toString();
    }

    @Test
    void plan_objectsOverTheJobsLimit_areKeptForTheKit_andLeftOutOfTheManifest() throws IOException {
        try (BatchCopyPlan plan = new BatchCopyPlan("src", "p1/", 100)) {
            plan.copy(new Entry("a.txt", 100, 0, "e1"), null);
            plan.copy(new Entry("big one.bin", 101, 0, "e2"), null);
            plan.verify(new Entry("c.txt", 5, 0, "e3"), new Entry("c.txt", 5, 0, "e4-2"));
            plan.copy(new Entry("huge.bin", 5_000, 0, "e5"), null);
            plan.finish();

            assertThat(plan.copies).isEqualTo(2);
            assertThat(plan.copyBytes).isEqualTo(105);
            assertThat(plan.tooLarge()).extracting(Entry::key).containsExactly("big one.bin", "huge.bin");
            List<String> lines = Files.readAllLines(plan.manifest(), StandardCharsets.UTF_8);
            assertThat(lines).containsExactly("src,p1%2Fa.txt", "src,p1%2Fc.txt");
            assertThat(lines)
                    .extracting(l -> URLDecoder.decode(l.substring(4), StandardCharsets.UTF_8))
                    .containsExactly("p1/a.txt", "p1/c.txt");
        }
    }
}
