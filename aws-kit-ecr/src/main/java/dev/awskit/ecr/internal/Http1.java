package dev.awskit.ecr.internal;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A small blocking HTTP/1.1 client for the registry protocol: one exchange at a time per connection,
 * keep-alive connections pooled per (scheme, host, port), request bodies of a known length (in
 * memory or streamed from an {@link InputStream} in the caller's thread), responses framed by {@code
 * Content-Length}, {@code chunked} or the end of the connection. TLS through the JVM's default
 * {@link SSLSocketFactory} (built on the first https:// connection, never for http://), with host
 * name verification. Redirects and authentication are the caller's ({@link RegistryClient}).
 *
 * <p>Why not {@code java.net.http}: a copy is a few large streams, and its asynchronous pipeline
 * cost more CPU than the bytes themselves (selector and worker hand-offs per buffer, and thousands
 * of methods for the JIT to compile in a fresh JVM); here the copy thread reads the source socket,
 * hashes and writes the target socket with one reused buffer (the module README has the figures).
 *
 * <p>Timeouts ({@link dev.awskit.ecr.RegistryTimeouts}): connect (and the TLS handshake), the time
 * to the first byte of the answer once the request is sent ({@code SO_TIMEOUT}), the idle time of
 * every read of an answer ({@code SO_TIMEOUT}), and the idle time of the request body's writes and
 * its source's reads, watched by a daemon thread that closes the socket of a stalled exchange.
 * None of them bounds a whole body. The same watch closes the socket when the thread using it is
 * interrupted (a cancelled copy), so blocked socket I/O ends at once.
 *
 * <p>Retries: a request is sent again once, on a new connection, only when it went out on a pooled
 * connection that turned out to be closed by the server (no byte of an answer came), and only when
 * sending it again is safe: an idempotent method (GET, HEAD, PUT, DELETE) whose body is in memory.
 * Everything else is the caller's retry policy's.
 *
 * <p>Thread-safe: the pool is concurrent; a connection belongs to one exchange from its lease to the
 * end (or close) of the answer's body, and is touched by the thread doing that exchange's I/O and,
 * to close it, by the watchdog.
 */
final class Http1 {
    /** The JVM's client (connections are per host, so one pool serves every registry client). */
    static final Http1 SHARED = new Http1();

    private static final int IO_BUFFER = 256 * 1024;
    /** How long an answer sent before the server stopped reading the body may take to be read. */
    private static final Duration EARLY_ANSWER_WAIT = Duration.ofSeconds(1);

    private static final int MAX_HEADER_LINE = 64 * 1024;
    private static final int MAX_HEADERS = 200;
    private static final int MAX_IDLE_PER_HOST = 16;
    /** A pooled connection unused for longer is closed rather than reused (servers close them first). */
    private static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "aws-kit-ecr-http-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final Map<String, Deque<Connection>> idle = new ConcurrentHashMap<>();
    /** Connections opened so far (tests count them to show reuse). */
    final java.util.concurrent.atomic.AtomicLong opened = new java.util.concurrent.atomic.AtomicLong();
    /** Connections closed so far (each counted once). */
    private final java.util.concurrent.atomic.AtomicLong closedConnections =
            new java.util.concurrent.atomic.AtomicLong();

    /**
     * Connections open and not in the pool: leased by an exchange whose answer is not yet read to
     * its end or closed. Zero once every exchange is over; more means a leak (tests check it after
     * copies that failed half-way).
     */
    long inUse() {
        long pooled =
                idle.values().stream().mapToLong(java.util.Collection::size).sum();
        return opened.get() - closedConnections.get() - pooled;
    }

    /** A request body: its length and where its bytes come from. */
    sealed interface Body {
        long length();
    }

    /** A body held in memory: safe to send again. */
    record Bytes(byte[] bytes) implements Body {
        @Override
        public long length() {
            return bytes.length;
        }
    }

    /** A body streamed once from {@code in}, exactly {@code length} bytes. */
    record Stream(InputStream in, long length) implements Body {}

    /** Request timeouts, in milliseconds of {@code SO_TIMEOUT} and the watchdog. */
    record Timeouts(Duration connect, Duration firstByte, Duration idle) {}

    /** An answer: status, headers (names case-insensitive) and the body, whose close ends the exchange. */
    record Response(int status, Map<String, List<String>> headers, InputStream body) {
        String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    /** An exchange that stalled past a timeout; the message says which one. */
    static final class StallException extends IOException {
        private static final long serialVersionUID = 1L;

        StallException(String message) {
            super(message);
        }
    }

    /**
     * Sends one request and reads the answer's status line and headers. {@code headers} are name,
     * value pairs; {@code Host}, {@code Content-Length} and {@code Connection} are ours. The caller
     * reads and closes the body (a fully read body gives the connection back to the pool).
     */
    Response exchange(String method, URI uri, List<String> headers, Body body, Timeouts t) throws IOException {
        boolean replayable = body == null || body instanceof Bytes;
        boolean idempotent =
                switch (method) {
                    case "GET", "HEAD", "PUT", "DELETE", "OPTIONS" -> true;
                    default -> false;
                };
        Connection c = lease(uri, t);
        try {
            return exchangeOn(c, method, uri, headers, body, t);
        } catch (StaleConnectionException e) {
            // the server had closed this pooled connection; nothing of an answer was read
            if (!(replayable && idempotent)) {
                throw e.getCause() instanceof IOException io ? io : e;
            }
            Connection fresh = connect(uri, t);
            return exchangeOn(fresh, method, uri, headers, body, t);
        }
    }

    /** A pooled connection failed before any byte of the answer: the request may be sent again. */
    private static final class StaleConnectionException extends IOException {
        private static final long serialVersionUID = 1L;

        StaleConnectionException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private Response exchangeOn(Connection c, String method, URI uri, List<String> headers, Body body, Timeouts t)
            throws IOException {
        c.watch(t.idle());
        try {
            IOException writeFailure = null;
            try {
                writeRequest(c, method, uri, headers, body);
            } catch (BodyCopy.SourceException e) {
                throw e;
            } catch (IOException e) {
                if (c.abortedBy != null || e instanceof InterruptedIOException) {
                    throw e;
                }
                writeFailure = e;
            }
            if (writeFailure != null) {
                return earlyAnswer(c, method, t, writeFailure);
            }
            return readAnswer(c, method, t);
        } catch (BodyCopy.SourceException e) {
            c.close();
            throw c.failure(e.getCause());
        } catch (IOException e) {
            IOException f = c.failure(e);
            c.close();
            if (c.reused && !c.answered && !(f instanceof StallException) && !(f instanceof InterruptedIOException)) {
                throw new StaleConnectionException(f);
            }
            throw f;
        } catch (RuntimeException | Error e) {
            c.close();
            throw e;
        }
    }

    /** The answer to a request sent in full on {@code c}: status line and headers, the body to read. */
    private Response readAnswer(Connection c, String method, Timeouts t) throws IOException {
        c.socket.setSoTimeout(millis(t.firstByte()));
        c.phase = Phase.WAITING;
        while (true) {
            String line;
            try {
                line = readLine(c.in, true);
            } catch (SocketTimeoutException e) {
                throw c.failure(new StallException("the whole request was sent but no answer came within "
                        + RegistryClient.human(t.firstByte()) + " (time-to-first-byte timeout)"));
            }
            c.answered = true;
            c.socket.setSoTimeout(millis(t.idle()));
            c.phase = Phase.READING;
            int status = parseStatus(line);
            Map<String, List<String>> h = readHeaders(c.in);
            if (status >= 100 && status < 200 && status != 101) {
                continue; // an interim answer (100 Continue): the real one follows
            }
            return new Response(status, h, body(c, method, status, line, h, t));
        }
    }

    /**
     * A request without a body that was sent and whose answer is read later, by {@link #answer}: the
     * caller does something else meanwhile (an upload's POST is answered while the blob's source is
     * opened). Never sent again: it is for requests that must not be (a POST).
     */
    static final class Pending {
        private final Connection c;
        private final String method;
        private final Timeouts t;

        private Pending(Connection c, String method, Timeouts t) {
            this.c = c;
            this.method = method;
            this.t = t;
        }
    }

    /** Sends a request without a body; {@link #answer} reads what came back. */
    Pending send(String method, URI uri, List<String> headers, Timeouts t) throws IOException {
        Connection c = lease(uri, t);
        c.watch(t.idle());
        try {
            writeRequest(c, method, uri, headers, null);
            c.socket.setSoTimeout(millis(t.firstByte()));
            c.phase = Phase.WAITING; // not idle-watched while the caller does the other thing
            return new Pending(c, method, t);
        } catch (IOException e) {
            IOException f = c.failure(e);
            c.close();
            throw f;
        } catch (RuntimeException | Error e) {
            c.close();
            throw e;
        }
    }

    /** The answer to a {@link #send sent} request, as {@link #exchange} gives it; never sent again. */
    Response answer(Pending p) throws IOException {
        try {
            return readAnswer(p.c, p.method, p.t);
        } catch (IOException e) {
            IOException f = p.c.failure(e);
            p.c.close();
            throw f;
        } catch (RuntimeException | Error e) {
            p.c.close();
            throw e;
        }
    }

    /**
     * Writing the request failed (a broken pipe, a reset): the server may have answered before it
     * stopped reading, as a registry does with a 401 for a token that expired mid-upload, and then
     * closed the connection. HTTP/1.1 asks a client sending a body to watch for such an answer
     * (RFC 9112, section 9.5 "Failures and Timeouts"); what the server sent is usually still in the
     * socket's receive buffer. A complete final answer is returned (its connection is never pooled);
     * anything less throws {@code writeFailure}, which stays the error (nothing of an answer came).
     */
    private Response earlyAnswer(Connection c, String method, Timeouts t, IOException writeFailure) throws IOException {
        c.mustClose = true;
        try {
            c.phase = Phase.READING;
            c.socket.setSoTimeout(
                    millis(EARLY_ANSWER_WAIT.compareTo(t.firstByte()) < 0 ? EARLY_ANSWER_WAIT : t.firstByte()));
            while (true) {
                String line = readLine(c.in, true);
                int status = parseStatus(line);
                Map<String, List<String>> h = readHeaders(c.in);
                if (status >= 100 && status < 200 && status != 101) {
                    continue;
                }
                return new Response(status, h, body(c, method, status, line, h, t));
            }
        } catch (IOException e) {
            if (e != writeFailure) {
                writeFailure.addSuppressed(e);
            }
            throw writeFailure;
        }
    }

    private static int millis(Duration d) {
        long ms = d.toMillis();
        return ms <= 0 ? 1 : (int) Math.min(Integer.MAX_VALUE, ms);
    }

    private static void writeRequest(Connection c, String method, URI uri, List<String> headers, Body body)
            throws IOException {
        StringBuilder sb = new StringBuilder(256);
        String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            target += "?" + uri.getRawQuery();
        }
        sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        sb.append("Host: ").append(hostHeader(uri)).append("\r\n");
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            String name = headers.get(i);
            String value = headers.get(i + 1);
            checkHeader(name, value);
            sb.append(name).append(": ").append(value).append("\r\n");
        }
        if (body != null) {
            sb.append("Content-Length: ").append(body.length()).append("\r\n");
        } else if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            sb.append("Content-Length: 0\r\n");
        }
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        c.phase = Phase.WRITING;
        if (body instanceof Bytes b && head.length + b.bytes().length <= IO_BUFFER) {
            byte[] all = java.util.Arrays.copyOf(head, head.length + b.bytes().length);
            System.arraycopy(b.bytes(), 0, all, head.length, b.bytes().length);
            c.write(all, 0, all.length);
        } else {
            c.write(head, 0, head.length);
            if (body instanceof Bytes b) {
                c.write(b.bytes(), 0, b.bytes().length);
            } else if (body instanceof Stream s) {
                writeStream(c, s);
            }
        }
        c.out.flush();
    }

    /** Copies exactly {@code s.length()} bytes of the stream, then reads it to its end (a digest check). */
    private static void writeStream(Connection c, Stream s) throws IOException {
        BodyCopy.copy(s.in(), s.length(), c.buffer(), c.out, c);
    }

    private static void checkHeader(String name, String value) {
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch <= ' ' || ch >= 127 || ch == ':') {
                throw new IllegalArgumentException("invalid HTTP header name: " + name);
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '\r' || ch == '\n' || ch > 255) {
                throw new IllegalArgumentException("invalid character in the value of HTTP header " + name);
            }
        }
    }

    private static String hostHeader(URI uri) {
        int port = uri.getPort();
        int def = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return port < 0 || port == def ? uri.getHost() : uri.getHost() + ":" + port;
    }

    private static int parseStatus(String line) throws IOException {
        // HTTP/1.1 200 OK
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
            throw new IOException("not an HTTP/1.x status line: " + abbreviate(line));
        }
        int status = 0;
        for (int i = 9; i < 12; i++) {
            char ch = line.charAt(i);
            if (ch < '0' || ch > '9') {
                throw new IOException("not an HTTP/1.x status line: " + abbreviate(line));
            }
            status = status * 10 + (ch - '0');
        }
        return status;
    }

    private static Map<String, List<String>> readHeaders(InputStream in) throws IOException {
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int count = 0; ; count++) {
            String line = readLine(in, false);
            if (line.isEmpty()) {
                return h;
            }
            if (count >= MAX_HEADERS) {
                throw new IOException("more than " + MAX_HEADERS + " header lines in an answer");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line in an answer: " + abbreviate(line));
            }
            h.computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>(1))
                    .add(line.substring(colon + 1).trim());
        }
    }

    /** A CRLF- (or LF-) terminated line in ISO-8859-1; at the first byte of an answer, EOF is an error. */
    static String readLine(InputStream in, boolean first) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException(
                        first && sb.length() == 0
                                ? "the server closed the connection without an answer"
                                : "the connection ended in the middle of the answer's head");
            }
            if (b == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') {
                    sb.setLength(len - 1);
                }
                return sb.toString();
            }
            if (sb.length() >= MAX_HEADER_LINE) {
                throw new IOException("a line of the answer's head is longer than " + MAX_HEADER_LINE + " bytes");
            }
            sb.append((char) b);
        }
    }

    private InputStream body(
            Connection c, String method, int status, String statusLine, Map<String, List<String>> h, Timeouts t)
            throws IOException {
        boolean keepAlive = keepAlive(statusLine, h);
        if (method.equals("HEAD") || status == 204 || status == 304) {
            c.keepAlive = keepAlive;
            release(c);
            return InputStream.nullInputStream();
        }
        List<String> te = h.get("Transfer-Encoding");
        if (te != null && !te.isEmpty()) {
            if (!te.get(te.size() - 1).toLowerCase(Locale.ROOT).endsWith("chunked")) {
                c.keepAlive = false;
                return new BodyStream(c, -1, false); // an unknown coding: to the end of the connection
            }
            c.keepAlive = keepAlive;
            return new BodyStream(c, -1, true);
        }
        List<String> cl = h.get("Content-Length");
        if (cl != null && !cl.isEmpty()) {
            long length;
            try {
                length = Long.parseLong(cl.get(0).trim());
            } catch (NumberFormatException e) {
                throw new IOException("invalid Content-Length in an answer: " + abbreviate(cl.get(0)));
            }
            if (length < 0) {
                throw new IOException("negative Content-Length in an answer: " + length);
            }
            c.keepAlive = keepAlive;
            if (length == 0) {
                release(c);
                return InputStream.nullInputStream();
            }
            return new BodyStream(c, length, false);
        }
        c.keepAlive = false;
        return new BodyStream(c, -1, false);
    }

    private static boolean keepAlive(String statusLine, Map<String, List<String>> h) {
        List<String> conn = h.get("Connection");
        boolean close = false;
        boolean keep = false;
        if (conn != null) {
            for (String v : conn) {
                for (String token : v.split(",")) {
                    String tok = token.trim().toLowerCase(Locale.ROOT);
                    close |= tok.equals("close");
                    keep |= tok.equals("keep-alive");
                }
            }
        }
        return !close && (statusLine.startsWith("HTTP/1.1") || keep);
    }

    /** The body of an answer: ends the exchange when read to its end (pooled) or closed (pooled only if ended). */
    private final class BodyStream extends InputStream {
        private final Connection c;
        private final boolean chunked;
        private long left; // bytes left in the body (Content-Length) or in the current chunk; -1 unknown
        private boolean eof;
        private boolean closed;

        BodyStream(Connection c, long length, boolean chunked) {
            this.c = c;
            this.chunked = chunked;
            this.left = chunked ? 0 : length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (closed) {
                throw new IOException("the answer's body was closed");
            }
            if (eof) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            try {
                if (chunked && left == 0) {
                    left = nextChunk();
                    if (left == 0) {
                        readHeaders(c.in); // trailers
                        end();
                        return -1;
                    }
                }
                int want = left < 0 ? len : (int) Math.min(len, left);
                c.owner = Thread.currentThread();
                int n = c.in.read(b, off, want);
                if (n < 0) {
                    if (left < 0 && !chunked) {
                        c.keepAlive = false;
                        end();
                        return -1;
                    }
                    throw new EOFException("the connection ended " + left + " bytes before the end of the body");
                }
                if (left > 0) {
                    left -= n;
                    if (left == 0 && !chunked) {
                        end();
                    } else if (left == 0) {
                        readCrlf();
                    }
                }
                return n;
            } catch (SocketTimeoutException e) {
                throw abort(
                        new IdleTimeoutInputStream.IdleTimeoutException("no data for " + RegistryClient.human(c.idle)
                                + " (idle-read timeout); the server or the" + " network stalled"));
            } catch (IOException e) {
                throw abort(c.failure(e));
            }
        }

        private long nextChunk() throws IOException {
            String line = readLine(c.in, false);
            int semi = line.indexOf(';');
            String hex = (semi >= 0 ? line.substring(0, semi) : line).trim();
            if (hex.isEmpty() || hex.length() > 15) {
                throw new IOException("invalid chunk size in an answer: " + abbreviate(line));
            }
            try {
                return Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("invalid chunk size in an answer: " + abbreviate(line));
            }
        }

        private void readCrlf() throws IOException {
            if (!readLine(c.in, false).isEmpty()) {
                throw new IOException("a chunk of the answer did not end with CRLF");
            }
        }

        private void end() {
            eof = true;
            release(c);
        }

        private IOException abort(IOException e) {
            closed = true;
            c.close();
            return e;
        }

        @Override
        public int available() throws IOException {
            if (eof || closed) {
                return 0;
            }
            int a = c.in.available();
            return left < 0 ? (chunked ? 0 : a) : (int) Math.min(a, left);
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (!eof) {
                c.close(); // the rest of the body is not worth reading: a new connection is cheaper
            }
        }
    }

    private static String key(URI uri) {
        String scheme = uri.getScheme() == null ? "http" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    private Connection lease(URI uri, Timeouts t) throws IOException {
        Deque<Connection> q = idle.get(key(uri));
        if (q != null) {
            Connection c;
            while ((c = q.pollFirst()) != null) {
                if (System.nanoTime() - c.idleSince < MAX_IDLE_NANOS && c.usable()) {
                    c.reused = true;
                    return c;
                }
                c.close();
            }
        }
        return connect(uri, t);
    }

    private Connection connect(URI uri, Timeouts t) throws IOException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IOException("not an http:// or https:// URL: " + uri);
        }
        if (uri.getHost() == null) {
            throw new IOException("no host in " + uri);
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80;
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(uri.getHost(), port), millis(t.connect()));
            if (tls) {
                SSLSocket ssl = (SSLSocket) Tls.FACTORY.createSocket(s, uri.getHost(), port, true);
                SSLParameters p = ssl.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(p);
                ssl.setSoTimeout(millis(t.connect()));
                ssl.startHandshake();
                s = ssl;
            }
        } catch (IOException | RuntimeException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw e;
        }
        opened.incrementAndGet();
        return new Connection(key(uri), s, closedConnections);
    }

    /** The JVM's default TLS socket factory, built on the first https:// connection. */
    private static final class Tls {
        static final SSLSocketFactory FACTORY = (SSLSocketFactory) SSLSocketFactory.getDefault();
    }

    private void release(Connection c) {
        c.unwatch();
        if (!c.keepAlive || c.closed || c.mustClose) {
            c.close();
            return;
        }
        c.idleSince = System.nanoTime();
        c.reused = false;
        Deque<Connection> q = idle.computeIfAbsent(c.key, k -> new ConcurrentLinkedDeque<>());
        if (q.size() >= MAX_IDLE_PER_HOST) {
            c.close();
            return;
        }
        q.offerFirst(c);
    }

    private enum Phase {
        WRITING,
        SOURCE,
        WAITING,
        READING
    }

    /** One socket; see the class comment for which thread touches what. */
    private static final class Connection implements BodyCopy.Watch {
        final String key;
        final Socket socket;
        final BufferedInputStream in;
        final OutputStream out;
        volatile Thread owner;
        volatile Phase phase = Phase.WRITING;
        volatile long lastProgress;
        volatile boolean closed;
        /** Why the watchdog closed the socket, or null. */
        volatile IOException abortedBy;

        boolean keepAlive;
        /** The request was not sent in full (an answer came early): the framing is lost, never pool it. */
        boolean mustClose;

        boolean reused;
        /** The current exchange's status line has come (a failure after it is not a stale connection). */
        boolean answered;

        long idleSince;
        Duration idle = Duration.ZERO;
        private byte[] buffer;
        private ScheduledFuture<?> watch;
        private final java.util.concurrent.atomic.AtomicLong closedCounter;
        private final java.util.concurrent.atomic.AtomicBoolean counted =
                new java.util.concurrent.atomic.AtomicBoolean();

        Connection(String key, Socket socket, java.util.concurrent.atomic.AtomicLong closedCounter) throws IOException {
            this.key = key;
            this.socket = socket;
            this.closedCounter = closedCounter;
            this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            this.out = socket.getOutputStream();
        }

        byte[] buffer() {
            if (buffer == null) {
                buffer = new byte[IO_BUFFER];
            }
            return buffer;
        }

        void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        void progress() {
            lastProgress = System.nanoTime();
        }

        @Override
        public void reading() {
            phase = Phase.SOURCE;
            lastProgress = System.nanoTime();
        }

        @Override
        public void writing() {
            phase = Phase.WRITING;
            lastProgress = System.nanoTime();
        }

        /** Whether a pooled connection is still open: nothing to read and no end of stream. */
        boolean usable() {
            if (closed || socket.isClosed() || socket.isInputShutdown()) {
                return false;
            }
            try {
                if (in.available() > 0) {
                    return false; // unexpected bytes: the framing is lost
                }
                socket.setSoTimeout(1);
                in.read(); // -1: the server closed it; a byte: unexpected data
                return false;
            } catch (SocketTimeoutException e) {
                return true; // nothing came: still open
            } catch (IOException e) {
                return false;
            }
        }

        void watch(Duration idleTimeout) {
            this.answered = false;
            this.idle = idleTimeout;
            this.owner = Thread.currentThread();
            this.abortedBy = null;
            progress();
            long period = Math.max(10, Math.min(250, idleTimeout.toMillis() / 4));
            long idleNanos = idleTimeout.toNanos();
            watch = WATCHDOG.scheduleWithFixedDelay(() -> check(idleNanos), period, period, TimeUnit.MILLISECONDS);
        }

        private void check(long idleNanos) {
            if (closed) {
                unwatch();
                return;
            }
            Thread t = owner;
            if (t != null && t.isInterrupted()) {
                abort(new InterruptedIOException("interrupted (the copy was cancelled)"));
                return;
            }
            Phase p = phase;
            if ((p == Phase.WRITING || p == Phase.SOURCE) && System.nanoTime() - lastProgress > idleNanos) {
                abort(new StallException(
                        p == Phase.SOURCE
                                ? "no data for " + RegistryClient.human(idle)
                                        + " (idle-read timeout) from the source while sending it"
                                : "the registry took no data for " + RegistryClient.human(idle) + " (idle timeout)"));
            }
        }

        private void abort(IOException why) {
            abortedBy = why;
            close();
        }

        /** What to throw for {@code e}: why the watchdog closed the socket, if it did. */
        IOException failure(IOException e) {
            IOException why = abortedBy;
            if (why != null) {
                if (e != why && why.getCause() == null) {
                    why.initCause(e);
                }
                return why;
            }
            return e;
        }

        void unwatch() {
            ScheduledFuture<?> w = watch;
            if (w != null) {
                w.cancel(false);
                watch = null;
            }
            owner = null;
        }

        void close() {
            closed = true;
            if (counted.compareAndSet(false, true)) {
                closedCounter.incrementAndGet();
            }
            ScheduledFuture<?> w = watch;
            if (w != null) {
                w.cancel(false);
            }
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
