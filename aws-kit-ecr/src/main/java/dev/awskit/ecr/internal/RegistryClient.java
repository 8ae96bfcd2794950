package dev.awskit.ecr.internal;

import dev.awskit.core.AwsKitException;
import dev.awskit.ecr.ImageCopyException;
import dev.awskit.ecr.RegistryException;
import dev.awskit.ecr.RegistryTimeouts;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A focused OCI distribution client on {@code java.net.http}: manifests as raw bytes (so digests
 * stay byte-for-byte), blob HEAD / streaming GET (redirects followed by hand, without our
 * credentials on the other host), monolithic upload as POST, one PATCH with the whole stream, and
 * the closing PUT (never multi-chunk: ECR drops chunks after the first). Basic auth, and Bearer
 * tokens when a registry asks for them with {@code WWW-Authenticate}.
 *
 * <p>Timeouts ({@link RegistryTimeouts}) never bound a whole body: connect, time to the first byte
 * of an answer (for an upload, from its last byte), and an idle timeout on every read of a body and
 * on the progress of an upload. A request with a body is never sent again with the rest of a
 * half-read stream: after a 401 mid-upload the upload starts over and the source is opened again.
 *
 * <p>Thread-safe; one instance per registry endpoint and credentials.
 */
public final class RegistryClient {
    /** Every manifest type we copy, best first: OCI index, OCI manifest, Docker list, Docker v2.2. */
    public static final String ACCEPT_MANIFESTS = String.join(
            ", ",
            MediaTypes.OCI_INDEX,
            MediaTypes.OCI_MANIFEST,
            MediaTypes.DOCKER_MANIFEST_LIST,
            MediaTypes.DOCKER_MANIFEST);

    private static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
    private static final int MAX_REDIRECTS = 5;
    private static final int CHUNK_BYTES = 256 * 1024;
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final URI endpoint;
    private final String host;
    private final Login login;
    /** The client given to the constructor, or null: then the shared ones of {@link #clientFor(URI)}. */
    private final HttpClient http;

    private final RegistryTimeouts timeouts;
    private final Map<String, String> bearerTokens = new ConcurrentHashMap<>();

    /** A user and password; {@code toString()} hides the password. */
    public record Credentials(String user, String password) {
        @Override
        public String toString() {
            return "Credentials{user=" + user + ", password=****}";
        }

        String basic() {
            return "Basic "
                    + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A manifest's exact bytes, media type and digest. */
    public record RawManifest(byte[] bytes, String mediaType, String digest) {}

    /** Where the credentials come from (null: none), and how to renew them when a registry refuses them. */
    @FunctionalInterface
    public interface Login {
        Credentials current();

        /**
         * The registry answered 401 to {@code rejected}: get a new login if there is a way to (an ECR
         * token is fetched again). True when {@link #current()} now differs from {@code rejected}.
         */
        default boolean renew(Credentials rejected) {
            return false;
        }
    }

    /** A client whose {@code timeout} is both the time to the first byte and the idle-read timeout. */
    public RegistryClient(URI endpoint, Supplier<Credentials> credentials, HttpClient http, Duration timeout) {
        this(endpoint, credentials::get, http, RegistryTimeouts.of(timeout, timeout, timeout));
    }

    /**
     * A client on the HTTP clients this JVM's registry clients share (one per connect timeout, for
     * http:// and for https://, each built when first used).
     */
    public RegistryClient(URI endpoint, Login login, RegistryTimeouts timeouts) {
        this(endpoint, login, (HttpClient) null, timeouts);
    }

    /** A client that sends everything through {@code http} (null: the shared clients). */
    public RegistryClient(URI endpoint, Login login, HttpClient http, RegistryTimeouts timeouts) {
        String s = endpoint.toString();
        this.endpoint = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.host = this.endpoint.getAuthority();
        this.login = login;
        this.http = http;
        this.timeouts = timeouts;
        if (http == null) {}
    }

    /** An HTTP client suitable for registries: redirects handled by us, HTTP/1.1 (as ECR). */
    public static HttpClient newHttpClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
    }

