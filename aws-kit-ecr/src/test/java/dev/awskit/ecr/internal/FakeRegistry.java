package dev.awskit.ecr.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-JVM registry speaking the parts of the OCI distribution API that a copy uses (manifests,
 * blob HEAD/GET, POST/PATCH/PUT uploads, DELETE of an upload session), with knobs for the faults
 * no real registry shows on demand: a PATCH that stalls or is refused, a blob served slowly or
 * stalled, a Bearer token that expires in the middle of an upload. It follows the OCI
 * distribution specification (https://github.com/opencontainers/distribution-spec/blob/main/spec.md,
 * "Pushing blobs", "Cancelling an upload") for the status codes and headers it sends.
 */
public final class FakeRegistry implements AutoCloseable {
    /** What to do with a PATCH whose Content-Length is a given size. */
    public enum PatchFault {
        /** Answer 400 BLOB_UPLOAD_INVALID at once, before reading the body (drained afterwards). */
        REFUSE,
        /** Read half the body, then stop reading until the registry is closed. */
        STALL,
        /** Read the body slowly: 16 KiB every {@link #slowPause}. */
        SLOW,
        /**
         * With Bearer auth: read 64 KiB, answer 401 (the token expired mid-upload), drain the rest; once.
         * The JDK's server may close the connection as soon as the answer is complete, while the rest
         * is still coming: the client sees the 401 or a broken pipe with the 401 in its socket.
         */
        EXPIRE_TOKEN,
        /**
         * With Bearer auth: read 64 KiB, answer 401 and close the connection without reading the rest
         * (the server's unread data resets the connection); once. What a server that stops reading
         * after an error answer does; the client's write fails with the answer already sent.
         */
        EXPIRE_TOKEN_AND_CLOSE,
        /** Read 64 KiB, then close the connection without an answer. */
        CLOSE
    }

    /** What to do with a GET of a blob of a given digest. */
    public enum BlobFault {
        /** Serve 16 KiB every {@link #slowPause}. */
        SLOW,
        /** Send the headers and half the body, then nothing until the registry is closed. */
        STALL
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-registry");
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
    private final Map<String, String> manifestTypes = new ConcurrentHashMap<>();
    private final Map<String, byte[]> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger sessionIds = new AtomicInteger();
    private final AtomicInteger tokenGeneration = new AtomicInteger();
    /** Every request, as {@code METHOD path[?query]}. */
    public final List<String> requests = new CopyOnWriteArrayList<>();
    /** The sha256 of each PATCH body received in full. */
    public final List<String> patchBodies = new CopyOnWriteArrayList<>();

    public final Map<Long, PatchFault> patchFaults = new ConcurrentHashMap<>();
    public final Map<String, BlobFault> blobFaults = new ConcurrentHashMap<>();
    public volatile Duration slowPause = Duration.ofMillis(100);
    /**
     * The answer to a cross-repository mount ({@code POST ...?mount=&from=}): 202 (the default) opens
     * an upload session as a registry that does not mount does (OCI distribution spec); 201 mounts
     * the blob when the {@code from} repository has it; anything else is sent as an error status.
     */
    public volatile int mountStatus = 202;
    /** When true, every /v2/ request needs {@code Authorization: Bearer} of the current generation. */
    public volatile boolean bearer;

    public FakeRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public static String sha256(byte[] b) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stores a blob directly (no HTTP); returns its digest. */
    public String putBlob(String repo, byte[] content) {
        String d = sha256(content);
        blobs.put(repo + "@" + d, content);
        return d;
    }

    /** Stores a manifest under a tag and its digest directly; returns its digest. */
    public String putManifest(String repo, String tag, String mediaType, byte[] content) {
        String d = sha256(content);
        for (String ref : List.of(tag, d)) {
            manifests.put(repo + ":" + ref, content);
            manifestTypes.put(repo + ":" + ref, mediaType);
        }
        return d;
    }

    /** An OCI image manifest over {@code config} and {@code layers}, stored under {@code tag}. */
    public String pushImage(String repo, String tag, byte[] config, List<byte[]> layers) {
        StringBuilder m = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",")
                .append("\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"")
                .append(putBlob(repo, config))
                .append("\",\"size\":")
                .append(config.length)
                .append("},\"layers\":[");
        for (int i = 0; i < layers.size(); i++) {
            m.append(i > 0 ? "," : "")
                    .append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"")
                    .append(putBlob(repo, layers.get(i)))
                    .append("\",\"size\":")
                    .append(layers.get(i).length)
                    .append('}');
        }
        m.append("]}");
        return putManifest(repo, tag, MediaTypes.OCI_MANIFEST, m.toString().getBytes(StandardCharsets.UTF_8));
    }

