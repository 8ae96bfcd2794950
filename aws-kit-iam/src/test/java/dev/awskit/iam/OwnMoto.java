package dev.awskit.iam;

import dev.awskit.core.AwsKit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A {@code moto_server} of the test's own, on a free port of 127.0.0.1, for what must never be done
 * to the shared one: enforcing IAM authentication ({@code POST /moto-api/reset-auth}). Started with
 * {@code MOTO_IAM_LOAD_MANAGED_POLICIES=true}; stopped (this process only) by {@link #close()}.
 */
final class OwnMoto implements AutoCloseable {
    final URI endpoint;
    private final Process process;

    private OwnMoto(URI endpoint, Process process) {
        this.endpoint = endpoint;
        this.process = process;
    }

    /** Starts one; the test is skipped (failed under {@code CI=true}) when moto_server is not on PATH. */
    static OwnMoto start(Path logDir) {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder pb = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(logDir.resolve("moto-" + port + ".log").toFile());
        pb.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            String reason = "moto_server is not on PATH (pip install 'moto[server]'): " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(reason);
            }
            Assumptions.abort(reason);
            throw new IllegalStateException(reason);
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!answers(port)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("moto_server on port " + port + " did not start; see "
                        + logDir.resolve("moto-" + port + ".log"));
            }
            sleep(200);
        }
        return new OwnMoto(endpoint, p);
    }

    /**
     * Enforces IAM authentication after {@code freeRequests} more requests, as moto documents:
     * {@code POST /moto-api/reset-auth} with the count as the body.
     */
    void enforceAuthAfter(int freeRequests) {
        try {
            HttpURLConnection c = (HttpURLConnection)
                    URI.create(endpoint + "/moto-api/reset-auth").toURL().openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            c.getOutputStream().write(Integer.toString(freeRequests).getBytes(StandardCharsets.UTF_8));
            int status = c.getResponseCode();
            String body = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (status != 200 || !body.contains("\"ok\"")) {
                throw new IllegalStateException("reset-auth answered " + status + ": " + body);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A kit with these credentials on this server. */
    AwsKit kit(String accessKey, String secret) {
        return AwsKit.builder()
                .region("us-east-1")
                .credentials(accessKey, secret)
                .endpoint(endpoint)
                .build();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean answers(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
