package dev.awskit.benchmarks.ecr;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.awskit.ecr.CopyReport;
import dev.awskit.ecr.Registry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The aws-kit side of {@code benchmarks/compare/ecr-copy.sh}, on the two local registries of {@code
 * scripts/emulators} (endpoints and credentials read from {@code .emulators/endpoints.properties}, or
 * the file in {@code AWSKIT_EMULATORS_FILE}).
 *
 * <pre>
 * java -cp benchmarks.jar dev.awskit.benchmarks.ecr.EcrCopyCompare push bench/src:1 [layers] [MiB per layer]
 * java -cp benchmarks.jar dev.awskit.benchmarks.ecr.EcrCopyCompare copy bench/src:1 bench/dst:1
 * java -cp benchmarks.jar dev.awskit.benchmarks.ecr.EcrCopyCompare count-recopy bench/src:1 bench/dst:1
 * java -cp benchmarks.jar dev.awskit.benchmarks.ecr.EcrCopyCompare proxy      (counting proxies for another tool)
 * java -cp benchmarks.jar dev.awskit.benchmarks.ecr.EcrCopyCompare latency-proxy 20   (delay lines: a 40 ms round trip)
 * java -cp benchmarks.jar dev.awskit.benchmarks.ecr.EcrCopyCompare delete 2 bench/dst:1 [more repo:tag]
 * </pre>
 *
 * <p>{@code push} builds an image of gzip layers of random data (stored deflate blocks, so the bytes
 * are random and the layers are valid gzip: skopeo then copies them as they are) and pushes it to
 * registry 1. {@code copy} copies registry 1 to registry 2 and prints {@code duration_ms=} (the copy
 * alone, in-process). {@code count-recopy} runs the copy again through counting HTTP proxies and
 * prints every request; {@code proxy} starts the same proxies, prints {@code ports=<1> <2>}, and
 * prints the requests another tool made through them when its standard input closes. {@code delete} deletes the manifest a tag points at (the registry's API has
 * no repository deletion; blobs go with the registry's garbage collection).
 */
public final class EcrCopyCompare {
    private static final String LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    private EcrCopyCompare() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || (args.length < 2 && !args[0].equals("proxy"))) {
            usage();
        }
        Properties p = endpoints();
        String user = p.getProperty("registry.username");
        String password = p.getProperty("registry.password");
        String ep1 = p.getProperty("registry.1.endpoint");
        String ep2 = p.getProperty("registry.2.endpoint");
        switch (args[0]) {
            case "push" ->
                push(
                        Registry.at(ep1, user, password),
                        args[1],
                        args.length > 2 ? Integer.parseInt(args[2]) : 5,
                        args.length > 3 ? Integer.parseInt(args[3]) : 40);
            case "copy", "copy-within" -> {
                if (args.length != 3) {
                    usage();
                }
                long cpu0 = processCpuNanos();
                // copy-within: into another repository of registry 1 (blobs mounted, not sent)
                String to = args[0].equals("copy") ? ep2 : ep1;
                CopyReport r = Registry.at(ep1, user, password)
                        .copy(args[1])
                        .to(Registry.at(to, user, password), args[2])
                        .run();
                long cpu = processCpuNanos() - cpu0;
                System.out.println(r.summary());
                System.out.printf(Locale.ROOT, "digest=%s%n", r.digest());
                System.out.printf(Locale.ROOT, "up_to_date=%s%n", r.upToDate());
                System.out.printf(Locale.ROOT, "duration_ms=%d%n", r.duration().toMillis());
                // the CPU of the whole JVM (every thread: copy, HTTP client, JIT, GC) while the copy ran
                System.out.printf(Locale.ROOT, "cpu_ms=%d%n", cpu / 1_000_000);
                if (System.getenv("AWSKIT_BENCH_THREADS") != null) {
                    threadCpu();
                }
            }
            case "blocking-copy" -> {
                if (args.length != 3) {
                    usage();
                }
                long cpu0 = processCpuNanos();
                long t0 = System.nanoTime();
                String digest = blockingCopy(ep1, ep2, user, password, args[1], args[2]);
                long cpu = processCpuNanos() - cpu0;
                System.out.printf(Locale.ROOT, "digest=%s%n", digest);
                System.out.printf(Locale.ROOT, "duration_ms=%d%n", (System.nanoTime() - t0) / 1_000_000);
                System.out.printf(Locale.ROOT, "cpu_ms=%d%n", cpu / 1_000_000);
                if (System.getenv("AWSKIT_BENCH_THREADS") != null) {
                    threadCpu();
                }
            }
            case "count-recopy" -> {
                if (args.length != 3) {
                    usage();
                }
                countRecopy(ep1, ep2, user, password, args[1], args[2]);
            }
            case "proxy" -> proxy(ep1, ep2);
            case "latency-proxy" -> latencyProxy(ep1, ep2, Long.parseLong(args[1]));
            case "delete" -> {
                if (args.length < 3) {
                    usage();
                }
                for (int i = 2; i < args.length; i++) {
                    delete(args[1].equals("1") ? ep1 : ep2, user, password, args[i]);
                }
            }
            default -> usage();
        }
    }

    /**
     * The yardstick for the HTTP client's share of the copy's CPU: the same copy of a single-platform
     * image with the JDK's blocking {@code HttpURLConnection} (GET streamed straight into a
     * fixed-length monolithic upload PUT, SHA-256 over every byte with 256 KiB buffers, 6 blobs at
     * once). No retries, timeouts, redirects or Bearer auth: a measurement, not a client.
     */
    private static String blockingCopy(String ep1, String ep2, String user, String password, String src, String dst)
            throws Exception {
        String auth =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        String srcRepo = src.substring(0, src.lastIndexOf(':'));
        String dstRepo = dst.substring(0, dst.lastIndexOf(':'));
        java.net.HttpURLConnection m =
                open(ep1 + "/v2/" + srcRepo + "/manifests/" + src.substring(src.lastIndexOf(':') + 1), "GET", auth);
        m.setRequestProperty("Accept", MANIFEST);
        byte[] manifest;
        try (InputStream in = m.getInputStream()) {
            manifest = in.readAllBytes();
        }
        java.util.regex.Matcher d = java.util.regex.Pattern.compile(
                        "\"digest\":\"(sha256:[0-9a-f]{64})\",\"size\":(\\d+)")
                .matcher(new String(manifest, StandardCharsets.UTF_8));
        List<java.util.concurrent.Callable<Void>> copies = new ArrayList<>();
        while (d.find()) {
            String digest = d.group(1);
            long size = Long.parseLong(d.group(2));
            copies.add(() -> {
                java.net.HttpURLConnection post = open(ep2 + "/v2/" + dstRepo + "/blobs/uploads/", "POST", auth);
                post.setDoOutput(true);
                post.setFixedLengthStreamingMode(0);
                post.getOutputStream().close();
                if (post.getResponseCode() != 202) {
                    throw new IllegalStateException("POST " + post.getResponseCode());
                }
                String location =
                        URI.create(ep2).resolve(post.getHeaderField("Location")).toString();
                post.getInputStream().close();
                java.net.HttpURLConnection get = open(ep1 + "/v2/" + srcRepo + "/blobs/" + digest, "GET", auth);
                java.net.HttpURLConnection put =
                        open(location + (location.contains("?") ? "&" : "?") + "digest=" + digest, "PUT", auth);
                put.setDoOutput(true);
                put.setFixedLengthStreamingMode(size);
                put.setRequestProperty("Content-Type", "application/octet-stream");
                java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
                byte[] buf = new byte[256 * 1024];
                try (InputStream in = get.getInputStream();
                        java.io.OutputStream out = put.getOutputStream()) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        sha.update(buf, 0, n);
                        out.write(buf, 0, n);
                    }
                }
                String actual = "sha256:" + java.util.HexFormat.of().formatHex(sha.digest());
                if (!actual.equals(digest) || put.getResponseCode() != 201) {
                    throw new IllegalStateException("PUT " + put.getResponseCode() + " " + actual);
                }
                put.getInputStream().close();
                return null;
            });
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            for (var f : pool.invokeAll(copies)) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        java.net.HttpURLConnection put =
                open(ep2 + "/v2/" + dstRepo + "/manifests/" + dst.substring(dst.lastIndexOf(':') + 1), "PUT", auth);
        put.setDoOutput(true);
        put.setRequestProperty("Content-Type", MANIFEST);
        try (java.io.OutputStream out = put.getOutputStream()) {
            out.write(manifest);
        }
        if (put.getResponseCode() != 201) {
            throw new IllegalStateException("PUT manifest " + put.getResponseCode());
        }
        put.getInputStream().close();
        return "sha256:"
                + java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(manifest));
    }

    private static java.net.HttpURLConnection open(String url, String method, String auth) throws IOException {
        java.net.HttpURLConnection c =
                (java.net.HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setRequestMethod(method);
        c.setInstanceFollowRedirects(false);
        c.setRequestProperty("Authorization", auth);
        return c;
    }

    /** The CPU time (user + system) of this whole process so far, from the OS (/proc on Linux). */
    private static long processCpuNanos() {
        return ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(Duration::toNanos)
                .orElse(0L);
    }

    /** The CPU of this process's threads by name (JIT, GC, HTTP client, copy), from /proc/self/task. */
    private static void threadCpu() throws IOException {
        java.util.Map<String, Long> byName = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(t.resolve("stat"));
                } catch (IOException e) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                        .replaceAll("[0-9]+", "#");
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                byName.merge(name, ticks, Long::sum);
            }
        }
        byName.forEach((k, v) -> System.out.printf(Locale.ROOT, "thread %-20s %6d ms%n", k, v * 10));
    }

    private static void usage() {
        System.err.println("usage: EcrCopyCompare push <repo:tag> [layers] [MiB per layer]"
                + " | copy <source repo:tag> <target repo:tag> (registry 1 -> 2) | copy-within <source> <target>"
                + " (registry 1 -> 1) | count-recopy <source repo:tag> <target repo:tag>"
                + " | proxy | latency-proxy <one-way ms> | delete <1|2> <repo:tag>...");
        System.exit(2);
    }

    private static Properties endpoints() throws IOException {
        Path file = Path.of(System.getenv().getOrDefault("AWSKIT_EMULATORS_FILE", ".emulators/endpoints.properties"));
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: run scripts/emulators start registry");
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        for (String k :
                List.of("registry.1.endpoint", "registry.2.endpoint", "registry.username", "registry.password")) {
            if (p.getProperty(k) == null) {
                throw new IllegalStateException(file + " has no " + k + ": run scripts/emulators start registry");
            }
        }
        return p;
    }

    /** Random bytes wrapped in a valid gzip stream without compression (the size stays the same). */
    private static byte[] gzipStored(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + (raw.length >> 10) + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(Deflater.NO_COMPRESSION);
            }
        }) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void push(Registry r, String image, int layers, int mibPerLayer) {
        String repo = image.substring(0, image.lastIndexOf(':'));
        Random random = new Random(image.hashCode());
        StringBuilder layerJson = new StringBuilder();
        long total = 0;
        for (int i = 0; i < layers; i++) {
            byte[] raw = new byte[mibPerLayer << 20];
            random.nextBytes(raw);
            byte[] layer = gzipStored(raw);
            total += layer.length;
            layerJson
                    .append(i > 0 ? "," : "")
                    .append("{\"mediaType\":\"" + LAYER + "\",\"digest\":\"")
                    .append(r.pushBlob(repo, layer))
                    .append("\",\"size\":")
                    .append(layer.length)
                    .append('}');
        }
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST + "\",\"config\":{\"mediaType\":"
                        + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + r.pushBlob(repo, config)
                        + "\",\"size\":" + config.length + "},\"layers\":[" + layerJson + "]}")
                .getBytes(StandardCharsets.UTF_8);
        String digest = r.pushManifest(image, MANIFEST, manifest);
        System.out.printf(
                Locale.ROOT,
                "pushed %s/%s %s: %d layers, %,d bytes%n",
                r.endpoint().getAuthority(),
                image,
                digest,
                layers,
                total);
        System.out.printf(Locale.ROOT, "digest=%s%n", digest);
    }

    private static void countRecopy(String ep1, String ep2, String user, String password, String src, String dst)
            throws IOException {
        List<String> requests = Collections.synchronizedList(new ArrayList<>());
        HttpServer p1 = countingProxy(URI.create(ep1), "registry 1", requests);
        HttpServer p2 = countingProxy(URI.create(ep2), "registry 2", requests);
        try {
            CopyReport r = Registry.at("http://127.0.0.1:" + p1.getAddress().getPort(), user, password)
                    .copy(src)
                    .to(Registry.at("http://127.0.0.1:" + p2.getAddress().getPort(), user, password), dst)
                    .run();
            System.out.println(r.summary());
            requests.forEach(line -> System.out.println("  " + line));
            System.out.printf(Locale.ROOT, "requests=%d%n", requests.size());
            System.out.printf(Locale.ROOT, "up_to_date=%s%n", r.upToDate());
        } finally {
            p1.stop(0);
            p2.stop(0);
        }
    }

    private static void proxy(String ep1, String ep2) throws IOException {
        List<String> requests = Collections.synchronizedList(new ArrayList<>());
        HttpServer p1 = countingProxy(URI.create(ep1), "registry 1", requests);
        HttpServer p2 = countingProxy(URI.create(ep2), "registry 2", requests);
        try {
            System.out.printf(
                    Locale.ROOT,
                    "ports=%d %d%n",
                    p1.getAddress().getPort(),
                    p2.getAddress().getPort());
            System.out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
            requests.forEach(line -> System.out.println("  " + line));
            System.out.printf(Locale.ROOT, "requests=%d%n", requests.size());
        } finally {
            p1.stop(0);
            p2.stop(0);
        }
    }

    /**
     * Delay-line proxies in front of both registries ({@link DelayLineProxy}: each direction delayed
     * by {@code oneWayMillis}); prints {@code ports=<1> <2>} and runs until standard input closes.
     */
    private static void latencyProxy(String ep1, String ep2, long oneWayMillis) throws IOException {
        URI u1 = URI.create(ep1);
        URI u2 = URI.create(ep2);
        try (DelayLineProxy p1 = new DelayLineProxy(new InetSocketAddress(u1.getHost(), u1.getPort()), oneWayMillis);
                DelayLineProxy p2 =
                        new DelayLineProxy(new InetSocketAddress(u2.getHost(), u2.getPort()), oneWayMillis)) {
            System.out.printf(Locale.ROOT, "ports=%d %d%n", p1.port(), p2.port());
            System.out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    private static final Set<String> HOP_BY_HOP =
            Set.of("connection", "content-length", "host", "transfer-encoding", "expect", "upgrade", "keep-alive");

    /** A reverse proxy that forwards every request to {@code upstream} and records its method and path. */
    private static HttpServer countingProxy(URI upstream, String name, List<String> requests) throws IOException {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            try (ex) {
                forward(http, upstream, name, ex, requests);
            } catch (IOException | RuntimeException e) {
                System.err.println("proxy " + name + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        return server;
    }

    private static void forward(HttpClient http, URI upstream, String name, HttpExchange ex, List<String> requests)
            throws IOException, InterruptedException {
        String method = ex.getRequestMethod();
        String pathAndQuery = ex.getRequestURI().toString();
        requests.add(name + " " + method + " " + pathAndQuery);
        byte[] body = ex.getRequestBody().readAllBytes();
        HttpRequest.Builder b = HttpRequest.newBuilder(upstream.resolve(pathAndQuery))
                .timeout(Duration.ofMinutes(2))
                .method(
                        method,
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                h.getValue().forEach(v -> b.header(h.getKey(), v));
            }
        }
        HttpResponse<byte[]> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        resp.headers().map().forEach((k, vs) -> {
            if (!HOP_BY_HOP.contains(k.toLowerCase(Locale.ROOT)) && !k.startsWith(":")) {
                vs.forEach(v -> ex.getResponseHeaders().add(k, v));
            }
        });
        boolean noBody = method.equals("HEAD") || resp.statusCode() == 204 || resp.statusCode() == 304;
        if (noBody) {
            resp.headers().firstValue("content-length").ifPresent(v -> ex.getResponseHeaders()
                    .set("Content-Length", v));
            ex.sendResponseHeaders(resp.statusCode(), -1);
        } else {
            ex.sendResponseHeaders(resp.statusCode(), resp.body().length == 0 ? -1 : resp.body().length);
            ex.getResponseBody().write(resp.body());
        }
    }

    private static void delete(String endpoint, String user, String password, String image)
            throws IOException, InterruptedException {
        String repo = image.substring(0, image.lastIndexOf(':'));
        Registry r = Registry.at(endpoint, user, password);
        var digest = r.digest(image);
        if (digest.isEmpty()) {
            System.out.println("nothing to delete: " + image + " is absent");
            return;
        }
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(endpoint + "/v2/" + repo + "/manifests/" + digest.get()))
                .timeout(Duration.ofSeconds(30))
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .DELETE()
                .build();
        int status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 202 && status != 404) {
            throw new IllegalStateException(
                    "DELETE " + repo + "@" + digest.get() + " at " + endpoint + ": HTTP " + status);
        }
        System.out.println("deleted " + repo + "@" + digest.get() + " (HTTP " + status + ")");
    }
}
