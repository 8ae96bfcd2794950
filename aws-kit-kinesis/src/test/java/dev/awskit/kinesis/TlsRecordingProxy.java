package dev.awskit.kinesis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A TLS-terminating TCP proxy that records what clients say, for proving which HTTP version a client
 * speaks: it offers {@code h2} and {@code http/1.1} by ALPN (preferring {@code h2}, as AWS does),
 * records the protocol each connection agreed on and the first bytes the client sent after the
 * handshake (an HTTP/2 client starts with the connection preface {@code PRI * HTTP/2.0}, an
 * HTTP/1.1 client with its request line), and forwards the plaintext to an {@code http} upstream
 * (kinesis-mock's plain port, which speaks HTTP/1.1 and h2c with prior knowledge).
 *
 * <p>Its certificate is made by the JDK's {@code keytool} for {@code 127.0.0.1}; {@link
 * #trustStore()} holds it, for the client side of a test.
 */
final class TlsRecordingProxy implements AutoCloseable {
    static final String H2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    private static final char[] PASSWORD = "proxy-test".toCharArray();
    private static final int RECORDED = 64 * 1024;

    /** One client connection: the ALPN protocol agreed ("" when none) and its first bytes. */
    record Connection(String alpn, byte[] clientBytes) {
        String start() {
            return new String(clientBytes, 0, Math.min(clientBytes.length, 24), StandardCharsets.ISO_8859_1);
        }

        boolean http2() {
            return "h2".equals(alpn) && start().equals(H2_PREFACE);
        }

        String text() {
            return new String(clientBytes, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return "Connection{alpn='" + alpn + "', starts " + start().replace("\r\n", "\\r\\n") + "}";
        }
    }

    private final URI upstream;
    private final SSLServerSocket server;
    private final Path trustStore;
    private final List<Live> connections = new CopyOnWriteArrayList<>();

    /** A connection while it lasts: what the client sent so far. */
    private record Live(String alpn, ByteArrayOutputStream recorded) {
        Connection snapshot() {
            synchronized (recorded) {
                return new Connection(alpn, recorded.toByteArray());
            }
        }
    }

    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private TlsRecordingProxy(URI upstream, SSLServerSocket server, Path trustStore) {
        this.upstream = upstream;
        this.server = server;
        this.trustStore = trustStore;
        Thread t = new Thread(this::accept, "tls-recording-proxy");
        t.setDaemon(true);
        t.start();
    }

    static TlsRecordingProxy start(URI upstream, Path dir) throws IOException, GeneralSecurityException {
        Path keyStore = dir.resolve("proxy.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "proxy",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=127.0.0.1",
                        "-ext",
                        "san=ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keyStore.toString(),
                        "-storepass",
                        new String(PASSWORD))
                .redirectErrorStream(true)
                .start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IOException("keytool failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", e);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, PASSWORD);
        }
        Certificate cert = keys.getCertificate("proxy");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("proxy", cert);
        Path trustStore = dir.resolve("trust.p12");
        try (OutputStream o = Files.newOutputStream(trustStore)) {
            trust.store(o, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket server = (SSLServerSocket)
                tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        return new TlsRecordingProxy(upstream, server, trustStore);
    }

    URI endpoint() {
        return URI.create("https://127.0.0.1:" + server.getLocalPort());
    }

    /** A PKCS12 trust store holding the proxy's certificate. */
    Path trustStore() {
        return trustStore;
    }

    String trustStorePassword() {
        return new String(PASSWORD);
    }

    /** Every connection so far, open or closed, with what its client sent until now. */
    List<Connection> connections() {
        return connections.stream().map(Live::snapshot).toList();
    }

    private void accept() {
        while (!closed) {
            try {
                SSLSocket client = (SSLSocket) server.accept();
                open.add(client);
                Thread t = new Thread(() -> serve(client), "tls-recording-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(SSLSocket client) {
        try {
            SSLParameters p = client.getSSLParameters();
            p.setApplicationProtocols(new String[] {"h2", "http/1.1"});
            client.setSSLParameters(p);
            client.startHandshake();
            String alpn = client.getApplicationProtocol();
            Socket up = new Socket();
            open.add(up);
            up.connect(new InetSocketAddress(upstream.getHost(), upstream.getPort()), 5_000);
            ByteArrayOutputStream recorded = new ByteArrayOutputStream();
            connections.add(new Live(alpn == null ? "" : alpn, recorded));
            Thread back = new Thread(() -> pump(up, client, null), "tls-recording-proxy-back");
            back.setDaemon(true);
            back.start();
            pump(client, up, recorded);
        } catch (IOException e) {
            // the client or the upstream went away
        }
    }

    /** Copies until EOF; records into {@code recorded} (up to 64 KiB) when given. */
    private void pump(Socket from, Socket to, ByteArrayOutputStream recorded) {
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (recorded != null) {
                    synchronized (recorded) {
                        int room = RECORDED - recorded.size();
                        if (room > 0) {
                            recorded.write(buf, 0, Math.min(room, n));
                        }
                    }
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // closed on either side
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        open.forEach(TlsRecordingProxy::closeQuietly);
    }
}
