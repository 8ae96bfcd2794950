package dev.awskit.storage;

import static dev.awskit.storage.S3Fixture.bucket;
import static dev.awskit.storage.S3Fixture.files;
import static dev.awskit.storage.S3Fixture.get;
import static dev.awskit.storage.S3Fixture.keys;
import static dev.awskit.storage.S3Fixture.put;
import static dev.awskit.storage.S3Fixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.core.ProgressEvent;
import dev.awskit.testing.Service;
import dev.awskit.testing.Target;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

@UsesServer(Service.S3)
class SyncIT {
    private static final String[] TRICKY = {
        "a-b",
        "a.b",
        "a/b",
        "a0",
        "my dir/a b.txt",
        "plus+sign.txt",
        "100%.txt",
        "[brackets].txt",
        "données/été.csv",
        "emoji/\uD83D\uDE00.txt",
        "\uFFFD.txt"
    };

    @TempDir
    Path tmp;

    private Path tree(String name, String... rels) {
        Path root = tmp.resolve(name);
        for (String r : rels) {
            write(root, r, "content of " + r);
        }
        return root;
    }

    @Test
    void sync_localToS3_copiesEverythingAndResyncPlansNothing(AwsKit aws, TestResources res) {
        String b = bucket(aws, res);
        Path src = tree("src", TRICKY);
        List<ProgressEvent> events = new CopyOnWriteArrayList<>();

        SyncReport r = Storage.of(aws)
                .sync(src, "s3://" + b + "/site")
                .progress(events::add)
                .run();

        assertThat(r.isSuccess()).as(r.toString()).isTrue();
        assertThat(r.copied()).isEqualTo(TRICKY.length);
        for (String k : TRICKY) {
            assertThat(get(aws, b, "site/" + k)).isEqualTo("content of " + k);
        }
        assertThat(events).last().satisfies(e -> {
            assertThat(e.done()).isTrue();
            assertThat(e.completedUnits()).isEqualTo(TRICKY.length);
        });
        HeadObjectResponse h =
                aws.client(S3Client.class).headObject(x -> x.bucket(b).key("site/plus+sign.txt"));
        assertThat(h.contentType()).isEqualTo("text/plain");

        SyncReport again = Storage.of(aws).sync(src, "s3://" + b + "/site").run();
        assertThat(again.plannedCopies()).isZero();
        assertThat(again.skipped()).isEqualTo(TRICKY.length);
    }

    @Test
    void sync_s3ToLocal_writesFilesWithLastModifiedAndNoTempFiles(AwsKit aws, TestResources res) throws IOException {
        String b = bucket(aws, res);
        for (String k : TRICKY) {
            put(aws, b, "data/" + k, "object " + k);
        }
        put(aws, b, "data/folder/", ""); // a console folder marker: skipped
        put(aws, b, "elsewhere/x", "not under the prefix");
        Path dst = tmp.resolve("down");

        SyncReport r = Storage.of(aws).sync("s3://" + b + "/data/", dst).run();

        assertThat(r.isSuccess()).as(r.toString()).isTrue();
        Map<String, String> files = files(dst);
        assertThat(files).hasSize(TRICKY.length);
        for (String k : TRICKY) {
            assertThat(files).containsEntry(k, "object " + k);
        }
        Instant lm = aws.client(S3Client.class)
                .headObject(x -> x.bucket(b).key("data/a0"))
                .lastModified();
        assertThat(Files.getLastModifiedTime(dst.resolve("a0")).toInstant()).isEqualTo(lm);

        SyncReport again = Storage.of(aws).sync("s3://" + b + "/data/", dst).run();
        assertThat(again.plannedCopies()).isZero();
        // the CLI's download rule: a local file newer than the object is downloaded again
        Files.setLastModifiedTime(dst.resolve("a0"), FileTime.from(lm.plusSeconds(3600)));
        assertThat(Storage.of(aws).sync("s3://" + b + "/data/", dst).run().copied())
                .isEqualTo(1);
    }

