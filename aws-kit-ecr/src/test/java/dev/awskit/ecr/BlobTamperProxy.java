package dev.awskit.ecr;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP proxy in front of a registry (for reads) that flips one byte of one blob (corrupted
 * content with a 200, which aws-kit-testing's FaultProxy does not inject), or cuts that blob's
 * body half-way: a fault aimed at one chosen blob.
 */
final class BlobTamperProxy implements AutoCloseable {
    enum Fault {
        FLIP_BYTE,
        CUT_HALF_WAY
    }

    private static final Set<String> RESPONSE_HEADERS =
            Set.of("content-type", "docker-content-digest", "www-authenticate", "location", "docker-upload-uuid");

    private final HttpServer server;
    private final URI upstream;
    private final String blobDigest;
    private final Fault fault;
    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    final AtomicInteger faultsInjected = new AtomicInteger();

    BlobTamperProxy(URI upstream, String blobDigest, Fault fault) throws IOException {
        this.upstream = upstream;
        this.blobDigest = blobDigest;
        this.fault = fault;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            URI target = URI.create(upstream + ex.getRequestURI().toString());
            HttpRequest.Builder b = HttpRequest.newBuilder(target);
            for (String h : List.of("Authorization", "Accept")) {
                String v = ex.getRequestHeaders().getFirst(h);
                if (v != null) {
                    b.header(h, v);
                }
            }
            byte[] in = ex.getRequestBody().readAllBytes();
            b.method(
                    ex.getRequestMethod(),
                    in.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(in));
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            r.headers().map().forEach((k, vs) -> {
                if (RESPONSE_HEADERS.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                    vs.forEach(v -> ex.getResponseHeaders().add(k, v));
                }
            });
            byte[] body = r.body();
            boolean faulty = ex.getRequestMethod().equals("GET")
                    && ex.getRequestURI().getPath().endsWith("/blobs/" + blobDigest)
                    && r.statusCode() == 200;
            if (ex.getRequestMethod().equals("HEAD")) {
                long len = r.headers().firstValueAsLong("Content-Length").orElse(0);
                ex.getResponseHeaders().add("Content-Length", Long.toString(len));
                ex.sendResponseHeaders(r.statusCode(), -1);
                return;
            }
            if (faulty && fault == Fault.FLIP_BYTE) {
                faultsInjected.incrementAndGet();
                body = body.clone();
                body[body.length / 2] ^= 0x5a;
            }
            ex.sendResponseHeaders(r.statusCode(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = ex.getResponseBody()) {
                if (faulty && fault == Fault.CUT_HALF_WAY) {
                    faultsInjected.incrementAndGet();
                    out.write(body, 0, body.length / 2);
                    out.flush();
                    throw new IOException("connection cut half-way on purpose");
                }
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    static void drain(InputStream in) throws IOException {
        in.transferTo(OutputStream.nullOutputStream());
    }
}
