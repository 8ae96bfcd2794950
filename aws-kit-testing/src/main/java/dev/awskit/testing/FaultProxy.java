package dev.awskit.testing;

import dev.awskit.core.internal.Setting;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP/1.1 proxy that sits in front of a server (S3Proxy, kinesis-mock, moto, a registry,
 * LocalStack or AWS over plain HTTP) and injects the faults real networks and real services
 * produce: throttling with the service's own error body, internal errors, connections reset
 * before or after the server acted, responses cut half-way, and latency. Point a client at
 * {@link #endpoint()} instead of the server; requests are forwarded byte for byte (the
 * {@code Host} header included, so SigV4 signatures stay valid).
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.builder(URI.create("http://127.0.0.1:9000"))
 *         .seed(42)
 *         .fault(FaultProxy.Fault.THROTTLE, 0.05)
 *         .fault(FaultProxy.Fault.RESET_AFTER, 0.02)
 *         .start()) {
 *     AwsKit kit = AwsKit.builder().endpoint(proxy.endpoint()).build();
 *     ... // the code under test
 *     proxy.requests();                          // how many requests the code sent
 *     proxy.injected(FaultProxy.Fault.RESET_AFTER); // how many answers were lost after the server acted
 * }
 * }</pre>
 *
 * <p>Error bodies follow each protocol's documented error format, chosen from the request: the
 * SigV4 credential scope names the service; {@code X-Amz-Target} means the JSON (or CBOR, for
 * Kinesis) protocol with an {@code x-amzn-ErrorType} header; a form body with {@code Action=} means
 * the Query protocol ({@code <ErrorResponse>}, EC2's {@code <Response><Errors>}); S3 gets its REST
 * {@code <Error>} document; an OCI registry ({@code /v2/}) the distribution spec's
 * {@code {"errors":[...]}}. Throttling codes are those the AWS SDKs treat as throttling
 * ({@code SlowDown}, {@code Throttling}, {@code ThrottlingException},
 * {@code ProvisionedThroughputExceededException}, {@code RequestLimitExceeded},
 * {@code TOOMANYREQUESTS}).
 *
 * <p>Threads: one acceptor and one thread per client connection (plus one per request body being
 * streamed), all daemons, all stopped by {@link #close()}. Counters are safe to read from any
 * thread. Faults are drawn from one seeded {@link Random} in the order requests arrive.
 */
public final class FaultProxy implements AutoCloseable {

    /** The kinds of fault the proxy injects. */
    public enum Fault {
        /** The service's throttling error (503 SlowDown for S3, 400 Throttling... elsewhere); the server never sees the request. */
        THROTTLE,
        /** A 500 internal error with the service's error body; the server never sees the request. */
        ERROR_500,
        /** The connection is reset before the request reaches the server. */
        RESET_BEFORE,
        /** The server handles the request completely, then the client's connection is reset: the answer is lost. */
        RESET_AFTER,
        /** The server handles the request; the client gets the response head and half of its body, then a reset. */
        CUT_BODY
    }

    /** What the proxy saw of one request. */
    public static final class Request {
        private final String method;
        private final String path;
        private final String query;
        private final Map<String, String> headers;
        private final String service;
        private final String operation;

        Request(String method, String target, Map<String, String> headers, String formAction) {
            this.method = method;
            int q = target.indexOf('?');
            this.path = q < 0 ? target : target.substring(0, q);
            this.query = q < 0 ? "" : target.substring(q + 1);
            this.headers = headers;
            this.service = serviceOf(path, query, headers);
            String amzTarget = headers.get("x-amz-target");
            if (amzTarget != null) {
                this.operation = amzTarget.substring(amzTarget.lastIndexOf('.') + 1);
            } else if (formAction != null) {
                this.operation = formAction;
            } else {
                this.operation = "";
            }
        }

        /** The HTTP method. */
        public String method() {
            return method;
        }

        /** The path, without the query. */
        public String path() {
            return path;
        }

        /** The raw query string, empty when there is none. */
        public String query() {
            return query;
        }

        /** A request header (case-insensitive), or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /**
         * The service the request is for: the SigV4 credential scope's service ({@code s3},
         * {@code kinesis}, {@code iam}, {@code ec2}...), {@code registry} for an OCI registry's
         * {@code /v2/} API, or {@code ""} when unknown.
         */
        public String service() {
            return service;
        }

        /** The operation: {@code X-Amz-Target}'s name, the Query protocol's {@code Action}, or {@code ""}. */
        public String operation() {
            return operation;
        }

        @Override
        public String toString() {
            return method + " " + path + (operation.isEmpty() ? "" : " (" + service + ":" + operation + ")");
        }
    }

    /** One request and the fault injected on it, if any. */
    public static final class Exchange {
        private final Request request;
        private final Fault fault;

        Exchange(Request request, Fault fault) {
            this.request = request;
            this.fault = fault;
        }

        public Request request() {
            return request;
        }

        public Optional<Fault> fault() {
            return Optional.ofNullable(fault);
        }

        @Override
        public String toString() {
            return request + (fault == null ? "" : " -> " + fault);
        }
    }

    /** Settings of a proxy; {@link #start()} opens it. */
    public static final class Builder {
        private final URI upstream;
        private final Map<Fault, Double> faults = new EnumMap<>(Fault.class);
        private Long seed;
        private Duration latency;
        private Predicate<Request> only;
        private Long maxFaults;
        private Predicate<Request> hold;
        private BooleanSupplier release;
        private Duration holdAtMost;

        private Builder(URI upstream) {
            this.upstream = Objects.requireNonNull(upstream, "upstream");
            if (!"http".equals(upstream.getScheme()) || upstream.getHost() == null) {
                throw new IllegalArgumentException(
                        "FaultProxy forwards plain HTTP only: upstream must look like http://host:port, got "
                                + upstream);
            }
        }

        /** The seed of the fault draws (default: a fixed seed, 1). */
        public Builder seed(long seed) {
            once("seed", this.seed, seed);
            this.seed = seed;
            return this;
        }

        /** Injects {@code fault} on each request with {@code probability} (0..1; the sum over faults at most 1). */
        public Builder fault(Fault fault, double probability) {
            Objects.requireNonNull(fault, "fault");
            if (!(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException(
                        "probability of " + fault + " must be in [0, 1], got " + probability);
            }
            if (faults.containsKey(fault)) {
                throw Setting.alreadySet("probability of " + fault, faults.get(fault), probability);
            }
            faults.put(fault, probability);
            return this;
        }

        /** Adds this latency before forwarding every request (faulted or not). */
        public Builder latency(Duration latency) {
            once("latency", this.latency, latency);
            if (latency.isNegative()) {
                throw new IllegalArgumentException("latency must not be negative, got " + latency);
            }
            this.latency = latency;
            return this;
        }

        /** Injects faults only on requests that match (latency still applies to all). */
        public Builder only(Predicate<Request> filter) {
            once("only", this.only == null ? null : "a filter", "a filter");
            this.only = Objects.requireNonNull(filter, "filter");
            return this;
        }

        /**
         * Holds each request that matches {@code which} (after it is recorded, before it is
         * forwarded) until {@code release} says true, checked every 2 ms, or until {@code atMost}
         * has passed; then forwards it. For ordering tests without timing: hold the source's
         * request until a second proxy has seen the request that should run beside it, then ask
         * {@link #releasedByCondition()} and {@link #releasedByTimeLimit()}.
         */
        public Builder hold(Predicate<Request> which, BooleanSupplier release, Duration atMost) {
            once("hold", this.hold == null ? null : "a filter", "a filter");
            if (Objects.requireNonNull(atMost, "atMost").isNegative() || atMost.isZero()) {
                throw new IllegalArgumentException("hold: atMost must be positive, got " + atMost);
            }
            this.hold = Objects.requireNonNull(which, "which");
            this.release = Objects.requireNonNull(release, "release");
            this.holdAtMost = atMost;
            return this;
        }

        /** Stops injecting after this many faults (default: no limit). */
        public Builder maxFaults(long max) {
            once("maxFaults", this.maxFaults, max);
            if (max < 0) {
                throw new IllegalArgumentException("maxFaults must be >= 0, got " + max);
            }
            this.maxFaults = max;
            return this;
        }

        /**
         * Opens the proxy on a free loopback port.
         *
         * @throws IllegalStateException for {@code only(...)} or {@code maxFaults(...)} without any
         *     {@code fault(...)}: they limit faults, and none would be injected
         */
        public FaultProxy start() {
            if (faults.isEmpty() && (only != null || maxFaults != null)) {
                throw new IllegalStateException((only != null ? "only(...)" : "maxFaults(" + maxFaults + ")")
                        + " limits the injected faults, but no fault(...) was given: add fault(Fault.X, probability),"
                        + " or drop it");
            }
            double sum =
                    faults.values().stream().mapToDouble(Double::doubleValue).sum();
            if (sum > 1.0 + 1e-9) {
                throw new IllegalArgumentException("fault probabilities add up to " + sum + " > 1: " + faults);
            }
            try {
                return new FaultProxy(this);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot open a loopback port for the FaultProxy", e);
            }
        }

        private static void once(String name, Object old, Object value) {
            if (old != null) {
                throw Setting.alreadySet(name, old, value);
            }
        }
    }

    private static final Pattern CREDENTIAL_SCOPE =
            Pattern.compile("Credential=[^/,\\s]+/\\d{8}/[^/]+/([^/]+)/aws4_request");
    private static final Pattern QUERY_CREDENTIAL = Pattern.compile(
            "X-Amz-Credential=[^&]*?(?:/|%2F)\\d{8}(?:/|%2F)[^&/%]+(?:/|%2F)([^&/%]+)(?:/|%2F)aws4_request");
    private static final int MAX_HEAD = 64 * 1024;
    private static final int MAX_FORM = 1024 * 1024;

    /** Every request handled with the default seed answers throttling: for counting requests. */
    public static FaultProxy alwaysThrottle(URI upstream) {
        return builder(upstream).fault(Fault.THROTTLE, 1.0).start();
    }

    /** A builder for a proxy in front of {@code upstream} ({@code http://host:port}). */
    public static Builder builder(URI upstream) {
        return new Builder(upstream);
    }

    private final URI upstream;
    private final Fault[] kinds;
    private final double[] cumulative;
    private final Random random;
    private final Duration latency;
    private final Predicate<Request> only;
    private final long maxFaults;
    private final Predicate<Request> hold;
    private final BooleanSupplier release;
    private final Duration holdAtMost;
    private final AtomicLong releasedByCondition = new AtomicLong();
    private final AtomicLong releasedByTimeLimit = new AtomicLong();
    private final ServerSocket server;
    private final ExecutorService threads;
    private final AtomicLong requests = new AtomicLong();
    private final Map<Fault, AtomicLong> injected = new EnumMap<>(Fault.class);
    private final AtomicLong injectedTotal = new AtomicLong();
    private final ConcurrentLinkedQueue<Exchange> exchanges = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Socket> open = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requestIds = new AtomicInteger();
    private volatile boolean closed;

    private FaultProxy(Builder b) throws IOException {
        this.upstream = b.upstream;
        this.kinds = b.faults.keySet().toArray(new Fault[0]);
        this.cumulative = new double[kinds.length];
        double c = 0;
        for (int i = 0; i < kinds.length; i++) {
            c += b.faults.get(kinds[i]);
            cumulative[i] = c;
        }
        this.random = new Random(b.seed == null ? 1L : b.seed);
        this.latency = b.latency;
        this.only = b.only == null ? r -> true : b.only;
        this.maxFaults = b.maxFaults == null ? Long.MAX_VALUE : b.maxFaults;
        this.hold = b.hold;
        this.release = b.release;
        this.holdAtMost = b.holdAtMost;
        for (Fault f : Fault.values()) {
            injected.put(f, new AtomicLong());
        }
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-proxy-" + server.getLocalPort() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        threads.execute(this::acceptLoop);
    }

    /** Where clients connect: {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Held requests ({@link Builder#hold}) that were let go because their condition came true. */
    public long releasedByCondition() {
        return releasedByCondition.get();
    }

    /** Held requests ({@link Builder#hold}) that were let go because the time limit passed. */
    public long releasedByTimeLimit() {
        return releasedByTimeLimit.get();
    }

    /** The server the proxy forwards to. */
    public URI upstream() {
        return upstream;
    }

    /** Requests received so far (faulted or not). */
    public long requests() {
        return requests.get();
    }

    /** Faults injected so far, of every kind. */
    public long injected() {
        return injectedTotal.get();
    }

    /** Faults of one kind injected so far. */
    public long injected(Fault fault) {
        return injected.get(fault).get();
    }

    /** Every request so far, in arrival order, with its fault. */
    public List<Exchange> exchanges() {
        return Collections.unmodifiableList(new ArrayList<>(exchanges));
    }

    /** Stops accepting, resets every open connection and stops the proxy's threads. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s; (s = open.poll()) != null; ) {
            closeQuietly(s);
        }
        threads.shutdownNow();
    }

    @Override
    public String toString() {
        return "FaultProxy{" + endpoint() + " -> " + upstream + ", requests " + requests + ", faults " + injectedTotal
                + "}";
    }

    // ------------------------------------------------------------------ connection handling

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                client.setTcpNoDelay(true);
                open.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("[FaultProxy] accept failed: " + e);
                }
                return;
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return; // closed
            }
        }
    }

    private void holdUntilReleased() throws InterruptedException {
        long deadline = System.nanoTime() + holdAtMost.toNanos();
        while (!release.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                releasedByTimeLimit.incrementAndGet();
                return;
            }
            Thread.sleep(2);
        }
        releasedByCondition.incrementAndGet();
    }

    private void serve(Socket client) {
        Socket up = null;
        try {
            InputStream cin = new BufferedInputStream(client.getInputStream(), 64 * 1024);
            OutputStream cout = client.getOutputStream();
            InputStream upIn;
            OutputStream upOut;
            while (!closed) {
                Head req = Head.read(cin);
                if (req == null) {
                    return;
                }
                requests.incrementAndGet();
                byte[] form = null;
                String action = null;
                String contentType = req.header("content-type");
                long contentLength = req.contentLength();
                if (contentType != null
                        && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")
                        && contentLength >= 0
                        && contentLength <= MAX_FORM
                        && !req.expectsContinue()) {
                    form = cin.readNBytes((int) contentLength);
                    if (form.length != contentLength) {
                        return;
                    }
                    action = formValue(new String(form, StandardCharsets.UTF_8), "Action");
                }
                Request request = new Request(req.method, req.target, req.headers, action);
                Fault fault = draw(request);
                exchanges.add(new Exchange(request, fault));
                if (latency != null && !latency.isZero()) {
                    Thread.sleep(latency.toMillis());
                }
                if (hold != null && hold.test(request)) {
                    holdUntilReleased();
                }
                if (fault == Fault.RESET_BEFORE) {
                    reset(client);
                    return;
                }
                if (fault == Fault.THROTTLE || fault == Fault.ERROR_500) {
                    if (form == null && !req.expectsContinue()) {
                        skipBody(cin, req);
                    }
                    writeError(cout, request, fault);
                    return; // Connection: close
                }
                // A fresh upstream connection per request: a server's idle timeout on a reused
                // connection would otherwise look like an injected fault that nobody counted.
                if (up != null) {
                    closeQuietly(up);
                    open.remove(up);
                }
                {
                    up = new Socket();
                    up.connect(
                            new InetSocketAddress(upstream.getHost(), upstream.getPort() > 0 ? upstream.getPort() : 80),
                            10_000);
                    up.setTcpNoDelay(true);
                    open.add(up);
                    upIn = new BufferedInputStream(up.getInputStream(), 64 * 1024);
                    upOut = up.getOutputStream();
                }
                upOut.write(req.raw);
                Future<?> pump = null;
                if (form != null) {
                    upOut.write(form);
                    upOut.flush();
                } else if (req.hasBody()) {
                    upOut.flush();
                    OutputStream to = upOut;
                    pump = threads.submit(() -> {
                        copyBody(cin, to, req, null);
                        to.flush();
                        return null;
                    });
                } else {
                    upOut.flush();
                }
                Head resp;
                while (true) {
                    resp = Head.read(upIn);
                    if (resp == null) {
                        throw new EOFException("upstream closed before answering " + request);
                    }
                    if (resp.status() >= 200 || resp.status() == 101) {
                        break;
                    }
                    cout.write(resp.raw); // 100 Continue and other interim answers
                    cout.flush();
                }
                boolean noBody = req.method.equals("HEAD")
                        || resp.status() == 204
                        || resp.status() == 304
                        || resp.status() < 200;
                if (fault == Fault.RESET_AFTER || (fault == Fault.CUT_BODY && (noBody || resp.contentLength() < 2))) {
                    if (!noBody) {
                        copyBody(upIn, OutputStream.nullOutputStream(), resp, null);
                    }
                    if (pump != null) {
                        pump.get();
                    }
                    reset(client);
                    return;
                }
                cout.write(resp.raw);
                if (fault == Fault.CUT_BODY) {
                    long half = resp.contentLength() / 2;
                    copyExactly(upIn, cout, half);
                    cout.flush();
                    reset(client);
                    return;
                }
                if (!noBody) {
                    copyBody(upIn, cout, resp, req);
                }
                cout.flush();
                if (pump != null) {
                    pump.get();
                }
                if (req.closes() || resp.closes() || resp.http10() || (!noBody && !resp.framed())) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // a client or server that went away: the connection ends, as it would on a real network
        } finally {
            closeQuietly(client);
            if (up != null) {
                closeQuietly(up);
                open.remove(up);
            }
            open.remove(client);
        }
    }

    private Fault draw(Request request) {
        if (kinds.length == 0 || !only.test(request)) {
            return null;
        }
        Fault chosen = null;
        synchronized (random) {
            double r = random.nextDouble();
            for (int i = 0; i < kinds.length; i++) {
                if (r < cumulative[i]) {
                    chosen = kinds[i];
                    break;
                }
            }
            if (chosen != null) {
                if (injectedTotal.get() >= maxFaults) {
                    return null;
                }
                injectedTotal.incrementAndGet();
                injected.get(chosen).incrementAndGet();
            }
        }
        return chosen;
    }

    // ------------------------------------------------------------------ error bodies

    private void writeError(OutputStream out, Request r, Fault fault) throws IOException {
        boolean throttle = fault == Fault.THROTTLE;
        String id = "faultproxy-" + requestIds.incrementAndGet();
        int status;
        String contentType;
        byte[] body;
        Map<String, String> extra = new LinkedHashMap<>();
        String service = r.service();
        if (r.path().startsWith("/v2/") || service.equals("registry")) {
            // OCI distribution spec, error codes: TOOMANYREQUESTS (429), UNKNOWN.
            status = throttle ? 429 : 500;
            contentType = "application/json";
            body = (throttle
                            ? "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"too many requests\",\"detail\":null}]}"
                            : "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"unknown error\",\"detail\":null}]}")
                    .getBytes(StandardCharsets.UTF_8);
        } else if (r.header("x-amz-target") != null) {
            // JSON / CBOR protocols: the error type in x-amzn-ErrorType and in the body's __type.
            String code = throttle ? jsonThrottleCode(service, r.operation()) : "InternalFailure";
            String message = throttle ? "Rate exceeded" : "An internal error occurred (injected by FaultProxy)";
            status = throttle ? 400 : 500;
            extra.put("x-amzn-ErrorType", code + ":");
            extra.put("x-amzn-RequestId", id);
            String requestType = r.header("content-type");
            if (requestType != null && requestType.contains("cbor")) {
                contentType = "application/x-amz-cbor-1.1";
                body = Cbor.map("__type", code, "message", message);
            } else {
                contentType = requestType != null && requestType.startsWith("application/x-amz-json")
                        ? requestType
                        : "application/x-amz-json-1.1";
                body = ("{\"__type\":\"" + code + "\",\"message\":\"" + message + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
            }
        } else if (!r.operation().isEmpty() && service.equals("ec2")) {
            // EC2's Query protocol: <Response><Errors><Error>; throttling is RequestLimitExceeded (503).
            status = throttle ? 503 : 500;
            contentType = "text/xml;charset=UTF-8";
            String code = throttle ? "RequestLimitExceeded" : "InternalError";
            body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>" + code
                            + "</Code><Message>"
                            + (throttle ? "Request limit exceeded." : "An internal error has occurred")
                            + "</Message></Error></Errors><RequestID>" + id + "</RequestID></Response>")
                    .getBytes(StandardCharsets.UTF_8);
        } else if (!r.operation().isEmpty()) {
            // Query protocol (IAM, STS, ELBv2, CloudFormation...): <ErrorResponse><Error>.
            status = throttle ? 400 : 500;
            contentType = "text/xml";
            String code = throttle ? "Throttling" : "InternalFailure";
            body = ("<ErrorResponse><Error><Type>" + (throttle ? "Sender" : "Receiver") + "</Type><Code>" + code
                            + "</Code><Message>" + (throttle ? "Rate exceeded" : "Internal failure (injected)")
                            + "</Message></Error><RequestId>" + id + "</RequestId></ErrorResponse>")
                    .getBytes(StandardCharsets.UTF_8);
            extra.put("x-amzn-RequestId", id);
        } else {
            // S3's REST error document: SlowDown (503) and InternalError (500).
            status = throttle ? 503 : 500;
            contentType = "application/xml";
            String code = throttle ? "SlowDown" : "InternalError";
            body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
                            + (throttle
                                    ? "Please reduce your request rate."
                                    : "We encountered an internal error. Please try again.")
                            + "</Message><RequestId>" + id + "</RequestId><HostId>faultproxy</HostId></Error>")
                    .getBytes(StandardCharsets.UTF_8);
            extra.put("x-amz-request-id", id);
        }
        StringBuilder head = new StringBuilder()
                .append("HTTP/1.1 ")
                .append(status)
                .append(' ')
                .append(reason(status))
                .append("\r\n")
                .append("Content-Type: ")
                .append(contentType)
                .append("\r\n")
                .append("Content-Length: ")
                .append(body.length)
                .append("\r\n")
                .append("Connection: close\r\n");
        extra.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!r.method().equals("HEAD")) {
            out.write(body);
        }
        out.flush();
    }

    private static String jsonThrottleCode(String service, String operation) {
        if (service.equals("kinesis")) {
            return switch (operation) {
                case "PutRecord", "PutRecords", "GetRecords" -> "ProvisionedThroughputExceededException";
                default -> "LimitExceededException";
            };
        }
        return "ThrottlingException";
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }

    // ------------------------------------------------------------------ HTTP framing

    static String serviceOf(String path, String query, Map<String, String> headers) {
        String auth = headers.get("authorization");
        if (auth != null) {
            Matcher m = CREDENTIAL_SCOPE.matcher(auth);
            if (m.find()) {
                return m.group(1);
            }
        }
        Matcher q = QUERY_CREDENTIAL.matcher(query);
        if (q.find()) {
            return q.group(1);
        }
        if (path.equals("/v2") || path.startsWith("/v2/")) {
            return "registry";
        }
        return "";
    }

    private static String formValue(String form, String name) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void skipBody(InputStream in, Head h) throws IOException {
        if (h.hasBody()) {
            copyBody(in, OutputStream.nullOutputStream(), h, null);
        }
    }

    /** Copies one message body framed as {@code h} says; {@code request} is set when h is a response. */
    private static void copyBody(InputStream in, OutputStream out, Head h, Head request) throws IOException {
        if (h.chunked()) {
            while (true) {
                String line = readLine(in, out);
                int semi = line.indexOf(';');
                long size = Long.parseLong((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
                if (size == 0) {
                    String trailer;
                    do {
                        trailer = readLine(in, out);
                    } while (!trailer.isEmpty());
                    return;
                }
                copyExactly(in, out, size);
                readLine(in, out); // CRLF after the chunk
            }
        }
        long length = h.contentLength();
        if (length >= 0) {
            copyExactly(in, out, length);
        } else if (request != null) {
            in.transferTo(out); // a response delimited by the end of the connection
        }
    }

    private static void copyExactly(InputStream in, OutputStream out, long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(64 * 1024, Math.max(n, 1))];
        long left = n;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new EOFException(left + " bytes of a body missing");
            }
            out.write(buf, 0, r);
            left -= r;
        }
    }

    /** Reads one CRLF-terminated line, copying its bytes (CRLF included) to {@code out}. */
    private static String readLine(InputStream in, OutputStream out) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed inside a chunked body");
            }
            out.write(c);
            if (prev == '\r' && c == '\n') {
                byte[] b = line.toByteArray();
                return new String(b, 0, b.length - 1, StandardCharsets.ISO_8859_1);
            }
            line.write(c);
            if (line.size() > MAX_HEAD) {
                throw new IOException("chunk line longer than " + MAX_HEAD);
            }
            prev = c;
        }
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // closing anyway
        }
        closeQuietly(s);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** A request or response head: start line and headers, with its raw bytes. */
    private static final class Head {
        final byte[] raw;
        final String method;
        final String target;
        final int status;
        final Map<String, String> headers;

        private Head(byte[] raw, String method, String target, int status, Map<String, String> headers) {
            this.raw = raw;
            this.method = method;
            this.target = target;
            this.status = status;
            this.headers = headers;
        }

        static Head read(InputStream in) throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
            int matched = 0;
            while (matched < 4) {
                int c = in.read();
                if (c < 0) {
                    if (buf.size() == 0) {
                        return null;
                    }
                    throw new EOFException("connection closed inside a message head");
                }
                buf.write(c);
                if (buf.size() > MAX_HEAD) {
                    throw new IOException("message head longer than " + MAX_HEAD + " bytes");
                }
                matched = (c == '\r' && (matched == 0 || matched == 2)) || (c == '\n' && (matched == 1 || matched == 3))
                        ? matched + 1
                        : (c == '\r' ? 1 : 0);
            }
            byte[] raw = buf.toByteArray();
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            String[] lines = text.split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.merge(
                            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim(),
                            (a, b) -> a + "," + b);
                }
            }
            String[] start = lines[0].split(" ", 3);
            if (start.length < 2) {
                throw new IOException("not an HTTP start line: " + lines[0]);
            }
            if (start[0].startsWith("HTTP/")) {
                return new Head(raw, null, null, Integer.parseInt(start[1]), headers);
            }
            return new Head(raw, start[0], start[1], 0, headers);
        }

        String header(String name) {
            return headers.get(name);
        }

        int status() {
            return status;
        }

        long contentLength() {
            String v = headers.get("content-length");
            if (v == null) {
                return -1;
            }
            int comma = v.indexOf(',');
            return Long.parseLong((comma < 0 ? v : v.substring(0, comma)).trim());
        }

        boolean chunked() {
            String te = headers.get("transfer-encoding");
            return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
        }

        boolean framed() {
            return chunked() || contentLength() >= 0;
        }

        boolean hasBody() {
            return chunked() || contentLength() > 0;
        }

        boolean expectsContinue() {
            String e = headers.get("expect");
            return e != null && e.toLowerCase(Locale.ROOT).contains("100-continue");
        }

        boolean http10() {
            return raw.length > 8
                    && new String(raw, 0, 8, StandardCharsets.ISO_8859_1).equals("HTTP/1.0")
                    && !"keep-alive".equalsIgnoreCase(headers.get("connection"));
        }

        boolean closes() {
            String c = headers.get("connection");
            return c != null && c.toLowerCase(Locale.ROOT).contains("close");
        }
    }

    /** The few bytes of CBOR (RFC 8949) an error body needs: a map of short text strings. */
    static final class Cbor {
        private Cbor() {}

        static byte[] map(String... keysAndValues) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            head(out, 5, keysAndValues.length / 2);
            for (String s : keysAndValues) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                head(out, 3, b.length);
                out.writeBytes(b);
            }
            return out.toByteArray();
        }

        private static void head(ByteArrayOutputStream out, int major, int length) {
            if (length < 24) {
                out.write((major << 5) | length);
            } else if (length < 256) {
                out.write((major << 5) | 24);
                out.write(length);
            } else {
                out.write((major << 5) | 25);
                out.write(length >> 8);
                out.write(length & 0xff);
            }
        }
    }
}