    @Test
    void sync_s3ToS3_copiesServerSideAndNeverListsExcludedPrefix(AwsKit aws, TestResources res) {
        String from = bucket(aws, res);
        String to = bucket(aws, res);
        put(aws, from, "index.html", "<html/>");
        put(aws, from, "docs/a.txt", "a");
        put(aws, from, "datasets/big.csv", "1,2,3");
        put(aws, from, "datasets/deep/more.csv", "4,5,6");
        aws.client(S3Client.class).copyObject(c -> c.sourceBucket(from)
                .sourceKey("docs/a.txt")
                .destinationBucket(from)
                .destinationKey("docs/meta.txt")
                .metadataDirective("REPLACE")
                .metadata(Map.of("owner", "team-a"))
                .contentType("text/x-custom"));

        SyncReport r = Storage.of(aws)
                .sync("s3://" + from, "s3://" + to)
                .exclude("datasets/*")
                .run();

        assertThat(r.isSuccess()).as(r.toString()).isTrue();
        assertThat(keys(aws, to)).containsOnlyKeys("docs/a.txt", "docs/meta.txt", "index.html");
        assertThat(r.prunedPrefixes()).isEqualTo(1);
        // the listing jumped past datasets/ at its first key: datasets/deep/more.csv was never fetched
        assertThat(r.excluded()).isEqualTo(1);
        HeadObjectResponse h =
                aws.client(S3Client.class).headObject(x -> x.bucket(to).key("docs/meta.txt"));
        assertThat(h.metadata()).containsEntry("owner", "team-a");
        assertThat(h.contentType()).isEqualTo("text/x-custom");
        assertThat(Storage.of(aws)
                        .sync("s3://" + from, "s3://" + to)
                        .exclude("datasets/*")
                        .run()
                        .plannedCopies())
                .isZero();
    }

    @Test
    void sync_includeAndExclude_inOrderLastMatchWins(AwsKit aws, TestResources res) {
        String b = bucket(aws, res);
        Path src = tree("src", "a.txt", "b.jpg", "logs/x.txt", "logs/y.log", ".git/config");

        SyncReport r = Storage.of(aws)
                .sync(src, "s3://" + b)
                .exclude("*")
                .include("*.txt")
                .exclude("logs/*")
                .include("logs/*.log")
                .run();

        assertThat(keys(aws, b)).containsOnlyKeys("a.txt", "logs/y.log");
        assertThat(r.excluded()).isEqualTo(3);
    }

    @Test
    void sync_deleteAndMaxDelete_refuseDeletesNotCopies(AwsKit aws, TestResources res) {
        String b = bucket(aws, res);
        Path src = tree("src", "keep.txt", "new.txt");
        put(aws, b, "keep.txt", "old");
        put(aws, b, "gone1.txt", "x");
        put(aws, b, "gone2.txt", "x");
        put(aws, b, "cache/excluded.bin", "x");

        SyncReport limited = Storage.of(aws)
                .sync(src, "s3://" + b)
                .exclude("cache/*")
                .delete()
                .maxDelete(1)
                .run();

        assertThat(limited.isSuccess()).isFalse();
        assertThat(limited.deletesRefused()).isEqualTo(2);
        assertThat(limited.failures()).singleElement().satisfies(f -> assertThat(f.message())
                .isEqualTo("2 deletions planned in s3://" + b + ", more than maxDelete(1): nothing was"
                        + " deleted. Check the filters, or raise the limit."));
        assertThat(keys(aws, b)).containsKeys("new.txt", "gone1.txt", "gone2.txt");

        SyncReport r = Storage.of(aws)
                .sync(src, "s3://" + b)
                .exclude("cache/*")
                .delete()
                .run();

        assertThat(r.isSuccess()).as(r.toString()).isTrue();
        assertThat(r.deleted()).isEqualTo(2);
        assertThat(keys(aws, b)).containsOnlyKeys("keep.txt", "new.txt", "cache/excluded.bin");
    }

    @Test
    void sync_deleteToLocal_removesOnlyIncludedExtraFiles(AwsKit aws, TestResources res) {
        String b = bucket(aws, res);
        put(aws, b, "a.txt", "a");
        Path dst = tree("dst", "extra.txt", "notes.tmp");

        SyncReport r =
                Storage.of(aws).sync("s3://" + b, dst).exclude("*.tmp").delete().run();

        assertThat(r.deleted()).isEqualTo(1);
        assertThat(files(dst)).containsOnlyKeys("a.txt", "notes.tmp");
    }