    /**
     * The HTTP client for {@code uri}: the constructor's, else a shared one. Building a {@code
     * java.net.http} client costs a selector thread and, unless it is given an SSL context, the
     * JVM's default SSL context (the trust store parsed: tens of milliseconds of a short-lived
     * JVM's CPU): so every registry client of this JVM with the same connect timeout shares one
     * client per scheme, built on first use, and plain http:// never initialises TLS. A redirect
     * from an http:// registry to https:// storage goes through the TLS client.
     */
    private HttpClient clientFor(URI uri) {
        if (http != null) {
            return http;
        }
        boolean tls = !"http".equalsIgnoreCase(uri.getScheme());
        return SharedClients.get(timeouts.connect(), tls);
    }

    /** The shared clients, built on first use and never closed (their threads are daemons). */
    static final class SharedClients {
        private static final Map<Duration, HttpClient> TLS = new ConcurrentHashMap<>();
        private static final Map<Duration, HttpClient> PLAIN = new ConcurrentHashMap<>();

        private SharedClients() {}

        static HttpClient get(Duration connectTimeout, boolean tls) {
            Map<Duration, HttpClient> clients = tls ? TLS : PLAIN;
            HttpClient c = clients.get(connectTimeout);
            if (c != null) {
                return c;
            }
            return clients.computeIfAbsent(connectTimeout, t -> tls ? newHttpClient(t) : newPlainClient(t));
        }

        /**
         * A client for http:// only: its SSL context is one that cannot make a TLS connection, so
         * that building it does not load the JVM's trust store and TLS setup (a TLS request through
         * it fails; {@link #clientFor(URI)} never sends one).
         */
        private static HttpClient newPlainClient(Duration connectTimeout) {
            return HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(connectTimeout)
                    .sslContext(NoTls.CONTEXT)
                    .sslParameters(new javax.net.ssl.SSLParameters())
                    .build();
        }
    }

    /** An SSL context whose every use fails: for the plain-http client, which never speaks TLS. */
    private static final class NoTls extends javax.net.ssl.SSLContextSpi {
        static final javax.net.ssl.SSLContext CONTEXT = new javax.net.ssl.SSLContext(new NoTls(), null, "none") {};

        private static UnsupportedOperationException refused() {
            return new UnsupportedOperationException("the plain-http registry client does not speak TLS");
        }

        @Override
        protected void engineInit(
                javax.net.ssl.KeyManager[] km, javax.net.ssl.TrustManager[] tm, java.security.SecureRandom sr) {
            throw refused();
        }

        @Override
        protected javax.net.ssl.SSLSocketFactory engineGetSocketFactory() {
            throw refused();
        }

        @Override
        protected javax.net.ssl.SSLServerSocketFactory engineGetServerSocketFactory() {
            throw refused();
        }

        @Override
        protected javax.net.ssl.SSLEngine engineCreateSSLEngine() {
            throw refused();
        }

        @Override
        protected javax.net.ssl.SSLEngine engineCreateSSLEngine(String host, int port) {
            throw refused();
        }

        @Override
        protected javax.net.ssl.SSLSessionContext engineGetServerSessionContext() {
            throw refused();
        }

