package dev.awskit.core.iam;

import dev.awskit.core.AwsKit;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The IAM + STS server of this module's ITs: {@code AWSKIT_IT_ENDPOINT} when set, else the shared
 * {@code moto_server} named by the emulators file ({@code moto.endpoint}). It resolves the server
 * the way {@code dev.awskit.testing.Targets} does; aws-kit-core cannot use aws-kit-testing itself
 * (that module depends on this one, and Maven refuses the cycle even in test scope).
 *
 * <p>Without a server, {@link #require()} aborts the test (shown as skipped, with the reason); under
 * {@code CI=true} it fails instead.
 */
final class IamServer {
    final URI endpoint;
    final String region;
    final String accessKey;
    final String secretKey;
    /** The local moto_server of scripts/emulators, whose gaps the tests may name. */
    final boolean localMoto;

    private IamServer(URI endpoint, String region, String accessKey, String secretKey, boolean localMoto) {
        this.endpoint = endpoint;
        this.region = region;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.localMoto = localMoto;
    }

    /** The server, or the test is skipped (failed under {@code CI=true}) with the reason. */
    static IamServer require() {
        StringBuilder why = new StringBuilder();
        Optional<IamServer> s = find(why);
        if (s.isEmpty()) {
            String reason = why + ": set AWSKIT_IT_ENDPOINT to a server that speaks IAM and STS (moto_server,"
                    + " LocalStack, AWS)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(reason);
            }
            Assumptions.abort(reason);
        }
        return s.get();
    }

    static Optional<IamServer> find(StringBuilder why) {
        String it = System.getenv("AWSKIT_IT_ENDPOINT");
        if (it != null && !it.isBlank()) {
            return Optional.of(new IamServer(
                    URI.create(it.trim()),
                    System.getenv().getOrDefault("AWS_REGION", "us-east-1"),
                    System.getenv().getOrDefault("AWS_ACCESS_KEY_ID", "test"),
                    System.getenv().getOrDefault("AWS_SECRET_ACCESS_KEY", "test"),
                    false));
        }
        why.append("AWSKIT_IT_ENDPOINT is not set");
        Optional<Path> file = emulatorsFile();
        if (file.isEmpty()) {
            why.append(", and no .emulators/endpoints.properties (scripts/emulators start) names moto.endpoint");
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file.get())) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String endpoint = p.getProperty("moto.endpoint");
        if (endpoint == null) {
            why.append(", and ").append(file.get()).append(" has no moto.endpoint");
            return Optional.empty();
        }
        if (!answers(URI.create(endpoint))) {
            why.append(", and the moto server at ").append(endpoint).append(" does not answer");
            return Optional.empty();
        }
        return Optional.of(new IamServer(
                URI.create(endpoint),
                "us-east-1",
                p.getProperty("moto.accessKey", "test"),
                p.getProperty("moto.secretKey", "test"),
                true));
    }

    AwsKit.Builder kitBuilder() {
        return AwsKit.builder().region(region).credentials(accessKey, secretKey).endpoint(endpoint);
    }

    private static Optional<Path> emulatorsFile() {
        String named = System.getenv("AWSKIT_EMULATORS_FILE");
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

    static boolean answers(URI endpoint) {
        try {
            HttpURLConnection c = (HttpURLConnection) endpoint.toURL().openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(5000);
            c.getResponseCode();
            c.disconnect();
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
