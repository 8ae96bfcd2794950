package dev.awskit.storage;

import static dev.awskit.storage.S3Fixture.bucket;
import static dev.awskit.storage.S3Fixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.awskit.core.AwsKit;
import dev.awskit.testing.FaultProxy;
import dev.awskit.testing.FaultProxy.Fault;
import dev.awskit.testing.Service;
import dev.awskit.testing.Target;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Sync in all three directions through {@link FaultProxy} at 10 % faults (throttling, 500, resets
 * before and after the server acted, bodies cut half-way). Every check reads independently of the
 * kit: a clean client's GetObject and the test's own MD5s.
 */
@UsesServer(Service.S3)
class SyncFaultsIT {
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    static FaultProxy.Builder tenPercent(Target target, long seed) {
        return FaultProxy.builder(target.endpoint())
                .seed(seed)
                .fault(Fault.THROTTLE, 0.02)
                .fault(Fault.ERROR_500, 0.02)
                .fault(Fault.RESET_BEFORE, 0.02)
                .fault(Fault.RESET_AFTER, 0.02)
                .fault(Fault.CUT_BODY, 0.02);
    }

    static boolean isCreateMultipartUpload(FaultProxy.Request r) {
        if (!r.method().equals("POST")) {
            return false;
        }
        for (String p : r.query().split("&")) {
            if (p.equals("uploads") || p.startsWith("uploads=")) {
                return true;
            }
        }
        return false;
    }

    static String md5(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** key -> MD5 of every object, read with GetObject by a client outside the proxy. */
    static Map<String, String> objects(AwsKit clean, String bucket) {
        S3Client s3 = clean.client(S3Client.class);
        Map<String, String> out = new TreeMap<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
            out.put(
                    o.key(),
                    md5(s3.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asByteArray()));
        }
        return out;
    }