    @Test
    void sync_dryRun_printsCliLinesAndWritesNothing(AwsKit aws, TestResources res) {
        String b = bucket(aws, res);
        put(aws, b, "old.txt", "x");
        Path src = tree("src", "a.txt", "d/b.txt");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        SyncReport r = Storage.of(aws)
                .sync(src, "s3://" + b + "/")
                .delete()
                .dryRun()
                .output(new PrintStream(out, true, StandardCharsets.UTF_8))
                .run();

        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .containsExactly(
                        "(dryrun) upload: " + src + "/a.txt to s3://" + b + "/a.txt",
                        "(dryrun) upload: " + src + "/d/b.txt to s3://" + b + "/d/b.txt",
                        "(dryrun) delete: s3://" + b + "/old.txt");
        assertThat(r.plannedCopies()).isEqualTo(2);
        assertThat(r.plannedDeletes()).isEqualTo(1);
        assertThat(r.copied()).isZero();
        assertThat(keys(aws, b)).containsOnlyKeys("old.txt");
        Path down = tmp.resolve("never-created");
        Storage.of(aws)
                .sync("s3://" + b, down)
                .dryRun()
                .output(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .run();
        assertThat(down).doesNotExist();
    }

    @Test
    void sync_requestValueAndFluent_planAndCopyAlike(AwsKit aws, TestResources res) {
        String b = bucket(aws, res);
        put(aws, b, "old.txt", "x");
        put(aws, b, "skip/kept.txt", "x");
        Path src = tree("src", "a.txt", "d/b.txt", "skip/c.txt");
        ByteArrayOutputStream fluentLines = new ByteArrayOutputStream();
        ByteArrayOutputStream requestLines = new ByteArrayOutputStream();

        SyncReport fluent = Storage.of(aws)
                .sync(src, "s3://" + b)
                .exclude("skip/*")
                .delete()
                .dryRun()
                .output(new PrintStream(fluentLines, true, StandardCharsets.UTF_8))
                .run();
        SyncReport request = Storage.of(aws)
                .sync(SyncRequest.builder()
                        .source(src)
                        .destination("s3://" + b)
                        .exclude("skip/*")
                        .delete()
                        .dryRun()
                        .output(new PrintStream(requestLines, true, StandardCharsets.UTF_8))
                        .build());

        assertThat(requestLines.toString(StandardCharsets.UTF_8).lines())
                .containsExactlyElementsOf(
                        fluentLines.toString(StandardCharsets.UTF_8).lines().toList())
                .containsExactlyInAnyOrder(
                        "(dryrun) upload: " + src + "/a.txt to s3://" + b + "/a.txt",
                        "(dryrun) upload: " + src + "/d/b.txt to s3://" + b + "/d/b.txt",
                        "(dryrun) delete: s3://" + b + "/old.txt");
        assertThat(request.plannedCopies()).isEqualTo(fluent.plannedCopies()).isEqualTo(2);
        assertThat(request.plannedDeletes()).isEqualTo(fluent.plannedDeletes()).isEqualTo(1);

        SyncReport real = Storage.of(aws)
                .sync(s ->
                        s.source(src).destination("s3://" + b).exclude("skip/*").delete());
        assertThat(real.copied()).as(real.toString()).isEqualTo(2);
        assertThat(keys(aws, b)).containsOnlyKeys("a.txt", "d/b.txt", "skip/kept.txt");
    }

    @Test
    void sync_moreThanAThousandKeys_pagesThroughListings(AwsKit aws, TestResources res) {
        String b = bucket(aws, res);
        String c = bucket(aws, res);
        Path src = tmp.resolve("many");
        for (int i = 0; i < 1100; i++) {
            write(src, String.format("d%d/f%04d.txt", i % 7, i), "f" + i);
        }

        SyncReport up = Storage.of(aws).sync(src, "s3://" + b).run();
        assertThat(up.copied()).as(up.toString()).isEqualTo(1100);
        assertThat(keys(aws, b)).hasSize(1100);

        SyncReport copy =
                Storage.of(aws).sync("s3://" + b, "s3://" + c).exclude("d3/*").run();
        assertThat(copy.copied()).as(copy.toString()).isEqualTo(1100 - 157);
        assertThat(Storage.of(aws).sync(src, "s3://" + b).run().plannedCopies()).isZero();
    }

    @Test
    void sync_multipartObject_uploadsCopiesDownloadsAndComparesChecksums(AwsKit aws, TestResources res)
            throws IOException {
        String b = bucket(aws, res);
        String c = bucket(aws, res);
        byte[] big = new byte[12 * 1024 * 1024 + 123];
        new Random(42).nextBytes(big);
        Path src = tmp.resolve("big");
        write(src, "blob.bin", big);

        SyncReport up = Storage.of(aws).sync(src, "s3://" + b).run();
        assertThat(up.isSuccess()).as(up.toString()).isTrue();
        String etag = aws.client(S3Client.class)
                .headObject(x -> x.bucket(b).key("blob.bin"))
                .eTag();
        assertThat(etag).endsWith("-2\"");

        // content comparison recomputes the multipart ETag: equal content is skipped ...
        assertThat(Storage.of(aws).sync(src, "s3://" + b).checksum().run().skipped())
                .isEqualTo(1);
        // ... and changed content of the same size and an older time is found, which the CLI cannot
        big[5] ^= 1;
        write(src, "blob.bin", big);
        Files.setLastModifiedTime(src.resolve("blob.bin"), FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
        assertThat(Storage.of(aws).sync(src, "s3://" + b).run().plannedCopies()).isZero();
        SyncReport changed = Storage.of(aws).sync(src, "s3://" + b).checksum().run();
        assertThat(changed.copied()).as(changed.toString()).isEqualTo(1);

        SyncReport copy = Storage.of(aws)
                .sync("s3://" + b, "s3://" + c)
                .copyMultipartThreshold(6L << 20)
                .run();
        assertThat(copy.isSuccess()).as(copy.toString()).isTrue();
        assertThat(aws.client(S3Client.class)
                        .headObject(x -> x.bucket(c).key("blob.bin"))
                        .eTag())
                .endsWith("-2\"");

        Path down = tmp.resolve("down");
        SyncReport d = Storage.of(aws).sync("s3://" + c, down).run();
        assertThat(d.isSuccess()).as(d.toString()).isTrue();
        assertThat(Files.readAllBytes(down.resolve("blob.bin"))).isEqualTo(big);
        assertThat(Storage.of(aws).sync("s3://" + c, down).checksum().run().skipped())
                .isEqualTo(1);
    }

    @Test
    void sync_cancelledHalfWay_rerunConverges(AwsKit aws, TestResources res) throws Exception {
        String b = bucket(aws, res);
        Path src = tmp.resolve("cancel");
        for (int i = 0; i < 300; i++) {
            write(src, "f" + i, "x".repeat(i));
        }
        AtomicLong done = new AtomicLong();
        AtomicReference<SyncReport> report = new AtomicReference<>();
        AtomicReference<Thread> runner = new AtomicReference<>();
        Thread t = new Thread(() -> report.set(Storage.of(aws)
                .sync(src, "s3://" + b)
                .concurrency(4)
                .progress(e -> {
                    if (done.incrementAndGet() == 60) {
                        runner.get().interrupt();
                    }
                })
                .run()));
        runner.set(t);
        t.start();
        t.join(60_000);

        SyncReport first = report.get();
        assertThat(first.cancelled()).isTrue();
        assertThat(first.isSuccess()).isFalse();
        assertThat(first.copied()).isBetween(60L, 299L);
        // a request in flight when the sync was cancelled may still have completed at the server
        Map<String, Long> present = keys(aws, b);
        assertThat((long) present.size()).isBetween(first.copied(), first.copied() + 4);
        present.forEach((k, size) -> assertThat(size).as(k).isEqualTo(Long.parseLong(k.substring(1))));

        SyncReport second = Storage.of(aws).sync(src, "s3://" + b).run();
        assertThat(second.isSuccess()).as(second.toString()).isTrue();
        assertThat(second.copied()).isEqualTo(300 - present.size());
        assertThat(keys(aws, b)).hasSize(300);
        assertThat(get(aws, b, "f299")).isEqualTo("x".repeat(299));

        // the same for downloads: no half-written file, no temporary file left
        Path down = tmp.resolve("down");
        done.set(0);
        Thread t2 = new Thread(() -> report.set(Storage.of(aws)
                .sync("s3://" + b, down)
                .concurrency(4)
                .progress(e -> {
                    if (done.incrementAndGet() == 60) {
                        runner.get().interrupt();
                    }
                })
                .run()));
        runner.set(t2);
        t2.start();
        t2.join(60_000);
        assertThat(report.get().cancelled()).isTrue();
        Map<String, String> partial = files(down);
        partial.forEach((k, v) -> assertThat(v).as(k).isEqualTo("x".repeat(Integer.parseInt(k.substring(1)))));
        assertThat(Storage.of(aws).sync("s3://" + b, down).run().isSuccess()).isTrue();
        assertThat(files(down)).hasSize(300);
    }

    @Test
    void sync_whenDestinationBucketMissing_failsBeforeWriting(AwsKit aws, TestResources res) {
        Path src = tree("src", "a.txt");
        String missing = res.bucketName();

        assertThatThrownBy(() -> Storage.of(aws).sync(src, "s3://" + missing).run())
                .isInstanceOf(AwsKitException.class)
                .hasMessage("The destination bucket '" + missing + "' does not exist (region us-east-1). Check the"
                        + " name, or create it with Storage.of(aws).bucket(\"" + missing + "\").create().");
        assertThat(Storage.of(aws).bucket(missing).exists()).isFalse();
    }

    @Test
    void sync_withAWrongSecret_failsBeforeWritingAndSaysSo(Target target, AwsKit aws, TestResources res) {
        String b = bucket(aws, res);
        Path src = tree("src", "a.txt");
        try (AwsKit intruder = AwsKit.builder()
                .region(target.region())
                .credentials(target.accessKey(), "not-the-secret")
                .endpoint("s3", target.endpoint().toString())
                .build()) {
            S3Fixture.assumeServerChecksSignatures(intruder, b);
            assertThatThrownBy(() -> Storage.of(intruder).sync(src, "s3://" + b).run())
                    .isInstanceOf(AwsKitException.class)
                    // S3Proxy has one identity, so it cannot show a valid key without permission (AccessDenied);
                    // a wrong secret is a credentials problem, not a missing s3:ListBucket
                    .hasMessageStartingWith("Cannot use the destination bucket '" + b + "' (region us-east-1): ")
                    .hasMessageContaining("(SignatureDoesNotMatch)")
                    .hasMessageNotContaining("not-the-secret");
        }
        assertThat(keys(aws, b)).isEmpty();
    }

    @Test
    void sync_whenLocalPathIsAFile_failsBeforeWriting(AwsKit aws, TestResources res) {
        String b = bucket(aws, res);
        put(aws, b, "a.txt", "a");
        Path file = tree("src", "plain.txt").resolve("plain.txt");

        assertThatThrownBy(() -> Storage.of(aws).sync(file, "s3://" + b).run())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The source " + file + " is a file; sync copies directories (to copy one file, sync its"
                        + " directory with .exclude(\"*\").include(\"plain.txt\"))");
        assertThatThrownBy(() -> Storage.of(aws).sync("s3://" + b, file).run())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The destination " + file + " is a file; give a directory (it is created when missing)");
        assertThatThrownBy(() ->
                        Storage.of(aws).sync(file.getParent(), "s3://" + b).exclude("[z-a]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid filter pattern '[z-a]': the range z-a is reversed; write it as a-z");
        assertThat(keys(aws, b)).containsOnlyKeys("a.txt");
    }

    @Test
    void bucket_createExistsDelete(AwsKit aws, TestResources res) {
        Bucket bucket = Storage.of(aws).bucket(res.bucketName());
        assertThat(bucket.exists()).isFalse();
        bucket.create();
        bucket.create(); // already yours: fine
        assertThat(bucket.exists()).isTrue();
        put(aws, bucket.name(), "x/y", "z");
        assertThatThrownBy(() -> bucket.delete(false))
                .isInstanceOf(AwsKitException.class)
                .hasMessage("Bucket '" + bucket.name() + "' is not empty; delete(true) empties it first.");
        assertThat(bucket.delete(true)).isTrue();
        assertThat(bucket.exists()).isFalse();
        assertThat(bucket.delete(true)).isFalse();
    }
}
