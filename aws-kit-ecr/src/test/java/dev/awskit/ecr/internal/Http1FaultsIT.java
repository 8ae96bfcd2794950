package dev.awskit.ecr.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.awskit.core.AwsKitException;
import dev.awskit.ecr.RegistryException;
import dev.awskit.ecr.RegistryTimeouts;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The blocking HTTP/1.1 client under the registry client, against {@link ScriptedServer} (a raw
 * socket server whose bytes each test writes: no registry resets, closes kept-alive connections,
 * chunks or stays silent on demand). Framing follows RFC 9112 (HTTP/1.1), redirects and the
 * registry flow the OCI distribution spec.
 */
class Http1FaultsIT {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    private static RegistryClient client(ScriptedServer s, Duration timeout) {
        return new RegistryClient(s.url(), () -> null, RegistryTimeouts.of(Duration.ofSeconds(5), timeout, timeout));
    }

    private static RegistryClient client(ScriptedServer s, String user, String password) {
        RegistryClient.Credentials c = new RegistryClient.Credentials(user, password);
        return new RegistryClient(
                s.url(),
                () -> c,
                RegistryTimeouts.of(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10)));
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void blobGet_whenTheServerResetsTheConnectionMidBody_failsTheReadNamingTheBlobAndHowFarItGot() throws Exception {
        byte[] blob = random(1000, 1);
        try (ScriptedServer s = new ScriptedServer((c, i) -> {
            c.read();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
            c.out.write(blob, 0, 500);
            c.out.flush();
            Thread.sleep(100);
            c.reset();
        })) {
            Throwable e = assertTimeoutPreemptively(
                    HANG_GUARD,
                    () -> catchThrowable(() -> {
                        try (InputStream in = new DigestingInputStream(
                                client(s, Duration.ofSeconds(10)).openBlob("app", DIGEST),
                                DIGEST,
                                1000,
                                "blob " + DIGEST,
                                n -> {})) {
                            in.readAllBytes();
                        }
                    }));

            assertThat(e)
                    .isInstanceOf(DigestingInputStream.SourceReadException.class)
                    .hasMessageStartingWith(
                            "blob " + DIGEST + ": reading from the source failed after 500 of 1000 bytes");
        }
    }

    @Test
    void idempotentRequest_whenTheServerClosedTheKeptAliveConnectionOnReadingIt_isSentOnceMoreOnANewConnection()
            throws Exception {
        try (ScriptedServer s = new ScriptedServer((c, i) -> {
            if (i == 0) {
                c.read();
                c.write("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n"); // a HEAD: no body follows
                c.read(); // the second request, then a close without an answer (the server's idle timeout)
                return;
            }
            while (c.read() != null) {
                c.write("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n");
            }
        })) {
            RegistryClient r = client(s, Duration.ofSeconds(10));

            assertThat(r.blobSize("app", DIGEST)).contains(3L);
            assertThat(r.blobSize("app", DIGEST)).contains(3L);

            // two calls, three requests: the one the server dropped was sent once more, and only once
            assertThat(s.lines()).hasSize(3).allMatch(l -> l.startsWith("HEAD /v2/app/blobs/" + DIGEST));
            assertThat(s.connections.get()).isEqualTo(2);
        }
    }

    @Test
    void post_whenTheServerClosedTheKeptAliveConnectionOnReadingIt_isNotSentAgain() throws Exception {
        try (ScriptedServer s = new ScriptedServer((c, i) -> {
            c.read();
            c.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
            c.read(); // the POST, then a close without an answer
        })) {
            RegistryClient r = client(s, Duration.ofSeconds(10));

            Throwable e = catchThrowable(() -> r.uploadBlob("app", new byte[] {1, 2, 3}));

            assertThat(e)
                    .isInstanceOf(RegistryException.class)
                    .hasMessage("POST /v2/app/blobs/uploads/ at " + s.url().getAuthority()
                            + " failed: EOFException: the server closed the connection without an answer");
            assertThat(((RegistryException) e).retryable()).isTrue();
            assertThat(s.lines())
                    .extracting(l -> l.substring(0, l.indexOf(' ')))
                    .containsExactly("HEAD", "POST");
        }
    }