        @Override
        protected javax.net.ssl.SSLSessionContext engineGetClientSessionContext() {
            throw refused();
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The manifest at {@code reference} (tag or digest), or empty when the registry says 404. */
    public Optional<RawManifest> manifest(String repo, String reference) {
        URI uri = url("/v2/" + repo + "/manifests/" + reference);
        HttpResponse<InputStream> r = send(
                repo, "pull", () -> HttpRequest.newBuilder(uri).GET().header("Accept", ACCEPT_MANIFESTS), uri, true);
        try (InputStream in = r.body()) {
            if (r.statusCode() == 404) {
                return Optional.empty();
            }
            if (r.statusCode() != 200) {
                throw error("GET manifest " + repo + ":" + reference, r.statusCode(), readSmall(in), r.headers());
            }
            byte[] bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
            if (bytes.length > MAX_MANIFEST_BYTES) {
                throw new RegistryException(
                        "Manifest " + repo + ":" + reference + " at " + host + " is larger than 4 MiB; not a manifest?",
                        0,
                        false);
            }
            String digest = DigestingInputStream.digestOf(bytes);
            if (reference.startsWith("sha256:") && !reference.equals(digest)) {
                throw new RegistryException(
                        "Manifest " + repo + "@" + reference + " at " + host + " hashes to " + digest
                                + ": the registry served other content than the digest asked for",
                        0,
                        false);
            }
            String type = MediaTypes.ofManifest(
                    bytes, r.headers().firstValue("Content-Type").orElse(""));
            return Optional.of(new RawManifest(bytes, type, digest));
        } catch (IOException e) {
            throw ioError("GET manifest " + repo + ":" + reference, e);
        }
    }

    /** The digest the tag or digest points at ({@code HEAD}), or empty when absent. */
    public Optional<String> manifestDigest(String repo, String reference) {
        URI uri = url("/v2/" + repo + "/manifests/" + reference);
        HttpResponse<InputStream> r = send(
                repo,
                "pull",
                () -> HttpRequest.newBuilder(uri)
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .header("Accept", ACCEPT_MANIFESTS),
                uri,
                true);
        close(r);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw error("HEAD manifest " + repo + ":" + reference, r.statusCode(), "", r.headers());
        }
        Optional<String> d = r.headers().firstValue("Docker-Content-Digest");
        if (d.isPresent()) {
            return d;
        }
        return manifest(repo, reference).map(RawManifest::digest);
    }

    /** Pushes a manifest's exact bytes under {@code reference} (a tag or its digest); returns its digest. */
    public String putManifest(String repo, String reference, RawManifest m) {
        URI uri = url("/v2/" + repo + "/manifests/" + reference);
        HttpResponse<InputStream> r = send(
                repo,
                "push,pull",
                () -> HttpRequest.newBuilder(uri)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(m.bytes()))
                        .header("Content-Type", m.mediaType()),
                uri,
                false);
        String body = readAndClose(r);
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw error("PUT manifest " + repo + ":" + reference, r.statusCode(), body, r.headers());
        }
        return m.digest();
    }

