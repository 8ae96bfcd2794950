package dev.awskit.ecr.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.awskit.ecr.RegistryException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Defects of the registry client's data path (timeouts of 2 s: long enough for a loaded machine,
 * short against the 6 s a slow transfer takes here), shown against {@link FakeRegistry} (an in-JVM
 * registry: no local or public registry stalls, expires a token mid-upload or reads slowly on
 * demand).
 */
class RegistryClientDefectsIT {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    private final FakeRegistry source = newRegistry();
    private final FakeRegistry target = newRegistry();

    private static FakeRegistry newRegistry() {
        try {
            return new FakeRegistry();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void close() {
        source.close();
        target.close();
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The old constructor: one "per-request" timeout, which must not bound a whole upload. */
    private static RegistryClient client(URI url, Duration timeout) {
        return new RegistryClient(url, () -> null, timeout);
    }

    /** What the copier does: the source blob through a digest check, into an upload at the target. */
    private static void copyBlob(RegistryClient from, RegistryClient to, String repo, String digest, long size) {
        to.uploadBlob(
                repo,
                digest,
                size,
                () -> new DigestingInputStream(from.openBlob(repo, digest), digest, size, "blob " + digest, n -> {}));
    }

    @Test
    void upload_whenTheTokenExpiresAfterPartOfTheBody_reopensTheSourceAndSendsTheWholeBlob() {
        uploadsTheWholeBlobAgainAfter(FakeRegistry.PatchFault.EXPIRE_TOKEN, random(600_000, 1));
    }

    @Test
    void upload_whenTheRegistryAnswers401AndClosesMidBody_readsTheAnswerAndStartsOver() {
        // 8 MiB: more than the loopback socket buffers hold, so the write is still going when the
        // registry closes; before the early answer was read this failed with "Broken pipe"
        uploadsTheWholeBlobAgainAfter(FakeRegistry.PatchFault.EXPIRE_TOKEN_AND_CLOSE, random(8 * 1024 * 1024, 5));
    }

    /** A token that expires mid-body: the client logs in again and sends the blob from its first byte. */
    private void uploadsTheWholeBlobAgainAfter(FakeRegistry.PatchFault fault, byte[] blob) {
        String digest = FakeRegistry.sha256(blob);
        target.bearer = true;
        target.patchFaults.put((long) blob.length, fault);
        AtomicInteger opens = new AtomicInteger();
        Supplier<InputStream> content = () -> {
            opens.incrementAndGet();
            return new ByteArrayInputStream(blob);
        };

        assertTimeoutPreemptively(HANG_GUARD, () -> client(target.url(), Duration.ofSeconds(30))
                .uploadBlob("app", digest, blob.length, content));

        assertThat(target.hasBlob("app", digest)).isTrue();
        // the PATCH after the new token carried the blob from its first byte: the source was opened again
        assertThat(target.patchBodies).containsExactly(digest);
        assertThat(opens).hasValue(2);
        assertThat(target.requests("DELETE /v2/app/blobs/uploads/")).hasSize(1);
    }

    @Test
    void upload_whenTheRegistryClosesMidBodyWithoutAnAnswer_failsNamingTheWriteError() {
        byte[] blob = random(8 * 1024 * 1024, 6);
        String digest = FakeRegistry.sha256(blob);
        target.patchFaults.put((long) blob.length, FakeRegistry.PatchFault.CLOSE);

        Throwable e = assertTimeoutPreemptively(
                HANG_GUARD,
                () -> org.assertj.core.api.Assertions.catchThrowable(() -> client(target.url(), Duration.ofSeconds(30))
                        .uploadBlob("app", digest, blob.length, () -> new ByteArrayInputStream(blob))));

        assertThat(e)
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith(
                        "upload blob " + digest + " to " + target.url().getAuthority() + "/app (PATCH)")
                .hasMessageMatching("(?s).*(Broken pipe|Connection reset).*");
        assertThat(((RegistryException) e).retryable()).isTrue();
        assertThat(target.hasBlob("app", digest)).isFalse();
    }

    @Test
    void upload_thatTakesLongerThanTheRequestTimeout_succeedsWhileEveryReadProgresses() {
        byte[] blob = random(1024 * 1024, 2); // 64 reads of 16 KiB, one every 100 ms: ~6.4 s in all
        String digest = source.putBlob("app", blob);
        source.blobFaults.put(digest, FakeRegistry.BlobFault.SLOW);
        Duration timeout = Duration.ofSeconds(2);

        assertTimeoutPreemptively(
                HANG_GUARD,
                () -> copyBlob(
                        client(source.url(), timeout), client(target.url(), timeout), "app", digest, blob.length));

        assertThat(target.hasBlob("app", digest)).isTrue();
    }

    @Test
    void upload_whenTheSourceStallsMidBlob_failsWithAnIdleTimeoutNamingTheBlob() {
        byte[] blob = random(200_000, 3);
        String digest = source.putBlob("app", blob);
        source.blobFaults.put(digest, FakeRegistry.BlobFault.STALL);
        Duration timeout = Duration.ofSeconds(2);

        Throwable e = assertTimeoutPreemptively(
                HANG_GUARD,
                () -> org.assertj.core.api.Assertions.catchThrowable(() -> copyBlob(
                        client(source.url(), timeout), client(target.url(), timeout), "app", digest, blob.length)));

        assertThat(e)
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("blob " + digest)
                .hasMessageContaining("no data for 2 s (idle-read timeout)");
        assertThat(((RegistryException) e).retryable()).isTrue();
        assertThat(target.hasBlob("app", digest)).isFalse();
        assertThat(target.requests("DELETE /v2/app/blobs/uploads/")).hasSize(1);
    }

    @Test
    void upload_whenTheTargetStopsReading_failsWithATimeoutAndAbortsTheSession() {
        byte[] blob = random(8 * 1024 * 1024, 4);
        String digest = FakeRegistry.sha256(blob);
        target.patchFaults.put((long) blob.length, FakeRegistry.PatchFault.STALL);
        Duration timeout = Duration.ofSeconds(2);

        Throwable e = assertTimeoutPreemptively(
                HANG_GUARD,
                () -> org.assertj.core.api.Assertions.catchThrowable(() -> client(target.url(), timeout)
                        .uploadBlob("app", digest, blob.length, () -> new ByteArrayInputStream(blob))));

        assertThat(e)
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith(
                        "upload blob " + digest + " to " + target.url().getAuthority() + "/app")
                .hasMessageContaining("timeout)");
        assertThat(target.hasBlob("app", digest)).isFalse();
        assertThat(target.requests("DELETE /v2/app/blobs/uploads/")).hasSize(1);
    }

    @Test
    void copy_whenOneBlobFails_failsAtOnceCancelsTheOthersAndAbortsTheirUploads() {
        byte[] config =
                "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] stalls = random(3 * 1024 * 1024, 5); // submitted before the refused one
        byte[] refused = random(100_000, 6);
        source.pushImage("app", "1", config, List.of(stalls, refused));
        target.patchFaults.put((long) stalls.length, FakeRegistry.PatchFault.STALL);
        target.patchFaults.put((long) refused.length, FakeRegistry.PatchFault.REFUSE);
        dev.awskit.ecr.Registry from = dev.awskit.ecr.Registry.at(source.url().toString());
        dev.awskit.ecr.Registry to = dev.awskit.ecr.Registry.at(target.url().toString());

        Throwable e = assertTimeoutPreemptively(
                HANG_GUARD,
                () -> org.assertj.core.api.Assertions.catchThrowable(
                        () -> from.copy("app:1").to(to, "app:1").parallelism(4).run()));

        assertThat(e)
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("failed with HTTP 400")
                .hasMessageContaining("BLOB_UPLOAD_INVALID");
        assertThat(((RegistryException) e).statusCode()).isEqualTo(400);
        // the stalled sibling was cancelled, its upload session deleted, nothing committed or tagged
        assertThat(target.hasBlob("app", FakeRegistry.sha256(stalls))).isFalse();
        // every upload session started was committed (the small config, if it was done) or deleted
        int started = target.requests("POST /v2/app/blobs/uploads/").size();
        int committed = target.requests("PUT /v2/app/blobs/uploads/").size();
        int deleted = target.requests("DELETE /v2/app/blobs/uploads/").size();
        assertThat(deleted).isGreaterThanOrEqualTo(2);
        assertThat(committed + deleted).isEqualTo(started);
        assertThat(target.requests("PUT /v2/app/manifests/")).isEmpty();
    }

    @Test
    void upload_refused_isNotRetriedAndSaysWhatTheRegistrySaid() {
        byte[] blob = random(10_000, 7);
        String digest = FakeRegistry.sha256(blob);
        target.patchFaults.put((long) blob.length, FakeRegistry.PatchFault.REFUSE);

        assertThatThrownBy(() -> client(target.url(), Duration.ofSeconds(30))
                        .uploadBlob("app", digest, blob.length, () -> new ByteArrayInputStream(blob)))
                .isInstanceOf(RegistryException.class)
                .hasMessage("upload blob " + digest + " to " + target.url().getAuthority() + "/app (PATCH) at "
                        + target.url().getAuthority() + " failed with HTTP 400: {\"errors\":[{\"code\":"
                        + "\"BLOB_UPLOAD_INVALID\",\"message\":\"refused on purpose\"}]}.");
        assertThat(target.requests("DELETE /v2/app/blobs/uploads/")).hasSize(1);
    }
}