    @Test
    void redirect_toAnotherHost_sendsNoAuthorizationHeaderThere() throws Exception {
        byte[] blob = "layer bytes".getBytes(StandardCharsets.UTF_8);
        try (ScriptedServer storage = new ScriptedServer((c, i) -> {
                    c.read();
                    c.write("HTTP/1.1 200 OK\r\nContent-Length: " + blob.length + "\r\n\r\n");
                    c.write(blob);
                });
                ScriptedServer registry = new ScriptedServer((c, i) -> {
                    c.read();
                    c.answer(307, "", "Location", storage.url() + "/bucket/layer?X-Amz-Signature=abc");
                })) {
            RegistryClient r = client(registry, "robot", "s3cret");

            byte[] got;
            try (InputStream in = r.openBlob("app", DIGEST)) {
                got = in.readAllBytes();
            }

            assertThat(got).isEqualTo(blob);
            assertThat(registry.requests.get(0).headers())
                    .containsEntry(
                            "authorization",
                            "Basic "
                                    + Base64.getEncoder()
                                            .encodeToString("robot:s3cret".getBytes(StandardCharsets.UTF_8)));
            assertThat(storage.requests).hasSize(1);
            assertThat(storage.requests.get(0).line()).isEqualTo("GET /bucket/layer?X-Amz-Signature=abc HTTP/1.1");
            assertThat(storage.requests.get(0).headers()).doesNotContainKey("authorization");
        }
    }

