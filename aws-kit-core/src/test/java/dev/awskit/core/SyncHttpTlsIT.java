package dev.awskit.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyManagementException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The kit's shared sync (Apache 5) HTTP client builds its TLS context on the first {@code https}
 * connection, not when it is created: a kit that only talks to {@code http://} endpoints (the
 * emulators) never initialises one. Observed from outside the kit: a JCA provider registered first
 * for {@code SSLContext.TLS} counts every {@code SSLContext.init} in this JVM while a test runs.
 * Both tests talk to an in-JVM server ({@code com.sun.net.httpserver}) answering STS
 * GetCallerIdentity, the answer documented at
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html.
 */
class SyncHttpTlsIT {
    private static final String IDENTITY =
            """
            <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <GetCallerIdentityResult>
                <Arn>arn:aws:iam::123456789012:user/tls-test</Arn>
                <UserId>AIDAEXAMPLEUSERID0001</UserId>
                <Account>123456789012</Account>
              </GetCallerIdentityResult>
              <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
            </GetCallerIdentityResponse>
            """;

    private final CountingTls counting = new CountingTls();
    private final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();
    private HttpServer server;

    @BeforeEach
    void countTlsContexts() {
        Security.insertProviderAt(counting, 1);
    }

    @AfterEach
    void stop() {
        Security.removeProvider(counting.getName());
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void syncClient_overHttp_neverInitialisesAnSslContext() {
        server = start(serverOn(false));
        try (AwsKit aws = kit("http://127.0.0.1:" + server.getAddress().getPort())) {
            String account = aws.client(StsClient.class).getCallerIdentity().account();

            assertThat(account).isEqualTo("123456789012");
        }
        assertThat(requests).containsExactly("POST /");
        assertThat(CountingTls.INITS.get())
                .as("SSLContext.init calls while the kit talked to an http:// endpoint")
                .isZero();
    }

    @Test
    void syncClient_overHttps_buildsTheContextOnFirstUse_andVerifiesTheServer(@TempDir Path dir) throws Exception {
        Path serverStore = dir.resolve("server.p12");
        Path trustStore = dir.resolve("trust.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "san=ip:127.0.0.1,dns:localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                serverStore.toString(),
                "-storepass",
                "changeit");
        Path cert = dir.resolve("server.cer");
        keytool(
                "-exportcert",
                "-alias",
                "server",
                "-keystore",
                serverStore.toString(),
                "-storepass",
                "changeit",
                "-file",
                cert.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "server",
                "-file",
                cert.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                trustStore.toString(),
                "-storepass",
                "changeit");
        HttpsServer https = (HttpsServer) serverOn(true);
        https.setHttpsConfigurator(new HttpsConfigurator(serverContext(serverStore)));
        server = start(https);
        int before = CountingTls.INITS.get();
        Map<String, String> saved = trust(trustStore);
        try (AwsKit aws = kit("https://localhost:" + server.getAddress().getPort())) {
            StsClient sts = aws.client(StsClient.class);
            assertThat(CountingTls.INITS.get() - before)
                    .as("SSLContext.init calls before the first https request")
                    .isZero();

            assertThat(sts.getCallerIdentity().account()).isEqualTo("123456789012");
            assertThat(sts.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::123456789012:user/tls-test");
        } finally {
            saved.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
        assertThat(requests).containsExactly("POST /", "POST /");
        assertThat(CountingTls.INITS.get() - before)
                .as("SSLContext.init calls for two requests over one https client")
                .isEqualTo(1);
    }

    private AwsKit kit(String endpoint) {
        return AwsKit.builder()
                .environment(Map.of("HOME", "/nonexistent"))
                .region("us-east-1")
                .credentials("awskit-test-key", "test-secret")
                .endpoint(endpoint)
                .build();
    }

    private HttpServer serverOn(boolean tls) {
        try {
            InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            return tls ? HttpsServer.create(at, 0) : HttpServer.create(at, 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a local server", e);
        }
    }

    private HttpServer start(HttpServer s) {
        s.createContext("/", this::answer);
        s.start();
        return s;
    }

    private void answer(HttpExchange x) throws IOException {
        try (InputStream in = x.getRequestBody()) {
            in.readAllBytes();
        }
        requests.add(x.getRequestMethod() + " " + x.getRequestURI().getPath());
        byte[] body = IDENTITY.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "text/xml");
        x.sendResponseHeaders(200, body.length);
        x.getResponseBody().write(body);
        x.close();
    }

    /** The server's own context, from SunJSSE directly so that it is not counted. */
    private static SSLContext serverContext(Path store) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext c = SSLContext.getInstance("TLS", "SunJSSE");
        c.init(kmf.getKeyManagers(), null, null);
        return c;
    }

    /** Makes the JVM's default trust managers trust {@code store}; returns the previous settings. */
    private static Map<String, String> trust(Path store) {
        Map<String, String> saved = new java.util.HashMap<>();
        for (String k : List.of(
                "javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword", "javax.net.ssl.trustStoreType")) {
            saved.put(k, System.getProperty(k));
        }
        System.setProperty("javax.net.ssl.trustStore", store.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        return saved;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(p.exitValue()).as("keytool %s: %s", args[0], out).isZero();
    }

    /** A provider of {@code SSLContext.TLS} that counts {@code init} and delegates to SunJSSE. */
    private static final class CountingTls extends Provider {
        private static final long serialVersionUID = 1L;
        static final AtomicInteger INITS = new AtomicInteger();

        CountingTls() {
            super("AwsKitCountingTls", "1.0", "counts SSLContext.init calls (test only)");
            INITS.set(0);
            putService(new Service(this, "SSLContext", "TLS", CountingSpi.class.getName(), null, null) {
                @Override
                public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
                    return new CountingSpi();
                }
            });
        }
    }

    private static final class CountingSpi extends SSLContextSpi {
        private final SSLContext real;

        CountingSpi() throws NoSuchAlgorithmException {
            try {
                real = SSLContext.getInstance("TLS", "SunJSSE");
            } catch (NoSuchProviderException e) {
                throw new NoSuchAlgorithmException(e);
            }
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            CountingTls.INITS.incrementAndGet();
            real.init(km, tm, sr);
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return real.getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return real.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return real.createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return real.createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return real.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return real.getClientSessionContext();
        }
    }
}