    /** relative path -> MD5 of every file under root (temporary files included, by name). */
    static Map<String, String> files(Path root) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(Files::isRegularFile).forEach(p -> {
                try {
                    out.put(root.relativize(p).toString().replace('\\', '/'), md5(Files.readAllBytes(p)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static String uploads(AwsKit clean, String bucket) {
        return clean.client(S3Client.class)
                .listMultipartUploads(m -> m.bucket(bucket))
                .uploads()
                .toString();
    }

    static int uploadsLeft(AwsKit clean, String bucket) {
        return clean.client(S3Client.class)
                .listMultipartUploads(m -> m.bucket(bucket))
                .uploads()
                .size();
    }

    @Test
    void sync_inAllThreeDirectionsThroughTenPercentFaults_endsByteForByteEqualWithTrueCounts(
            Target target, AwsKit clean, TestResources res) throws IOException {
        assumeTrue(target.endpoint().getScheme().equals("http"), "FaultProxy speaks plain HTTP");
        String b = bucket(clean, res);
        String c = bucket(clean, res);
        Path src = tmp.resolve("src");
        Random rnd = new Random(20261203);
        long totalBytes = 0;
        for (int i = 0; i < 150; i++) {
            byte[] data = new byte[rnd.nextInt(40_000)];
            rnd.nextBytes(data);
            write(src, "dir" + (i % 5) + "/f" + i + ".bin", data);
            totalBytes += data.length;
        }
        for (int size : new int[] {9 * MIB, 13 * MIB}) { // multipart (8 MiB parts) and UploadPartCopy
            byte[] big = new byte[size];
            rnd.nextBytes(big);
            write(src, "big-" + size + ".bin", big);
            totalBytes += size;
        }
        int count = 152;
        // stale entries at every destination, for the deletes
        for (int i = 0; i < 4; i++) {
            S3Fixture.put(clean, b, "stale/b" + i, "old");
            S3Fixture.put(clean, c, "stale/c" + i, "old");
        }
        Path down = tmp.resolve("down");
        for (int i = 0; i < 4; i++) {
            write(down, "stale/d" + i, "old");
        }
        Map<String, String> expected = files(src);

        try (FaultProxy proxy = tenPercent(target, 42).start();
                AwsKit aws = target.withEndpoint(proxy.endpoint()).kit()) {
            Storage st = Storage.of(aws);

            SyncReport up = st.sync(src, "s3://" + b).delete().run();
            SyncReport copy = st.sync("s3://" + b, "s3://" + c)
                    .copyMultipartThreshold(6L * MIB)
                    .delete()
                    .run();
            SyncReport dl = st.sync("s3://" + c, down).delete().run();

            assertThat(proxy.injected())
                    .as("faults injected of %d requests", proxy.requests())
                    .isPositive();
            for (Fault f : Fault.values()) {
                assertThat(proxy.injected(f)).as("%s injected", f).isPositive();
            }
            for (SyncReport r : new SyncReport[] {up, copy, dl}) {
                assertThat(r.failures()).as(r.toString()).isEmpty();
                assertThat(r.copied()).as(r.toString()).isEqualTo(count);
                assertThat(r.copiedBytes()).as(r.toString()).isEqualTo(totalBytes);
                assertThat(r.deleted()).as(r.toString()).isEqualTo(4);
                assertThat(r.plannedDeletes()).as(r.toString()).isEqualTo(4);
            }

            // byte for byte, read past the proxy and the kit
            assertThat(objects(clean, b)).isEqualTo(expected);
            assertThat(objects(clean, c)).isEqualTo(expected);
            assertThat(files(down)).as("no half-written file, no .part left").isEqualTo(expected);

            // a lost CreateMultipartUpload answer leaves an upload whose id never reached the kit: it
            // finds and aborts those (abortLostUploads); every upload it saw was completed or aborted
            long lostCreates = proxy.exchanges().stream()
                    .filter(e -> isCreateMultipartUpload(e.request()))
                    .filter(e -> e.fault()
                            .filter(f -> f == Fault.RESET_AFTER || f == Fault.CUT_BODY)
                            .isPresent())
                    .count();
            assertThat(uploadsLeft(clean, b) + uploadsLeft(clean, c))
                    .as("uploads left (%d CreateMultipartUpload answers were lost)", lostCreates)
                    .isZero();

            // and a re-sync through the faults finds nothing to do, in every direction
            assertThat(st.sync(src, "s3://" + b).run().plannedCopies()).isZero();
            assertThat(st.sync("s3://" + b, "s3://" + c).run().plannedCopies()).isZero();
            assertThat(st.sync("s3://" + c, down).run().plannedCopies()).isZero();
        }
    }

    @Test
    void multipartUpload_whoseCreateAnswerWasLost_abortsTheUploadItNeverSaw(
            Target target, AwsKit clean, TestResources res) throws IOException {
        assumeTrue(target.endpoint().getScheme().equals("http"), "FaultProxy speaks plain HTTP");
        String b = bucket(clean, res);
        Path src = tmp.resolve("src");
        byte[] big = new byte[9 * MIB];
        new Random(9).nextBytes(big);
        write(src, "big.bin", big);

        try (FaultProxy proxy = FaultProxy.builder(target.endpoint())
                        .seed(1)
                        .fault(Fault.RESET_AFTER, 1.0)
                        .maxFaults(1)
                        .only(SyncFaultsIT::isCreateMultipartUpload)
                        .start();
                AwsKit aws = target.withEndpoint(proxy.endpoint()).kit()) {
            SyncReport r = Storage.of(aws).sync(src, "s3://" + b).run();

            assertThat(proxy.injected(Fault.RESET_AFTER)).isEqualTo(1);
            assertThat(r.isSuccess()).as(r.toString()).isTrue();
            assertThat(uploadsLeft(clean, b))
                    .as("uploads left: %s; requests: %s", uploads(clean, b), proxy.exchanges())
                    .isZero();
            assertThat(objects(clean, b)).containsExactlyEntriesOf(Map.of("big.bin", md5(big)));
        }
    }

    @Test
    void multipartCopy_whoseCreateAnswerWasLost_abortsTheUploadItNeverSaw(
            Target target, AwsKit clean, TestResources res) {
        assumeTrue(target.endpoint().getScheme().equals("http"), "FaultProxy speaks plain HTTP");
        String b = bucket(clean, res);
        String c = bucket(clean, res);
        byte[] big = new byte[7 * MIB];
        new Random(10).nextBytes(big);
        clean.client(S3Client.class).putObject(x -> x.bucket(b).key("big.bin"), RequestBody.fromBytes(big));

        try (FaultProxy proxy = FaultProxy.builder(target.endpoint())
                        .seed(1)
                        .fault(Fault.RESET_AFTER, 1.0)
                        .maxFaults(1)
                        .only(SyncFaultsIT::isCreateMultipartUpload)
                        .start();
                AwsKit aws = target.withEndpoint(proxy.endpoint()).kit()) {
            SyncReport r = Storage.of(aws)
                    .sync("s3://" + b, "s3://" + c)
                    .copyMultipartThreshold(6L * MIB)
                    .run();

            assertThat(proxy.injected(Fault.RESET_AFTER)).isEqualTo(1);
            assertThat(r.isSuccess()).as(r.toString()).isTrue();
            assertThat(uploadsLeft(clean, c))
                    .as("uploads left: %s; requests: %s", uploads(clean, c), proxy.exchanges())
                    .isZero();
            assertThat(objects(clean, c)).containsExactlyEntriesOf(Map.of("big.bin", md5(big)));
        }
    }
}