    @Test
    void chunkedAnswer_isDecodedWithExtensionsAndTrailers_andTheConnectionIsKeptForTheNextRequest() throws Exception {
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{},\"layers\":[]}";
        byte[] m = manifest.getBytes(StandardCharsets.UTF_8);
        try (ScriptedServer s = new ScriptedServer((c, i) -> {
            c.read();
            c.write("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.oci.image.manifest.v1+json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n");
            c.write(Integer.toHexString(10) + ";ext=1\r\n" + manifest.substring(0, 10) + "\r\n");
            c.write(Integer.toHexString(m.length - 10).toUpperCase(java.util.Locale.ROOT) + "\r\n"
                    + manifest.substring(10) + "\r\n");
            c.write("0\r\nX-Trailer: t\r\n\r\n");
            c.read();
            c.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        })) {
            RegistryClient r = client(s, Duration.ofSeconds(10));

            RegistryClient.RawManifest got = r.manifest("app", "1").orElseThrow();
            assertThat(r.blobSize("app", DIGEST)).isEmpty();

            assertThat(got.bytes()).isEqualTo(m);
            assertThat(got.digest()).isEqualTo(FakeRegistry.sha256(m));
            assertThat(got.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
            assertThat(s.connections.get()).isEqualTo(1);
            assertThat(s.failures).isEmpty();
        }
    }

    @Test
    void blobGet_whenTheServerNeverAnswers_failsWithATimeToFirstByteTimeoutNamingTheRegistryAndTheBlob()
            throws Exception {
        try (ScriptedServer s = new ScriptedServer((c, i) -> {
            c.read();
            staySilent();
        })) {
            RegistryClient r = client(s, Duration.ofMillis(300));

            Throwable e = assertTimeoutPreemptively(HANG_GUARD, () -> catchThrowable(() -> r.openBlob("app", DIGEST)));

            assertThat(e)
                    .isInstanceOf(RegistryException.class)
                    .hasMessage("GET /v2/app/blobs/" + DIGEST + " at " + s.url().getAuthority()
                            + ": the whole request was sent but no answer came within 300 ms"
                            + " (time-to-first-byte timeout)");
            assertThat(((RegistryException) e).retryable()).isTrue();
            assertThat(s.lines()).hasSize(1); // no silent second attempt
        }
    }

    /** Keeps the connection open and silent until the test ends. */
    private static void staySilent() throws InterruptedException {
        Thread.sleep(HANG_GUARD.toMillis());
    }

    @Test
    void upload_isOnePostOnePatchWithTheWholeBlobAndOnePut_onOneConnection() throws Exception {
        byte[] blob = random(3 * 1024 * 1024 + 17, 2);
        String digest = FakeRegistry.sha256(blob);
        try (ScriptedServer s = new ScriptedServer((c, i) -> {
            c.read();
            c.answer(202, "", "Location", "/v2/app/blobs/uploads/u1?state=x");
            c.read();
            c.answer(202, "", "Location", "/v2/app/blobs/uploads/u1?state=y");
            c.read();
            c.answer(201, "");
        })) {
            upload(client(s, Duration.ofSeconds(10)), blob, digest);

            assertThat(s.lines())
                    .containsExactly(
                            "POST /v2/app/blobs/uploads/ HTTP/1.1",
                            "PATCH /v2/app/blobs/uploads/u1?state=x HTTP/1.1",
                            "PUT /v2/app/blobs/uploads/u1?state=y&digest=sha256%3A" + digest.substring(7)
                                    + " HTTP/1.1");
            ScriptedServer.Request patch = s.requests.get(1);
            assertThat(patch.headers()).containsEntry("content-length", Integer.toString(blob.length));
            assertThat(patch.body()).isEqualTo(blob);
            assertThat(s.connections.get()).isEqualTo(1);
        }
    }

    /**
     * The commit's answer is lost after the registry stored the blob (the connection closes without
     * an answer, as FaultProxy's RESET_AFTER does): the PUT is sent once more, on a new connection,
     * and the registry answers 404 BLOB_UPLOAD_UNKNOWN (the session is gone). The blob is there
     * under its digest and size: the upload succeeded, it is not a failure of the copy. Found by
     * EcrCopyFaultsIT (seed 44 failed with that 404).
     */
    @Test
    void upload_whenTheCommitsAnswerIsLostAndTheResentPutFindsNoSession_succeedsWhenTheBlobIsThere() throws Exception {
        byte[] blob = random(50_000, 5);
        String digest = FakeRegistry.sha256(blob);
        try (ScriptedServer s = new ScriptedServer(uploadWithLostCommit(blob.length))) {
            upload(client(s, Duration.ofSeconds(10)), blob, digest);

            assertThat(s.lines())
                    .extracting(l -> l.substring(0, l.indexOf(' ')))
                    .containsExactly("POST", "PATCH", "PUT", "PUT", "HEAD");
        }
    }

    /** The same, but the blob is not there: the 404 is the copy's error, naming the PUT. */
    @Test
    void upload_whenTheResentPutFindsNoSessionAndNoBlob_failsNamingThePut() throws Exception {
        byte[] blob = random(50_000, 6);
        String digest = FakeRegistry.sha256(blob);
        try (ScriptedServer s = new ScriptedServer(uploadWithLostCommit(-1))) {
            Throwable e = catchThrowable(() -> upload(client(s, Duration.ofSeconds(10)), blob, digest));

            assertThat(e)
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining(
                            "upload blob " + digest + " to " + s.url().getAuthority() + "/app (PUT)")
                    .hasMessageContaining("HTTP 404")
                    .hasMessageContaining("BLOB_UPLOAD_UNKNOWN");
            assertThat(((RegistryException) e).retryable()).isFalse();
        }
    }

    /**
     * Connection 0: POST, PATCH, then the PUT is read and the connection closed without an answer.
     * Connection 1: the PUT again (404 BLOB_UPLOAD_UNKNOWN), then HEAD of the blob: 200 with {@code
     * storedSize} as its length, or 404 when it is negative.
     */
    private static ScriptedServer.Handler uploadWithLostCommit(long storedSize) {
        return (c, i) -> {
            if (i == 0) {
                c.read();
                c.answer(202, "", "Location", "/v2/app/blobs/uploads/u1?state=x");
                c.read();
                c.answer(202, "", "Location", "/v2/app/blobs/uploads/u1?state=y");
                c.read(); // the PUT: stored, and the answer lost
                return;
            }
            for (ScriptedServer.Request q; (q = c.read()) != null; ) {
                if (q.method().equals("PUT")) {
                    c.answer(
                            404,
                            "{\"errors\":[{\"code\":\"BLOB_UPLOAD_UNKNOWN\",\"message\":\"blob upload unknown to registry\"}]}",
                            "Content-Type",
                            "application/json");
                } else if (storedSize >= 0) {
                    c.write("HTTP/1.1 200 OK\r\nContent-Length: " + storedSize + "\r\n\r\n");
                } else {
                    c.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
                }
            }
        };
    }

    @Test
    void upload_whenTheSourceDoesNotMatchItsDigest_isNeverCommittedAndItsSessionIsDeleted() throws Exception {
        byte[] blob = random(100_000, 3);
        String digest = FakeRegistry.sha256(random(100_000, 4));
        try (ScriptedServer s = new ScriptedServer((c, i) -> {
            for (ScriptedServer.Request q; (q = c.read()) != null; ) {
                if (q.method().equals("POST")) {
                    c.answer(202, "", "Location", "/v2/app/blobs/uploads/u1");
                } else {
                    c.answer(204, "");
                }
            }
        })) {
            Throwable e = catchThrowable(() -> upload(client(s, Duration.ofSeconds(10)), blob, digest));

            assertThat(e)
                    .isInstanceOf(dev.awskit.ecr.ImageCopyException.class)
                    .hasMessageStartingWith("blob " + digest + ": digest mismatch, expected " + digest);
            // the server records a request once it has read its body: the PATCH's whole body was
            // sent before the mismatch showed at its end, but the server thread reading it may not
            // have recorded it yet when the upload has already failed (waited for, boundedly)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (s.lines().size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            List<String> methods =
                    s.lines().stream().map(l -> l.substring(0, l.indexOf(' '))).toList();
            assertThat(methods).first().isEqualTo("POST");
            // no PUT: never committed. The server records a request once it has read its body, and
            // the DELETE comes on a new connection (the PATCH's was given up), so it may be recorded
            // while the PATCH's last bytes are still being read: the two in either order
            assertThat(methods.subList(1, methods.size())).containsExactlyInAnyOrder("PATCH", "DELETE");
        }
    }

    /**
     * Answers damaged at random (seeded): the client either gets an answer or fails with an {@link
     * AwsKitException} that names the request, never another exception or a hang.
     */
    @Test
    void damagedAnswers_giveAnAnswerOrARegistryError_neverAnotherException() throws Exception {
        String good = "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.oci.image.manifest.v1+json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n2\r\n1}\r\n0\r\n\r\n";
        try (ScriptedServer s = new ScriptedServer((c, i) -> {
            c.read();
            byte[] b = good.getBytes(StandardCharsets.ISO_8859_1);
            Random r = new Random(13L * 1000 + i);
            int edits = 1 + r.nextInt(4);
            for (int k = 0; k < edits; k++) {
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
            if (r.nextBoolean()) {
                b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
            }
            c.write(b);
        })) {
            RegistryClient r = client(s, Duration.ofSeconds(2));
            assertTimeoutPreemptively(HANG_GUARD, () -> {
                for (int i = 0; i < 300; i++) {
                    Throwable e = catchThrowable(() -> r.manifest("app", "1"));
                    if (e != null) {
                        assertThat(e).isInstanceOf(AwsKitException.class);
                        assertThat(e.getMessage()).contains(s.url().getAuthority());
                    }
                }
            });
        }
    }

    /** Uploads {@code blob} under {@code digest} (which may not be its digest) through the digest check, as a copy does. */
    private static void upload(RegistryClient client, byte[] blob, String digest) {
        client.uploadBlob(
                "app",
                digest,
                blob.length,
                () -> new DigestingInputStream(
                        new ByteArrayInputStream(blob), digest, blob.length, "blob " + digest, n -> {}));
    }
}