    /** The blob's size when the repository has it ({@code HEAD}), else empty. */
    public Optional<Long> blobSize(String repo, String digest) {
        URI uri = url("/v2/" + repo + "/blobs/" + digest);
        HttpResponse<InputStream> r = send(
                repo,
                "pull",
                () -> HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()),
                uri,
                true);
        close(r);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw error("HEAD blob " + repo + "@" + digest, r.statusCode(), "", r.headers());
        }
        return Optional.of(r.headers().firstValueAsLong("Content-Length").orElse(-1));
    }

    /** The blob as a stream (the caller closes it), following redirects (ECR sends blobs from S3). */
    public InputStream openBlob(String repo, String digest) {
        URI uri = url("/v2/" + repo + "/blobs/" + digest);
        HttpResponse<InputStream> r =
                send(repo, "pull", () -> HttpRequest.newBuilder(uri).GET(), uri, true);
        if (r.statusCode() != 200) {
            throw error("GET blob " + repo + "@" + digest, r.statusCode(), readAndClose(r), r.headers());
        }
        return r.body();
    }

    /**
     * Uploads a blob of known size and digest from a stream in one request: POST to open the upload,
     * one PATCH with the whole body, then PUT {@code ?digest=} to commit. Each stream from {@code
     * content} is read once; if it fails (a digest mismatch found at its end, a stalled read) the
     * upload session is deleted and never committed. A 401 during the PATCH (a token that expired
     * mid-upload) renews the login once and starts a new upload from a newly opened stream.
     */
    public void uploadBlob(String repo, String digest, long size, Supplier<InputStream> content) {
        String what = "upload blob " + digest + " to " + host + "/" + repo;
        if (!uploadOnce(repo, digest, size, content, what, true)) {
            uploadOnce(repo, digest, size, content, what, false);
        }
    }

    /** One upload session; false when a 401 renewed the login and the upload must start over. */
    private boolean uploadOnce(
            String repo, String digest, long size, Supplier<InputStream> content, String what, boolean mayRenew) {
        URI start = url("/v2/" + repo + "/blobs/uploads/");
        HttpResponse<InputStream> r = send(
                repo,
                "push,pull",
                () -> HttpRequest.newBuilder(start).POST(HttpRequest.BodyPublishers.noBody()),
                start,
                false);
        String body = readAndClose(r);
        if (r.statusCode() != 202) {
            throw error(what + " (POST)", r.statusCode(), body, r.headers());
        }
        URI location = location(start, r.headers(), what);
        String scope = "repository:" + repo + ":push,pull";
        String auth = authorization(scope);
        HttpResponse<InputStream> p;
        try (InputStream in = content.get()) {
            Progress progress = new Progress(size);
            HttpRequest.Builder b = HttpRequest.newBuilder(location)
                    .method("PATCH", new StreamBody(progress.watch(in), size))
                    .header("Content-Type", "application/octet-stream");
            if (auth != null) {
                b.setHeader("Authorization", auth);
            }
            p = sendWatched(b.build(), progress, what + " (PATCH)");
        } catch (IOException e) {
            cancel(repo, location);
            throw ioError(what + " (PATCH)", e);
        } catch (RuntimeException e) {
            cancel(repo, location);
            throw e;
        }
        if (p.statusCode() == 401) {
            boolean renewed = mayRenew && renewAfter401(p, scope, auth);
            close(p);
            cancel(repo, location);
            if (renewed) {
                return false; // never the rest of a half-read stream: a new upload from a new stream
            }
            throw error(what + " (PATCH)", 401, "", p.headers());
        }
        String patchBody = readAndClose(p);
        if (p.statusCode() != 202 && p.statusCode() != 204) {
            cancel(repo, location);
            throw error(what + " (PATCH)", p.statusCode(), patchBody, p.headers());
        }
        URI next = location(location, p.headers(), what);
        String sep = next.getRawQuery() == null ? "?" : "&";
        URI commit = URI.create(next + sep + "digest=" + URLEncoder.encode(digest, StandardCharsets.UTF_8));
        HttpResponse<InputStream> c = send(
                repo,
                "push,pull",
                () -> HttpRequest.newBuilder(commit).PUT(HttpRequest.BodyPublishers.noBody()),
                commit,
                false);
        String commitBody = readAndClose(c);
        if (c.statusCode() != 201 && c.statusCode() != 204) {
            throw error(what + " (PUT)", c.statusCode(), commitBody, c.headers());
        }
        return true;
    }

    /**
     * Sends a request whose body streams for as long as it needs: no request timeout, but a watch
     * on its progress (idle timeout while the body is read and sent, time to first byte once it is
     * sent). Interrupting the calling thread aborts the exchange.
     */
    private HttpResponse<InputStream> sendWatched(HttpRequest req, Progress progress, String what) {
        CompletableFuture<HttpResponse<InputStream>> cf = clientFor(req.uri()).sendAsync(req, watchedBody(req));
        long tick = Math.max(
                5, Math.min(timeouts.idle().toMillis(), timeouts.firstByte().toMillis()) / 10);
        while (true) {
            try {
                return cf.get(tick, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                String stalled = progress.stalled(timeouts);
                if (stalled != null) {
                    cf.cancel(true);
                    throw new RegistryException(what + " at " + host + stalled, 0, true);
                }
            } catch (InterruptedException e) {
                cf.cancel(true);
                Thread.currentThread().interrupt();
                throw new RegistryException(
                        what + " at " + host + " was interrupted (the copy was cancelled)", 0, false);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                IOException io = c instanceof IOException x
                        ? x
                        : c instanceof java.io.UncheckedIOException u ? u.getCause() : new IOException(c);
                throw ioError(what, io);
            }
        }
    }

    /** How far an upload body got: the source's reads and the end of the body, for the watch. */
    static final class Progress {
        private final long size;
        private volatile long last = System.nanoTime();
        private volatile long bodyDoneAt = -1;
        private volatile boolean reading;
        private long count; // only the thread reading the body touches it

        Progress(long size) {
            this.size = size;
        }

        InputStream watch(InputStream in) {
            return new FilterInputStream(in) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    reading = true;
                    int n;
                    try {
                        n = in.read(b, off, len);
                    } finally {
                        reading = false;
                    }
                    long now = System.nanoTime();
                    last = now;
                    if (n > 0) {
                        count += n;
                    }
                    if (n < 0 || count >= size) {
                        bodyDoneAt = bodyDoneAt < 0 ? now : bodyDoneAt;
                    }
                    return n;
                }
            };
        }

        /** Why the transfer counts as stalled now, or null. */
        String stalled(RegistryTimeouts t) {
            long now = System.nanoTime();
            long done = bodyDoneAt;
            if (done >= 0) {
                return now - done > t.firstByte().toNanos()
                        ? ": the whole body was sent but no answer came within " + human(t.firstByte())
                                + " (time-to-first-byte timeout)"
                        : null;
            }
            if (now - last <= t.idle().toNanos()) {
                return null;
            }
            return reading
                    ? ": no data for " + human(t.idle()) + " (idle-read timeout) from the source while sending it"
                    : ": the registry took no data for " + human(t.idle()) + " (idle timeout)";
        }
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /**
     * An upload body of {@code size} bytes read from a stream as the HTTP client asks for it: each
     * chunk of up to 256 KiB is read straight into the array it is sent from (one copy out of the
     * source, no intermediate buffers; the client may still hold a chunk after asking for the next,
     * so arrays are not reused). The stream is read to its end, so that a verifying source ({@link
     * DigestingInputStream}) checks the digest before the body completes; a read failure ends the
     * request with that failure. Reads happen on the thread that asks for data, as with the JDK's own
     * publishers. One subscription only: the body of a request is never sent twice.
     */
    static final class StreamBody implements HttpRequest.BodyPublisher {
        private final InputStream in;
        private final long size;
        private final int chunk;
        private final java.util.concurrent.atomic.AtomicBoolean subscribed =
                new java.util.concurrent.atomic.AtomicBoolean();

        StreamBody(InputStream in, long size) {
            this.in = in;
            this.size = size;
            this.chunk = (int) Math.max(1, Math.min(CHUNK_BYTES, size));
        }

        @Override
        public long contentLength() {
            return size;
        }

        @Override
        public void subscribe(java.util.concurrent.Flow.Subscriber<? super java.nio.ByteBuffer> subscriber) {
            if (!subscribed.compareAndSet(false, true)) {
                subscriber.onSubscribe(new java.util.concurrent.Flow.Subscription() {
                    @Override
                    public void request(long n) {}

                    @Override
                    public void cancel() {}
                });
                subscriber.onError(new IOException("an upload body streams once; the upload must start over"));
                return;
            }
            subscriber.onSubscribe(new Emitter(subscriber));
        }

        private final class Emitter implements java.util.concurrent.Flow.Subscription {
            private final java.util.concurrent.Flow.Subscriber<? super java.nio.ByteBuffer> subscriber;
            private final java.util.concurrent.atomic.AtomicLong demand = new java.util.concurrent.atomic.AtomicLong();
            private final java.util.concurrent.atomic.AtomicInteger wip =
                    new java.util.concurrent.atomic.AtomicInteger();
            private volatile boolean cancelled;
            private boolean done; // only the thread in drain() touches it

            Emitter(java.util.concurrent.Flow.Subscriber<? super java.nio.ByteBuffer> subscriber) {
                this.subscriber = subscriber;
            }

            @Override
            public void request(long n) {
                if (n <= 0) {
                    cancelled = true;
                    subscriber.onError(new IllegalArgumentException("request(" + n + "): demand must be positive"));
                    return;
                }
                demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
                drain();
            }

            @Override
            public void cancel() {
                cancelled = true;
            }

            /** Emits while there is demand; a request() from inside onNext only adds demand (no recursion). */
            private void drain() {
                if (wip.getAndIncrement() != 0) {
                    return;
                }
                int missed = 1;
                do {
                    while (!done && !cancelled && demand.get() > 0) {
                        byte[] b = new byte[chunk];
                        int n;
                        try {
                            n = in.readNBytes(b, 0, chunk);
                        } catch (IOException | RuntimeException e) {
                            done = true;
                            subscriber.onError(e);
                            return;
                        }
                        if (n == 0) {
                            done = true;
                            subscriber.onComplete();
                            return;
                        }
                        demand.decrementAndGet();
                        subscriber.onNext(java.nio.ByteBuffer.wrap(b, 0, n));
                    }
                    missed = wip.addAndGet(-missed);
                } while (missed != 0);
            }
        }
    }

    /** Uploads small content held in memory (configs, generated layers in tests). */
    public String uploadBlob(String repo, byte[] content) {
        String digest = DigestingInputStream.digestOf(content);
        if (blobSize(repo, digest).isEmpty()) {
            uploadBlob(repo, digest, content.length, () -> new java.io.ByteArrayInputStream(content));
        }
        return digest;
    }

    /** Deletes an upload session (best effort), also when the thread was interrupted to cancel the copy. */
    private void cancel(String repo, URI location) {
        boolean interrupted = Thread.interrupted();
        try {
            close(send(repo, "push,pull", () -> HttpRequest.newBuilder(location).DELETE(), location, false));
        } catch (RuntimeException ignored) {
            // best effort: an abandoned upload expires on the registry
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private URI location(URI base, HttpHeaders h, String what) {
        String loc = h.firstValue("Location")
                .orElseThrow(
                        () -> new RegistryException(what + ": the registry sent no Location for the upload", 0, false));
        return base.resolve(loc);
    }

    private URI url(String path) {
        return URI.create(endpoint + path);
    }

    /**
     * Sends with authentication: Basic first when we have credentials; on 401 with a Bearer
     * challenge, fetches a token for the scope and tries again once. Follows redirects when asked,
     * dropping our Authorization header when the redirect leaves this registry's host.
     */
    private HttpResponse<InputStream> send(
            String repo, String actions, Supplier<HttpRequest.Builder> request, URI uri, boolean followRedirects) {
        String scope = "repository:" + repo + ":" + actions;
        String auth = authorization(scope);
        HttpResponse<InputStream> r = exchange(request.get(), auth);
        if (r.statusCode() == 401 && renewAfter401(r, scope, auth)) {
            // these requests carry no body (or one held in memory): sending them again is safe
            close(r);
            r = exchange(request.get(), authorization(scope));
        }
        URI current = uri;
        for (int i = 0; followRedirects && i < MAX_REDIRECTS && isRedirect(r.statusCode()); i++) {
            URI next = current.resolve(r.headers()
                    .firstValue("Location")
                    .orElseThrow(() -> new RegistryException("redirect without Location from " + host, 0, false)));
            close(r);
            boolean sameHost = host.equalsIgnoreCase(next.getAuthority());
            HttpRequest.Builder b = HttpRequest.newBuilder(next);
            HttpRequest original = request.get().build();
            b.method(original.method(), HttpRequest.BodyPublishers.noBody());
            original.headers().map().forEach((k, vs) -> {
                if (k.equalsIgnoreCase("Accept")) {
                    vs.forEach(v -> b.header(k, v));
                }
            });
            r = exchange(b, sameHost ? authorization(scope) : null);
            current = next;
        }
        return r;
    }

    /**
     * After a 401: a Bearer challenge gets a token for the scope (a registry with a token service,
     * or an expired token); a refused Basic login is renewed when the login can be (an ECR token
     * fetched again). True when the request may be tried again with new credentials.
     */
    private boolean renewAfter401(HttpResponse<InputStream> r, String scope, String sent) {
        Optional<String> challenge = r.headers().firstValue("WWW-Authenticate");
        if (challenge.isPresent() && challenge.get().regionMatches(true, 0, "Bearer", 0, 6)) {
            bearerTokens.put(scope, fetchToken(challenge.get(), scope));
            return true;
        }
        Credentials c = login.current();
        return c != null && sent != null && sent.equals(c.basic()) && login.renew(c);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private String authorization(String scope) {
        String token = bearerTokens.get(scope);
        if (token != null) {
            return "Bearer " + token;
        }
        Credentials c = login.current();
        return c == null ? null : c.basic();
    }

    /** Bodies as streams whose every read must progress within the idle timeout. */
    private HttpResponse.BodyHandler<InputStream> watchedBody(HttpRequest req) {
        String what =
                req.method() + " " + req.uri().getPath() + " at " + req.uri().getAuthority();
        return info -> HttpResponse.BodySubscribers.mapping(
                HttpResponse.BodySubscribers.ofInputStream(),
                in -> new IdleTimeoutInputStream(in, timeouts.idle(), what));
    }

    /** One request with a small or no body: the time to the answer's first byte is bounded, then each read. */
    private HttpResponse<InputStream> exchange(HttpRequest.Builder b, String authorization) {
        b.timeout(timeouts.firstByte());
        if (authorization != null) {
            b.setHeader("Authorization", authorization);
        }
        HttpRequest req = b.build();
        try {
            return clientFor(req.uri()).send(req, watchedBody(req));
        } catch (IOException e) {
            throw ioError(req.method() + " " + req.uri().getPath(), e);
        } catch (java.io.UncheckedIOException e) {
            throw ioError(req.method() + " " + req.uri().getPath(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("Interrupted while calling " + host, 0, false);
        }
    }

    private String fetchToken(String challenge, String scope) {
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(challenge);
        while (m.find()) {
            params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
        }
        String realm = params.get("realm");
        if (realm == null) {
            throw new RegistryException(
                    host + " asked for a Bearer token but named no realm: " + challenge, 401, false);
        }
        StringBuilder q = new StringBuilder(realm).append(realm.contains("?") ? "&" : "?");
        if (params.containsKey("service")) {
            q.append("service=")
                    .append(URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8))
                    .append('&');
        }
        q.append("scope=").append(URLEncoder.encode(params.getOrDefault("scope", scope), StandardCharsets.UTF_8));
        URI uri = URI.create(q.toString());
        HttpResponse<InputStream> r = exchange(HttpRequest.newBuilder(uri).GET(), basicOrNull());
        String body = readAndClose(r);
        if (r.statusCode() != 200) {
            throw new RegistryException(
                    "The token service " + uri.getAuthority() + " of " + host + " refused a token for " + scope
                            + " (HTTP " + r.statusCode() + "): check the registry credentials",
                    r.statusCode(),
                    false);
        }
        Matcher t = Pattern.compile("\"(?:token|access_token)\"\\s*:\\s*\"([^\"]+)\"")
                .matcher(body);
        if (!t.find()) {
            throw new RegistryException("The token service of " + host + " answered without a token", 0, false);
        }
        return t.group(1);
    }

    private String basicOrNull() {
        Credentials c = login.current();
        return c == null ? null : c.basic();
    }

    private RegistryException error(String what, int status, String body, HttpHeaders headers) {
        String detail = body == null || body.isBlank() ? "" : ": " + abbreviate(body.strip());
        String hint;
        if (status == 401) {
            hint = " Check the registry credentials (for ECR: the token from GetAuthorizationToken is valid for"
                    + " 12 hours and for the account and region it was issued for).";
        } else if (status == 403) {
            hint = " The credentials are valid but not allowed to do this (ecr:BatchGetImage, ecr:PutImage,"
                    + " ecr:InitiateLayerUpload... on the repository).";
        } else if (status == 404) {
            hint = " The repository or the content does not exist at " + host + ".";
        } else {
            hint = "";
        }
        boolean retryable = status == 429 || status >= 500;
        return new RegistryException(
                what + " at " + host + " failed with HTTP " + status + detail + "." + hint, status, retryable);
    }

    private AwsKitException ioError(String what, IOException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof DigestingInputStream.BlobMismatchException) {
                // no cause on purpose: a mismatch is not a transient I/O failure to retry blindly
                return new ImageCopyException(c.getMessage());
            }
            if (c instanceof DigestingInputStream.SourceReadException) {
                return new RegistryException(c.getMessage(), 0, true, c);
            }
        }
        boolean interrupted =
                e instanceof InterruptedIOException && Thread.currentThread().isInterrupted();
        return new RegistryException(
                what + " at " + host + " failed: " + e.getClass().getSimpleName()
                        + (e.getMessage() != null ? ": " + e.getMessage() : ""),
                0,
                !interrupted,
                e);
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private static void close(HttpResponse<InputStream> r) {
        try {
            r.body().close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    private static String readSmall(InputStream in) throws IOException {
        return new String(in.readNBytes(4096), StandardCharsets.UTF_8);
    }

    private static String readAndClose(HttpResponse<InputStream> r) {
        try (InputStream in = r.body()) {
            return readSmall(in);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public String toString() {
        return "RegistryClient{" + endpoint + "}";
    }
}
