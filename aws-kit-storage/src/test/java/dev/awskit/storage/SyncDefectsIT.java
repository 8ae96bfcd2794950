package dev.awskit.storage;

import static dev.awskit.storage.S3Fixture.assumeServerChecksSignatures;
import static dev.awskit.storage.S3Fixture.bucket;
import static dev.awskit.storage.S3Fixture.keys;
import static dev.awskit.storage.S3Fixture.put;
import static dev.awskit.storage.S3Fixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.storage.internal.LocalFiles;
import dev.awskit.testing.Service;
import dev.awskit.testing.Target;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/** Regression tests of the defects of issue 11 (§3 "Sync"), each against S3Proxy. */
@UsesServer(Service.S3)
class SyncDefectsIT {
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    /** A kit like the target's, with other credentials or another endpoint. */
    static AwsKit kit(Target target, String accessKey, String secret, URI endpoint) {
        AwsKit.Builder b = AwsKit.builder().region(target.region()).credentials(accessKey, secret);
        if (target.kind() == Target.Kind.LOCAL_EMULATOR) {
            b.endpoint("s3", endpoint.toString()); // S3Proxy serves S3 only
        } else {
            b.endpoint(endpoint);
        }
        return b.build();
    }

    // ------------------------------------------------------------------ file modes and fsync

    @Test
    void download_givesFilesTheModeOfANewFileUnderTheUmask_notOwnerOnly(AwsKit aws, TestResources res)
            throws IOException {
        String b = bucket(aws, res);
        put(aws, b, "a/one.txt", "one");
        put(aws, b, "two.txt", "two");
        Path down = Files.createDirectories(tmp.resolve("down"));
        // what any new file gets here (umask applied by the OS), as the CLI's downloads do
        Path probe = Files.createFile(tmp.resolve("probe"));
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(probe);

        SyncReport r = Storage.of(aws).sync("s3://" + b, down).run();

        assertThat(r.isSuccess()).as(r.toString()).isTrue();
        assertThat(Files.getPosixFilePermissions(down.resolve("two.txt"))).isEqualTo(expected);
        assertThat(Files.getPosixFilePermissions(down.resolve("a/one.txt"))).isEqualTo(expected);
    }

    @Test
    void download_withFsync_forcesEveryFileBeforeItIsRenamed(AwsKit aws, TestResources res) {
        String b = bucket(aws, res);
        for (int i = 0; i < 3; i++) {
            put(aws, b, "f" + i, "content " + i);
        }
        AtomicInteger forcedWhileTemporary = new AtomicInteger();
        LocalFiles counting = file -> {
            LocalFiles.Output out = LocalFiles.DEFAULT.create(file);
            return new LocalFiles.Output() {
                @Override
                public void write(byte[] data, int off, int len) throws IOException {
                    out.write(data, off, len);
                }

                @Override
                public void force() throws IOException {
                    out.force();
                    if (Files.exists(file)) { // still the temporary name: forced before the rename
                        forcedWhileTemporary.incrementAndGet();
                    }
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }
            };
        };
        Path down = tmp.resolve("down");

        SyncReport r = Storage.of(aws)
                .sync("s3://" + b, down)
                .fsync()
                .localFiles(counting)
                .run();

        assertThat(r.copied()).as(r.toString()).isEqualTo(3);
        assertThat(forcedWhileTemporary).hasValue(3);
    }

    // ------------------------------------------------------------------ cancel

