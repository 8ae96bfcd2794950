package dev.awskit.ecr.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 server on a raw socket whose every byte a test writes (RFC 9112 framing done by hand):
 * what no real registry does on demand (a reset in the middle of a body, a keep-alive connection
 * closed after a request was read, chunked answers with trailers, silence). It records each request
 * it read, with its headers, in order, and counts connections.
 */
final class ScriptedServer implements AutoCloseable {
    /** One request as read: request line, headers (names lower-cased), body. */
    record Request(String line, Map<String, String> headers, byte[] body) {
        String method() {
            return line.substring(0, line.indexOf(' '));
        }
    }

    /** Answers the requests of one connection; {@code index} counts connections from 0. */
    @FunctionalInterface
    interface Handler {
        void handle(Connection c, int index) throws Exception;
    }

    /** One accepted connection: read requests, write raw answers. */
    final class Connection {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /** The next request (its body read by Content-Length), or null when the client closed. */
        Request read() throws IOException {
            String line = line(in);
            if (line == null) {
                return null;
            }
            Map<String, String> h = new LinkedHashMap<>();
            for (String l; !(l = line(in)).isEmpty(); ) {
                int colon = l.indexOf(':');
                h.put(
                        l.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        l.substring(colon + 1).trim());
            }
            int length = Integer.parseInt(h.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            Request r = new Request(line, h, body);
            requests.add(r);
            return r;
        }

        void write(String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        void write(byte[] b) throws IOException {
            out.write(b);
            out.flush();
        }

        /** A complete answer with a Content-Length body. */
        void answer(int status, String body, String... headers) throws IOException {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder sb = new StringBuilder("HTTP/1.1 " + status + " X\r\n");
            for (int i = 0; i + 1 < headers.length; i += 2) {
                sb.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            sb.append("Content-Length: ").append(b.length).append("\r\n\r\n");
            write(sb.toString());
            write(b);
        }

        /** Ends the connection with a TCP reset (SO_LINGER 0), not an orderly close. */
        void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }
    }

    private final ServerSocket server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "scripted-server");
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch closed = new CountDownLatch(1);
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();

    ScriptedServer(Handler handler) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pool.execute(() -> {
            while (!server.isClosed()) {
                Socket s;
                try {
                    s = server.accept();
                } catch (IOException e) {
                    return;
                }
                int index = connections.getAndIncrement();
                pool.execute(() -> {
                    try (s) {
                        handler.handle(new Connection(s), index);
                    } catch (Exception e) {
                        failures.add(e);
                    }
                });
            }
        });
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Blocks a handler until the server closes (a server that never answers). */
    void hang() throws InterruptedException {
        closed.await();
    }

    List<String> lines() {
        List<String> l = new ArrayList<>();
        requests.forEach(r -> l.add(r.line()));
        return l;
    }

    /** A CRLF-terminated line, or null at the end of the stream before any byte. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                if (b.size() == 0) {
                    return null;
                }
                throw new IOException("the client closed in the middle of a line");
            }
            b.write(c);
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        server.close();
        pool.shutdownNow();
    }
}
