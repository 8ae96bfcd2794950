package dev.awskit.ecr.internal;

import dev.awskit.core.AwsKitException;
import dev.awskit.ecr.ImageCopyException;
import dev.awskit.ecr.RegistryException;
import dev.awskit.ecr.RegistryTimeouts;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A focused OCI distribution client: manifests as raw bytes (so digests stay byte-for-byte), blob
 * HEAD / streaming GET (redirects followed by hand, without our credentials on another host),
 * monolithic upload as POST, one PATCH with the whole stream, and the closing PUT (never
 * multi-chunk: ECR drops chunks after the first). Basic auth, and Bearer tokens when a registry asks
 * for them with {@code WWW-Authenticate}. Every request goes through {@link Http1}, a blocking
 * HTTP/1.1 client whose connections all registry clients of the JVM share.
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
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final URI endpoint;
    private final String host;
    private final Login login;
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
    public RegistryClient(URI endpoint, Supplier<Credentials> credentials, Duration timeout) {
        this(endpoint, credentials::get, RegistryTimeouts.of(timeout, timeout, timeout));
    }

    /** A client on the JVM's shared blocking HTTP/1.1 client ({@link Http1}: connections pooled per host). */
    public RegistryClient(URI endpoint, Login login, RegistryTimeouts timeouts) {
        String s = endpoint.toString();
        this.endpoint = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.host = this.endpoint.getAuthority();
        this.login = login;
        this.timeouts = timeouts;
        this.http = Http1.SHARED;
    }

    private final Http1 http;

    public URI endpoint() {
        return endpoint;
    }

    /** One request: method, URL, headers as name/value pairs, and a body (null: none). */
    private record Request(String method, URI uri, List<String> headers, Http1.Body body) {
        static Request of(String method, URI uri, String... headers) {
            return new Request(method, uri, List.of(headers), null);
        }

        Request withBody(Http1.Body b) {
            return new Request(method, uri, headers, b);
        }

        Request to(URI next) {
            return new Request(method, next, headers, body);
        }
    }

    /** An answer: status, headers, and a body to read and close. */
    private record Response(int statusCode, Map<String, List<String>> headerMap, InputStream body) {
        Optional<String> header(String name) {
            List<String> v = headerMap.get(name);
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
        }
    }

    /** The manifest at {@code reference} (tag or digest), or empty when the registry says 404. */
    public Optional<RawManifest> manifest(String repo, String reference) {
        URI uri = url("/v2/" + repo + "/manifests/" + reference);
        Response r = send(repo, "pull", Request.of("GET", uri, "Accept", ACCEPT_MANIFESTS), true);
        try (InputStream in = r.body()) {
            if (r.statusCode() == 404) {
                return Optional.empty();
            }
            if (r.statusCode() != 200) {
                throw error("GET manifest " + repo + ":" + reference, r.statusCode(), readSmall(in));
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
            String type = MediaTypes.ofManifest(bytes, r.header("Content-Type").orElse(""));
            return Optional.of(new RawManifest(bytes, type, digest));
        } catch (IOException e) {
            throw ioError("GET manifest " + repo + ":" + reference, e);
        }
    }

    /** The digest the tag or digest points at ({@code HEAD}), or empty when absent. */
    public Optional<String> manifestDigest(String repo, String reference) {
        URI uri = url("/v2/" + repo + "/manifests/" + reference);
        Response r = send(repo, "pull", Request.of("HEAD", uri, "Accept", ACCEPT_MANIFESTS), true);
        close(r);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw error("HEAD manifest " + repo + ":" + reference, r.statusCode(), "");
        }
        Optional<String> d = r.header("Docker-Content-Digest");
        if (d.isPresent()) {
            return d;
        }
        return manifest(repo, reference).map(RawManifest::digest);
    }

    /** Pushes a manifest's exact bytes under {@code reference} (a tag or its digest); returns its digest. */
    public String putManifest(String repo, String reference, RawManifest m) {
        URI uri = url("/v2/" + repo + "/manifests/" + reference);
        Response r = send(
                repo,
                "push,pull",
                Request.of("PUT", uri, "Content-Type", m.mediaType()).withBody(new Http1.Bytes(m.bytes())),
                false);
        String body = readAndClose(r);
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw error("PUT manifest " + repo + ":" + reference, r.statusCode(), body);
        }
        return m.digest();
    }

    /** The blob's size when the repository has it ({@code HEAD}), else empty. */
    public Optional<Long> blobSize(String repo, String digest) {
        URI uri = url("/v2/" + repo + "/blobs/" + digest);
        Response r = send(repo, "pull", Request.of("HEAD", uri), true);
        close(r);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw error("HEAD blob " + repo + "@" + digest, r.statusCode(), "");
        }
        return Optional.of(r.header("Content-Length").map(Long::parseLong).orElse(-1L));
    }

    /** The blob as a stream (the caller closes it), following redirects (ECR sends blobs from S3). */
    public InputStream openBlob(String repo, String digest) {
        URI uri = url("/v2/" + repo + "/blobs/" + digest);
        Response r = send(repo, "pull", Request.of("GET", uri), true);
        if (r.statusCode() != 200) {
            throw error("GET blob " + repo + "@" + digest, r.statusCode(), readAndClose(r));
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

    /**
     * Asks the registry to mount a blob that repository {@code fromRepo} of the same registry holds
     * into {@code repo}, so that no byte is sent (OCI distribution spec, "Mounting a blob from
     * another repository": {@code POST /v2/<name>/blobs/uploads/?mount=<digest>&from=<other>}).
     * True when the registry answered 201 Created. False when it did not mount: a 202 (mounting off,
     * as in an ECR registry without {@code BLOB_MOUNTING}, or the blob not readable there) opens an
     * upload session, which is deleted again; any other refusal (ECR Public once answered an error
     * instead of 202), and a 429 or 5xx too, is taken as "not mounted". The caller then uploads the
     * blob as usual.
     */
    public boolean mountBlob(String repo, String digest, String fromRepo) {
        URI start = url("/v2/" + repo + "/blobs/uploads/?mount="
                + URLEncoder.encode(digest, StandardCharsets.UTF_8) + "&from="
                + URLEncoder.encode(fromRepo, StandardCharsets.UTF_8));
        // a token service must grant pull on the source too, or it answers 202 and the blob is sent
        Response r =
                sendInScope(scope(repo, "push,pull") + " " + scope(fromRepo, "pull"), Request.of("POST", start), false);
        readAndClose(r);
        if (r.statusCode() == 201) {
            return true;
        }
        if (r.statusCode() == 202) {
            r.header("Location").ifPresent(l -> cancel(repo, start.resolve(l)));
        }
        // a mount only saves bytes: whatever else the registry says (a refusal, a 503), the blob is
        // uploaded as usual, and the upload's own requests meet the registry's state and retries
        return false;
    }

    /**
     * Registry connections of this JVM open and not pooled: in an exchange, or leaked. Not an API:
     * tests check that it comes back to zero after copies that failed half-way.
     */
    public static long connectionsInUse() {
        return Http1.SHARED.inUse();
    }

    /** A request sent whose answer is read later ({@link #answer}), with what a resend needs. */
    private record Begun(Request request, String scope, String auth, Http1.Pending pending) {}

    /** Sends a request without a body, authenticated as {@link #send} does; the answer comes later. */
    private Begun begin(String repo, String actions, Request request) {
        String scope = scope(repo, actions);
        String auth = authorization(scope);
        Http1.Pending p = call(
                request,
                request.method() + " " + request.uri().getPath(),
                () -> http.send(
                        request.method(), request.uri(), withAuthorization(request.headers(), auth), httpTimeouts()));
        return new Begun(request, scope, auth, p);
    }

    /** The answer to a begun request; after a 401 it is sent again with new credentials, as by {@link #send}. */
    private Response answer(Begun b) {
        Http1.Response hr = call(
                b.request(), b.request().method() + " " + b.request().uri().getPath(), () -> http.answer(b.pending()));
        return againAfter401(new Response(hr.status(), hr.headers(), hr.body()), b.request(), b.scope(), b.auth());
    }

    /**
     * {@code r}, or after a 401 that new credentials may answer ({@link #renewAfter401}), the answer
     * to {@code request} sent once more with them. Only for requests without a body or with one held
     * in memory: sending them again is safe.
     */
    private Response againAfter401(Response r, Request request, String scope, String sent) {
        if (r.statusCode() != 401 || !renewAfter401(r, scope, sent)) {
            return r;
        }
        close(r);
        return exchange(request, authorization(scope));
    }

    private static String scope(String repo, String actions) {
        return "repository:" + repo + ":" + actions;
    }

    /**
     * The source could not be opened after the upload's POST went out: the POST's answer is read and
     * a session it opened deleted (best effort: the source's error is the one the caller reports).
     */
    private void abandon(String repo, Begun post, URI start) {
        // as cancel(...): also when the copy was cancelled (the thread interrupted), the answer is read
        boolean interrupted = Thread.interrupted();
        try {
            Response r = answer(post);
            readAndClose(r);
            if (r.statusCode() == 202) {
                r.header("Location").ifPresent(l -> cancel(repo, start.resolve(l)));
            }
        } catch (RuntimeException e) {
            // nothing more to do for a session the registry will expire
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Closes a source stream nobody will read (its connection is not reused). */
    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // closing it was all that was left to do with it
        }
    }

    /** One upload session; false when a 401 renewed the login and the upload must start over. */
    private boolean uploadOnce(
            String repo, String digest, long size, Supplier<InputStream> content, String what, boolean mayRenew) {
        URI start = url("/v2/" + repo + "/blobs/uploads/");
        // The POST goes out, then the source is opened (its GET, and a redirect to S3 as ECR sends,
        // need nothing from the POST), then the POST's answer is read: one round trip less per blob,
        // on the blob's own thread.
        Begun post = begin(repo, "push,pull", Request.of("POST", start));
        InputStream in;
        try {
            in = content.get();
        } catch (RuntimeException | Error e) {
            abandon(repo, post, start);
            throw e;
        }
        URI location;
        try {
            Response r = answer(post);
            String body = readAndClose(r);
            if (r.statusCode() != 202) {
                throw error(what + " (POST)", r.statusCode(), body);
            }
            location = location(start, r, what);
        } catch (RuntimeException | Error e) {
            closeQuietly(in);
            throw e;
        }
        String scope = scope(repo, "push,pull");
        String auth = authorization(scope);
        Response p;
        try (in) {
            Request patch = Request.of("PATCH", location, "Content-Type", "application/octet-stream")
                    .withBody(new Http1.Stream(in, size));
            p = exchange(patch, auth, what + " (PATCH)");
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
            throw error(what + " (PATCH)", 401, "");
        }
        String patchBody = readAndClose(p);
        if (p.statusCode() != 202 && p.statusCode() != 204) {
            cancel(repo, location);
            throw error(what + " (PATCH)", p.statusCode(), patchBody);
        }
        URI next = location(location, p, what);
        String sep = next.getRawQuery() == null ? "?" : "&";
        URI commit = URI.create(next + sep + "digest=" + URLEncoder.encode(digest, StandardCharsets.UTF_8));
        Response c = send(repo, "push,pull", Request.of("PUT", commit), false);
        String commitBody = readAndClose(c);
        if (c.statusCode() == 404
                && blobSize(repo, digest).filter(n -> n == size).isPresent()) {
            // the commit's answer was lost and the PUT sent again (an idempotent request on a kept-alive
            // connection that closed without an answer): the first one stored the blob, the session is
            // gone (BLOB_UPLOAD_UNKNOWN), and the blob is there under its digest
            return true;
        }
        if (c.statusCode() != 201 && c.statusCode() != 204) {
            throw error(what + " (PUT)", c.statusCode(), commitBody);
        }
        return true;
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
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
            close(send(repo, "push,pull", Request.of("DELETE", location), false));
        } catch (RuntimeException ignored) {
            // best effort: an abandoned upload expires on the registry
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private URI location(URI base, Response r, String what) {
        String loc = r.header("Location")
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
    private Response send(String repo, String actions, Request request, boolean followRedirects) {
        return sendInScope(scope(repo, actions), request, followRedirects);
    }

    /**
     * {@link #send} with a token scope of its own: space-separated scopes, as the token spec allows
     * several ({@code repository:a:push,pull repository:b:pull} for a mount from b into a).
     */
    private Response sendInScope(String scope, Request request, boolean followRedirects) {
        String auth = authorization(scope);
        Response r = againAfter401(exchange(request, auth), request, scope, auth);
        URI current = request.uri();
        for (int i = 0; followRedirects && i < MAX_REDIRECTS && isRedirect(r.statusCode()); i++) {
            URI next = current.resolve(r.header("Location")
                    .orElseThrow(() -> new RegistryException("redirect without Location from " + host, 0, false)));
            close(r);
            boolean sameHost = host.equalsIgnoreCase(next.getAuthority())
                    && endpoint.getScheme().equalsIgnoreCase(next.getScheme());
            // only the Accept header goes along; our credentials only to this registry itself
            List<String> keep = new ArrayList<>();
            for (int h = 0; h + 1 < request.headers().size(); h += 2) {
                if (request.headers().get(h).equalsIgnoreCase("Accept")) {
                    keep.add(request.headers().get(h));
                    keep.add(request.headers().get(h + 1));
                }
            }
            r = exchange(new Request(request.method(), next, keep, null), sameHost ? authorization(scope) : null);
            current = next;
        }
        return r;
    }

    /**
     * After a 401: a Bearer challenge gets a token for the scope (a registry with a token service,
     * or an expired token); a refused Basic login is renewed when the login can be (an ECR token
     * fetched again). True when the request may be tried again with new credentials.
     */
    private boolean renewAfter401(Response r, String scope, String sent) {
        Optional<String> challenge = r.header("WWW-Authenticate");
        if (challenge.isPresent() && challenge.get().regionMatches(true, 0, "Bearer", 0, 6)) {
            bearerTokens.put(scope, fetchToken(challenge.get(), scope));
            return true;
        }
        Credentials c = login.current();
        if (c == null || sent == null || !sent.startsWith("Basic ")) {
            return false;
        }
        if (!sent.equals(c.basic())) {
            // another request (a blob beside this one, the other side of a copy sharing the login)
            // renewed it after this one was sent: try again with the new login, renew nothing
            return true;
        }
        return login.renew(c);
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

    /**
     * One request on the blocking client: connect, time to the answer's first byte (for an upload,
     * from its body's last byte) and the idle time of every read and write are bounded, never the
     * whole exchange. Failures name the request and this registry.
     */
    private Response exchange(Request req, String authorization) {
        return exchange(req, authorization, req.method() + " " + req.uri().getPath());
    }

    /** {@link #exchange(Request, String)} with {@code what} naming the request in errors. */
    private Response exchange(Request req, String authorization, String what) {
        Http1.Response r = call(
                req,
                what,
                () -> http.exchange(
                        req.method(),
                        req.uri(),
                        withAuthorization(req.headers(), authorization),
                        req.body(),
                        httpTimeouts()));
        return new Response(r.status(), r.headers(), r.body());
    }

    private static List<String> withAuthorization(List<String> headers, String authorization) {
        if (authorization == null) {
            return headers;
        }
        List<String> h = new ArrayList<>(headers);
        h.add("Authorization");
        h.add(authorization);
        return h;
    }

    private Http1.Timeouts httpTimeouts() {
        return new Http1.Timeouts(timeouts.connect(), timeouts.firstByte(), timeouts.idle());
    }

    /** An I/O step of the blocking client.*/
    private interface HttpCall<T> {
        T run() throws IOException;
    }

    /** Runs {@code step}; a stall or an I/O failure becomes a {@link RegistryException} naming the request and the registry. */
    private static <T> T call(Request req, String what, HttpCall<T> step) {
        try {
            return step.run();
        } catch (Http1.StallException e) {
            throw new RegistryException(what + " at " + req.uri().getAuthority() + ": " + e.getMessage(), 0, true, e);
        } catch (IOException e) {
            throw ioError(what, e, req.uri().getAuthority());
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
        // the scope the challenge names (else ours), then any further scope of ours (a mount's source)
        Set<String> scopes = new LinkedHashSet<>();
        String[] ours = scope.split(" ");
        scopes.add(params.getOrDefault("scope", ours[0]));
        scopes.addAll(Arrays.asList(ours).subList(1, ours.length));
        String sep = "";
        for (String sc : scopes) {
            q.append(sep).append("scope=").append(URLEncoder.encode(sc, StandardCharsets.UTF_8));
            sep = "&";
        }
        URI uri = URI.create(q.toString());
        Response r = exchange(Request.of("GET", uri), basicOrNull());
        String body = readAndClose(r);
        if (r.statusCode() != 200) {
            throw new RegistryException(
                    "The token service " + uri.getAuthority() + " of " + host + " refused a token for " + scope
                            + " (HTTP " + r.statusCode() + "): check the registry credentials",
                    r.statusCode(),
                    false);
        }
        String token = tokenOf(body);
        if (token == null) {
            throw new RegistryException("The token service of " + host + " answered without a token", 0, false);
        }
        return token;
    }

    /**
     * The token of a token service's JSON answer: {@code token}, or {@code access_token} (the name
     * OAuth 2.0 uses, which the Docker token specification accepts too); null when the answer is not
     * a JSON object with either as a non-empty string. JSON escapes are decoded ({@code \/} is
     * {@code /}).
     */
    static String tokenOf(String body) {
        Object root;
        try {
            root = Json.parse(body.getBytes(StandardCharsets.UTF_8));
        } catch (Json.MalformedJsonException e) {
            return null;
        }
        if (root instanceof Map<?, ?> o) {
            for (String name : new String[] {"token", "access_token"}) {
                if (o.get(name) instanceof String s && !s.isEmpty()) {
                    return s;
                }
            }
        }
        return null;
    }

    private String basicOrNull() {
        Credentials c = login.current();
        return c == null ? null : c.basic();
    }

    private RegistryException error(String what, int status, String body) {
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
        return ioError(what, e, host);
    }

    private static AwsKitException ioError(String what, IOException e, String host) {
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

    private static void close(Response r) {
        try {
            r.body().close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    private static String readSmall(InputStream in) throws IOException {
        return new String(in.readNBytes(4096), StandardCharsets.UTF_8);
    }

    private static String readAndClose(Response r) {
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