    public boolean hasBlob(String repo, String digest) {
        return blobs.containsKey(repo + "@" + digest);
    }

    public boolean hasManifest(String repo, String ref) {
        return manifests.containsKey(repo + ":" + ref);
    }

    /** The requests whose {@code METHOD path} starts with {@code prefix}. */
    public List<String> requests(String prefix) {
        return requests.stream().filter(r -> r.startsWith(prefix)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            URI uri = ex.getRequestURI();
            String path = uri.getPath();
            requests.add(method + " " + path + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : ""));
            if (path.equals("/token")) {
                byte[] body = ("{\"token\":\"tok-" + tokenGeneration.get() + "\"}").getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
                return;
            }
            if (bearer
                    && !("Bearer tok-" + tokenGeneration.get())
                            .equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                challenge(ex);
                return;
            }
            String[] p = path.substring("/v2/".length()).split("/(?=(manifests|blobs)/)", 2);
            String repo = p[0];
            String rest = p.length > 1 ? p[1] : "";
            if (rest.startsWith("manifests/")) {
                manifest(ex, method, repo, rest.substring("manifests/".length()));
            } else if (rest.startsWith("blobs/uploads/")) {
                upload(ex, method, repo, rest.substring("blobs/uploads/".length()), uri.getRawQuery());
            } else if (rest.startsWith("blobs/")) {
                blob(ex, method, repo, rest.substring("blobs/".length()));
            } else {
                ex.sendResponseHeaders(404, -1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void challenge(HttpExchange ex) throws IOException {
        ex.getResponseHeaders()
                .add("WWW-Authenticate", "Bearer realm=\"" + url() + "/token\",service=\"fake\",scope=\"x\"");
        ex.sendResponseHeaders(401, -1);
    }

    private void manifest(HttpExchange ex, String method, String repo, String ref) throws IOException {
        if (method.equals("PUT")) {
            byte[] body = ex.getRequestBody().readAllBytes();
            putManifest(repo, ref, ex.getRequestHeaders().getFirst("Content-Type"), body);
            ex.getResponseHeaders().add("Docker-Content-Digest", sha256(body));
            ex.sendResponseHeaders(201, -1);
            return;
        }
        byte[] m = manifests.get(repo + ":" + ref);
        if (m == null) {
            ex.sendResponseHeaders(404, -1);
            return;
        }
        ex.getResponseHeaders().add("Content-Type", manifestTypes.get(repo + ":" + ref));
        ex.getResponseHeaders().add("Docker-Content-Digest", sha256(m));
        if (method.equals("HEAD")) {
            ex.getResponseHeaders().add("Content-Length", Integer.toString(m.length));
            ex.sendResponseHeaders(200, -1);
            return;
        }
        ex.sendResponseHeaders(200, m.length);
        ex.getResponseBody().write(m);
    }

    private void blob(HttpExchange ex, String method, String repo, String digest)
            throws IOException, InterruptedException {
        byte[] b = blobs.get(repo + "@" + digest);
        if (b == null) {
            ex.sendResponseHeaders(404, -1);
            return;
        }
        if (method.equals("HEAD")) {
            ex.getResponseHeaders().add("Content-Length", Integer.toString(b.length));
            ex.sendResponseHeaders(200, -1);
            return;
        }
        ex.sendResponseHeaders(200, b.length);
        OutputStream out = ex.getResponseBody();
        BlobFault fault = blobFaults.get(digest);
        if (fault == null) {
            out.write(b);
            return;
        }
        int sent = 0;
        while (sent < b.length) {
            if (fault == BlobFault.STALL && sent >= b.length / 2) {
                out.flush();
                closed.await();
                return;
            }
            int n = Math.min(16 * 1024, b.length - sent);
            out.write(b, sent, n);
            out.flush();
            sent += n;
            if (fault == BlobFault.SLOW && closed.await(slowPause.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    private void upload(HttpExchange ex, String method, String repo, String session, String query)
            throws IOException, InterruptedException {
        switch (method) {
            case "POST" -> {
                if (query != null && query.contains("mount=") && mountStatus != 202 && mount(ex, repo, query)) {
                    return;
                }
                String id = "s" + sessionIds.incrementAndGet();
                sessions.put(id, new byte[0]);
                ex.getResponseHeaders().add("Location", "/v2/" + repo + "/blobs/uploads/" + id);
                ex.sendResponseHeaders(202, -1);
            }
            case "PATCH" -> patch(ex, repo, session);
            case "PUT" -> {
                byte[] data = sessions.remove(session);
                String digest = query == null
                        ? ""
                        : java.net.URLDecoder.decode(query.replaceFirst(".*digest=", ""), StandardCharsets.UTF_8);
                if (data == null || !sha256(data).equals(digest)) {
                    ex.sendResponseHeaders(400, -1);
                    return;
                }
                blobs.put(repo + "@" + digest, data);
                ex.sendResponseHeaders(201, -1);
            }
            case "DELETE" -> {
                sessions.remove(session);
                ex.sendResponseHeaders(204, -1);
            }
            default -> ex.sendResponseHeaders(405, -1);
        }
    }

    /** Answers a mount; false when the blob is not in the {@code from} repository (an upload opens). */
    private boolean mount(HttpExchange ex, String repo, String query) throws IOException {
        String digest = null;
        String from = null;
        for (String kv : query.split("&")) {
            String[] p = kv.split("=", 2);
            String v = java.net.URLDecoder.decode(p.length > 1 ? p[1] : "", StandardCharsets.UTF_8);
            if (p[0].equals("mount")) {
                digest = v;
            } else if (p[0].equals("from")) {
                from = v;
            }
        }
        byte[] held = blobs.get(from + "@" + digest);
        if (mountStatus == 201 && held != null) {
            blobs.put(repo + "@" + digest, held);
            ex.getResponseHeaders().add("Location", "/v2/" + repo + "/blobs/" + digest);
            ex.sendResponseHeaders(201, -1);
            return true;
        }
        if (mountStatus == 201) {
            return false;
        }
        ex.sendResponseHeaders(mountStatus, -1);
        return true;
    }

    private void patch(HttpExchange ex, String repo, String session) throws IOException, InterruptedException {
        long length = Long.parseLong(ex.getRequestHeaders().getFirst("Content-Length"));
        PatchFault fault = patchFaults.get(length);
        InputStream in = ex.getRequestBody();
        if (fault == PatchFault.REFUSE) {
            byte[] body = "{\"errors\":[{\"code\":\"BLOB_UPLOAD_INVALID\",\"message\":\"refused on purpose\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(400, body.length);
            ex.getResponseBody().write(body);
            ex.getResponseBody().flush();
            in.transferTo(OutputStream.nullOutputStream()); // the client may still be sending
            return;
        }
        if (fault == PatchFault.CLOSE) {
            in.readNBytes(64 * 1024);
            ex.close(); // no answer sent: the JDK's server closes the connection
            return;
        }
        if (fault == PatchFault.EXPIRE_TOKEN_AND_CLOSE && bearer) {
            patchFaults.remove(length);
            in.readNBytes(64 * 1024);
            tokenGeneration.incrementAndGet();
            challenge(ex);
            ex.close(); // the rest unread: the JDK's server closes the connection
            return;
        }
        if (fault == PatchFault.STALL) {
            in.readNBytes((int) (length / 2));
            closed.await();
            return;
        }
        if (fault == PatchFault.EXPIRE_TOKEN && bearer) {
            patchFaults.remove(length);
            in.readNBytes(64 * 1024);
            tokenGeneration.incrementAndGet();
            challenge(ex);
            in.transferTo(OutputStream.nullOutputStream()); // the client may still be sending
            return;
        }
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        for (int n; (n = in.read(buf)) >= 0; ) {
            got.write(buf, 0, n);
            if (fault == PatchFault.SLOW && closed.await(slowPause.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        }
        byte[] data = got.toByteArray();
        patchBodies.add(sha256(data));
        if (sessions.computeIfPresent(session, (k, v) -> data) == null) {
            ex.sendResponseHeaders(404, -1);
            return;
        }
        ex.getResponseHeaders().add("Location", "/v2/" + repo + "/blobs/uploads/" + session);
        ex.sendResponseHeaders(202, -1);
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        pool.shutdownNow();
    }
}
