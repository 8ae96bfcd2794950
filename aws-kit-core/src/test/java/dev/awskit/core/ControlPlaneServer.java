package dev.awskit.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The control-plane server (STS, IAM, Logs ...) for every IT of aws-kit-core: {@code AWSKIT_IT_ENDPOINT}
 * when set, else the shared {@code moto_server} named by {@code moto.endpoint} in the emulators file
 * ({@code AWSKIT_EMULATORS_FILE}, or {@code .emulators/endpoints.properties} here or above), found
 * in the order {@code dev.awskit.testing.Targets} uses for {@code @UsesServer(Service.STS)}.
 *
 * <p>aws-kit-core cannot use {@code @UsesServer} itself: aws-kit-testing depends on aws-kit-core,
 * and Maven refuses that cycle even in test scope. Without a server, {@link #require()} aborts the
 * test (reported as skipped, with the reason); under {@code CI=true} it fails instead.
 */
public record ControlPlaneServer(URI endpoint, String region, String accessKey, String secretKey, boolean localMoto) {

    /** A server that speaks STS, or the test is skipped (failed under {@code CI=true}) saying why. */
    public static ControlPlaneServer require() {
        return require("STS");
    }

    /**
     * A server that speaks {@code services} (e.g. "IAM and STS"), or the test is skipped (failed
     * under {@code CI=true}) saying why.
     */
    public static ControlPlaneServer require(String services) {
        Map<String, String> env = System.getenv();
        String it = env.get("AWSKIT_IT_ENDPOINT");
        if (it != null && !it.isBlank()) {
            return new ControlPlaneServer(
                    URI.create(it.trim()),
                    env.getOrDefault("AWS_REGION", "us-east-1"),
                    env.getOrDefault("AWS_ACCESS_KEY_ID", "test"),
                    env.getOrDefault("AWS_SECRET_ACCESS_KEY", "test"),
                    false);
        }
        StringBuilder why = new StringBuilder("AWSKIT_IT_ENDPOINT is not set");
        Optional<Path> file = emulatorsFile(env);
        if (file.isEmpty()) {
            why.append(", and no emulators file (AWSKIT_EMULATORS_FILE or .emulators/endpoints.properties)");
        } else {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(file.get())) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file.get(), e);
            }
            String endpoint = p.getProperty("moto.endpoint");
            if (endpoint == null) {
                why.append(", and ").append(file.get()).append(" has no moto.endpoint");
            } else if (!answers(URI.create(endpoint))) {
                why.append(", and the moto server at ").append(endpoint).append(" does not answer");
            } else {
                return new ControlPlaneServer(
                        URI.create(endpoint),
                        "us-east-1",
                        p.getProperty("moto.accessKey", "test"),
                        p.getProperty("moto.secretKey", "test"),
                        true);
            }
        }
        String reason = why + ": set AWSKIT_IT_ENDPOINT to a server that speaks " + services
                + " (moto_server, LocalStack, AWS)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(reason);
        }
        Assumptions.abort(reason);
        throw new IllegalStateException("unreachable");
    }

    /** A kit pointed at this server for every service. */
    public AwsKit.Builder kitBuilder() {
        return AwsKit.builder().region(region).credentials(accessKey, secretKey).endpoint(endpoint.toString());
    }

    private static Optional<Path> emulatorsFile(Map<String, String> env) {
        String named = env.get("AWSKIT_EMULATORS_FILE");
        if (named != null && !named.isBlank() && Files.isRegularFile(Path.of(named))) {
            return Optional.of(Path.of(named));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path f = dir.resolve(".emulators").resolve("endpoints.properties");
            if (Files.isRegularFile(f)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** Whether something accepts connections at the endpoint's host and port. */
    public static boolean answers(URI endpoint) {
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : ("https".equals(endpoint.getScheme()) ? 443 : 80);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(endpoint.getHost(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return (localMoto ? "moto_server at " : "AWSKIT_IT_ENDPOINT ") + endpoint + " (" + region + ")";
    }
}