    @Test
    void cancel_duringALargeDownload_abortsTheStreamInsteadOfDrainingTheObject(
            Target target, AwsKit aws, TestResources res) throws Exception {
        assumeTrue(
                target.endpoint().getScheme().equals("http"),
                "the counting relay speaks plain TCP to an http endpoint");
        String b = bucket(aws, res);
        int size = 64 * MIB;
        Path big = tmp.resolve("big.bin");
        byte[] block = new byte[MIB];
        new Random(7).nextBytes(block);
        try (var out = Files.newOutputStream(big)) {
            for (int i = 0; i < size / MIB; i++) {
                out.write(block);
            }
        }
        aws.client(S3Client.class).putObject(x -> x.bucket(b).key("big.bin"), RequestBody.fromFile(big));
        Path down = tmp.resolve("down");
        // 16 MiB/s: the object takes 4 s to send, so a cancel at 8 MiB has most of it still to come
        try (CountingRelay relay = new CountingRelay(target.endpoint(), 16L * MIB);
                AwsKit through = kit(target, target.accessKey(), target.secretKey(), relay.endpoint())) {
            CompletableFuture<SyncReport> f =
                    Storage.of(through).sync("s3://" + b, down).runAsync();
            while (relay.serverBytes() < 8L * MIB && !f.isDone()) {
                Thread.sleep(20);
            }
            f.cancel(true);
            // settle: wait until the server stops sending (a drain goes on to the end of the object)
            long last = -1;
            for (int i = 0; i < 300 && relay.serverBytes() != last; i++) {
                last = relay.serverBytes();
                Thread.sleep(500);
            }
            assertThat(relay.serverBytes())
                    .as("bytes S3 sent for a download cancelled at 8 MiB of %d MiB", size / MIB)
                    .isLessThan(size / 2);
        }
        assertThat(down.resolve("big.bin")).doesNotExist();
        try (Stream<Path> s = Files.exists(down) ? Files.list(down) : Stream.empty()) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    // ------------------------------------------------------------------ stale .part files

    @Test
    void sync_removesTheStalePartFileOfAKilledRun_andNeverUploadsIt(AwsKit aws, TestResources res) throws Exception {
        String b = bucket(aws, res);
        put(aws, b, "sub/data.txt", "data");
        long deadPid = deadPid();
        // what a download killed mid-file leaves: a temporary file named for its (now dead) process
        Path down = tmp.resolve("down");
        String stale = ".awskit-" + deadPid + "-5f2c9a.part";
        write(down, "sub/" + stale, "half of a file");

        SyncReport dl = Storage.of(aws).sync("s3://" + b, down).run();

        assertThat(dl.isSuccess()).as(dl.toString()).isTrue();
        assertThat(down.resolve("sub/" + stale)).doesNotExist();
        assertThat(down.resolve("sub/data.txt")).hasContent("data");

        // the same directory as a source: never uploaded, and removed too
        Path src = tmp.resolve("src");
        write(src, "x.txt", "x");
        write(src, stale, "half of a file");
        String c = bucket(aws, res);
        SyncReport up = Storage.of(aws).sync(src, "s3://" + c).run();
        assertThat(up.isSuccess()).as(up.toString()).isTrue();
        assertThat(keys(aws, c)).containsOnlyKeys("x.txt");
        assertThat(src.resolve(stale)).doesNotExist();
    }

    @Test
    void sync_keepsThePartFileOfALiveProcess(AwsKit aws, TestResources res) throws Exception {
        String b = bucket(aws, res);
        put(aws, b, "data.txt", "data");
        Path down = tmp.resolve("down");
        // another live process (this JVM stands for it) may be writing it right now
        String live = ".awskit-" + ProcessHandle.current().pid() + "-77aa.part";
        write(down, live, "being written");

        SyncReport r = Storage.of(aws).sync("s3://" + b, down).run();

        assertThat(r.isSuccess()).as(r.toString()).isTrue();
        assertThat(down.resolve(live)).hasContent("being written");
    }

    static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    // ------------------------------------------------------------------ CHECKSUM with any part size

    /** Uploads {@code data} in parts of {@code partSize}; returns the ETag computed independently. */
    static String multipartPut(S3Client s3, String bucket, String key, byte[] data, int partSize) throws Exception {
        String id = s3.createMultipartUpload(c -> c.bucket(bucket).key(key)).uploadId();
        ByteArrayOutputStream digests = new ByteArrayOutputStream();
        List<CompletedPart> parts = new java.util.ArrayList<>();
        for (int off = 0, n = 1; off < data.length; off += partSize, n++) {
            int len = Math.min(partSize, data.length - off);
            byte[] part = java.util.Arrays.copyOfRange(data, off, off + len);
            digests.write(MessageDigest.getInstance("MD5").digest(part));
            int number = n;
            String etag = s3.uploadPart(
                            u -> u.bucket(bucket).key(key).uploadId(id).partNumber(number), RequestBody.fromBytes(part))
                    .eTag();
            parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
        }
        String etag = s3.completeMultipartUpload(
                        c -> c.bucket(bucket).key(key).uploadId(id).multipartUpload(m -> m.parts(parts)))
                .eTag();
        String expected = HexFormat.of()
                        .formatHex(MessageDigest.getInstance("MD5").digest(digests.toByteArray())) + "-" + parts.size();
        assertThat(etag.replace("\"", "")).as("the server's multipart ETag").isEqualTo(expected);
        return expected;
    }

    static void checksumSeesNoChange(AwsKit aws, String b, Path tmp, RequestCounter heads) throws Exception {
        S3Client s3 = aws.client(S3Client.class);
        Map<String, int[]> shapes = Map.of(
                "p6.bin", new int[] {13 * MIB, 6 * MIB},
                "p10.bin", new int[] {21 * MIB, 10 * MIB},
                "p12.bin", new int[] {25 * MIB, 12 * MIB});
        Path local = tmp.resolve("local");
        Random rnd = new Random(11);
        for (var e : shapes.entrySet()) {
            byte[] data = new byte[e.getValue()[0]];
            rnd.nextBytes(data);
            multipartPut(s3, b, e.getKey(), data, e.getValue()[1]);
            write(local, e.getKey(), data);
        }

        SyncReport down = Storage.of(aws).sync("s3://" + b, local).checksum().run();
        SyncReport up = Storage.of(aws).sync(local, "s3://" + b).checksum().run();

        assertThat(down.copied()).as(down.toString()).isZero();
        assertThat(down.skipped()).as(down.toString()).isEqualTo(3);
        assertThat(up.copied()).as(up.toString()).isZero();
        assertThat(up.skipped()).as(up.toString()).isEqualTo(3);
    }

    @Test
    void checksum_recognisesMultipartEtagsOf6_10And12MiBParts(AwsKit aws, TestResources res) throws Exception {
        // S3Proxy answers HeadObject?partNumber with 501: the kit falls back to every whole-MiB part size
        // that gives the ETag's part count (CheckumOnMotoIT covers the exact HeadObject path)
        checksumSeesNoChange(aws, bucket(aws, res), tmp, null);
    }

    // ------------------------------------------------------------------ credentials

    @Test
    void sync_withAWrongSecret_saysTheSecretDoesNotMatch(Target target, AwsKit aws, TestResources res) {
        String b = bucket(aws, res);
        try (AwsKit wrong = kit(target, target.accessKey(), "not-the-secret-0123456789", target.endpoint())) {
            assumeServerChecksSignatures(wrong, b);
            assertThatThrownBy(() -> Storage.of(wrong)
                            .sync("s3://" + b, tmp.resolve("d"))
                            .run())
                    .isInstanceOf(AwsKitException.class)
                    .hasMessageContaining("'" + b + "'")
                    .hasMessageContaining("SignatureDoesNotMatch")
                    .hasMessageContaining("secret access key")
                    .hasMessageNotContaining("s3:ListBucket")
                    .hasMessageNotContaining("not-the-secret");
            assertThatThrownBy(() -> Storage.of(wrong).bucket(b).exists())
                    .isInstanceOf(AwsKitException.class)
                    .hasMessageContaining("SignatureDoesNotMatch")
                    .hasMessageNotContaining("s3:ListBucket");
        }
    }

    @Test
    void sync_withAnUnknownAccessKey_saysTheKeyIsUnknown(Target target, AwsKit aws, TestResources res) {
        String b = bucket(aws, res);
        write(tmp.resolve("d"), "a.txt", "a");
        try (AwsKit unknown = kit(target, "awskit-unknown-access-key", "whatever-secret", target.endpoint())) {
            assumeServerChecksSignatures(unknown, b);
            assertThatThrownBy(() -> Storage.of(unknown)
                            .sync(tmp.resolve("d"), "s3://" + b)
                            .run())
                    .isInstanceOf(AwsKitException.class)
                    .hasMessageContaining("'" + b + "'")
                    .hasMessageContaining("InvalidAccessKeyId")
                    .hasMessageContaining("access key id")
                    .hasMessageNotContaining("s3:ListBucket")
                    .hasMessageNotContaining("whatever-secret");
        }
    }

    // ------------------------------------------------------------------ dry run and maxDelete

    @Test
    void dryRun_thatARealRunWouldRefuseUnderMaxDelete_saysSo(AwsKit aws, TestResources res) {
        String b = bucket(aws, res);
        for (int i = 0; i < 3; i++) {
            put(aws, b, "old" + i, "x");
        }
        Path src = tmp.resolve("src");
        write(src, "new.txt", "n");
        ByteArrayOutputStream lines = new ByteArrayOutputStream();

        SyncReport dry = Storage.of(aws)
                .sync(src, "s3://" + b)
                .delete()
                .maxDelete(2)
                .dryRun()
                .output(new PrintStream(lines, true, StandardCharsets.UTF_8))
                .run();
        SyncReport real =
                Storage.of(aws).sync(src, "s3://" + b).delete().maxDelete(2).run();

        assertThat(real.deletesRefused()).isEqualTo(3);
        assertThat(dry.deletesRefused()).isEqualTo(real.deletesRefused());
        assertThat(dry.toString()).contains("3 refused by maxDelete");
        assertThat(dry.failures()).singleElement().satisfies(f -> assertThat(f.message())
                .contains("3 deletions planned")
                .contains("maxDelete(2)")
                .contains("a real run would delete nothing"));
        assertThat(lines.toString(StandardCharsets.UTF_8)).contains("refused by maxDelete(2)");
        assertThat(keys(aws, b)).containsKeys("old0", "old1", "old2", "new.txt");
    }

    // ------------------------------------------------------------------ local file-system errors

    @Test
    void download_ontoAFullDisk_failsThatFileAtOnceWithOneGet(Target target, AwsKit clean, TestResources res)
            throws Exception {
        RequestCounter requests = new RequestCounter();
        String b = bucket(clean, res);
        try (AwsKit aws = target.kitBuilder().customize(requests).build()) {
            byte[] data = new byte[4 * MIB];
            new Random(3).nextBytes(data);
            aws.client(S3Client.class).putObject(x -> x.bucket(b).key("big.bin"), RequestBody.fromBytes(data));
            put(aws, b, "small.txt", "fits");
            LocalFiles fullAfter1MiB = file -> {
                LocalFiles.Output out = LocalFiles.DEFAULT.create(file);
                long[] written = {0};
                return new LocalFiles.Output() {
                    @Override
                    public void write(byte[] d, int off, int len) throws IOException {
                        if (written[0] + len > MIB) {
                            throw new IOException("No space left on device"); // the JDK's text for ENOSPC
                        }
                        written[0] += len;
                        out.write(d, off, len);
                    }

                    @Override
                    public void force() throws IOException {
                        out.force();
                    }

                    @Override
                    public void close() throws IOException {
                        out.close();
                    }
                };
            };
            Path down = tmp.resolve("down");

            SyncReport r = Storage.of(aws)
                    .sync("s3://" + b, down)
                    .localFiles(fullAfter1MiB)
                    .run();

            assertThat(requests.count("GetObject")).as("GETs for 2 objects").isEqualTo(2);
            assertThat(r.copied()).isEqualTo(1);
            assertThat(r.failures()).singleElement().satisfies(f -> {
                assertThat(f.key()).isEqualTo("big.bin");
                assertThat(f.operation()).isEqualTo("download");
                assertThat(f.message())
                        .contains("No space left on device")
                        .contains("not retried")
                        .doesNotContain("attempts");
            });
            assertThat(down.resolve("big.bin")).doesNotExist();
            assertThat(down.resolve("small.txt")).hasContent("fits");
            try (Stream<Path> s = Files.list(down)) {
                assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
            }
        }
    }

    @Test
    void multipartUpload_ofAFileThatVanishes_failsAtOnceWithOneCreateMultipartUpload(
            Target target, AwsKit clean, TestResources res) throws Exception {
        String b = bucket(clean, res);
        Path src = tmp.resolve("src");
        byte[] data = new byte[12 * MIB];
        new Random(5).nextBytes(data);
        write(src, "big.bin", data);
        RequestCounter requests = new RequestCounter().afterResponse((op, a) -> {
            if (op.equals("CreateMultipartUpload")) {
                try {
                    Files.deleteIfExists(src.resolve("big.bin")); // vanishes once the upload started
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        try (AwsKit aws = target.kitBuilder().customize(requests).build()) {
            SyncReport r = Storage.of(aws).sync(src, "s3://" + b).run();

            assertThat(requests.count("CreateMultipartUpload")).isEqualTo(1);
            assertThat(requests.count("AbortMultipartUpload")).isEqualTo(1);
            assertThat(r.failures()).singleElement().satisfies(f -> {
                assertThat(f.key()).isEqualTo("big.bin");
                assertThat(f.operation()).isEqualTo("upload");
                assertThat(f.message()).contains("no such file").contains("not retried");
            });
            assertThat(aws.client(S3Client.class)
                            .listMultipartUploads(m -> m.bucket(b))
                            .uploads())
                    .isEmpty();
        }
    }
}
