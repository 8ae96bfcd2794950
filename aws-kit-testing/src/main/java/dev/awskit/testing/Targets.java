package dev.awskit.testing;

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
import java.util.concurrent.ConcurrentHashMap;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;

/**
 * Finds a server for a service, in this order:
 *
 * <ol>
 *   <li>{@code AWSKIT_IT_ENDPOINT} (LocalStack, moto, real AWS) with {@code AWS_REGION} (default
 *       us-east-1) and the credentials in the environment (default test/test);
 *   <li>the local servers (S3Proxy, kinesis-mock, the registries, moto for the control plane),
 *       read from the file named
 *       by {@code AWSKIT_EMULATORS_FILE} or from {@code .emulators/endpoints.properties} in this
 *       or a parent directory, when the endpoint answers;
 *   <li>a LocalStack container ({@value #LOCALSTACK_IMAGE}) when a Docker engine is available;
 *   <li>none, with the reason.
 * </ol>
 */
public final class Targets {
    /** The pinned LocalStack community image ({@code latest} needs an auth token since 2026-03). */
    public static final String LOCALSTACK_IMAGE = "localstack/localstack:4.4.0";

    private static final Map<String, Object> CACHE = new ConcurrentHashMap<>();
    private static volatile LocalStackContainer localStack;

    private Targets() {}

    /** The target for {@code service}, or an explanation of why there is none. */
    public static Resolution find(Service service) {
        return find(service, System.getenv());
    }

    /**
     * The target for {@code service}, for code that cannot use {@link UsesServer} (a {@code
     * @BeforeAll} of a per-class lifecycle, a helper): without one the calling test is aborted
     * (reported as skipped, with the reason), or failed under {@code CI=true}.
     */
    public static Target require(Service service) {
        Resolution r = find(service);
        if (r.target().isPresent()) {
            return r.target().get();
        }
        if (inCi()) {
            org.junit.jupiter.api.Assertions.fail(r.reason());
        }
        org.junit.jupiter.api.Assumptions.abort(r.reason());
        throw new IllegalStateException("unreachable");
    }

    static Resolution find(Service service, Map<String, String> env) {
        String it = env.get("AWSKIT_IT_ENDPOINT");
        if (it != null && !it.isBlank() && service != Service.REGISTRY) {
            return Resolution.found(new Target(
                    service,
                    Target.Kind.IT_ENDPOINT,
                    URI.create(it.trim()),
                    env.getOrDefault("AWS_REGION", "us-east-1"),
                    env.getOrDefault("AWS_ACCESS_KEY_ID", "test"),
                    env.getOrDefault("AWS_SECRET_ACCESS_KEY", "test")));
        }
        StringBuilder why = new StringBuilder("AWSKIT_IT_ENDPOINT is not set");
        Optional<Path> file = emulatorsFile(env);
        if (service == Service.OTHER) {
            return Resolution.none(why.append(" (this test fakes the service itself otherwise)")
                    .toString());
        }
        String key = service.fileKey() + ".endpoint";
        if (file.isEmpty()) {
            why.append(", and no local server file (AWSKIT_EMULATORS_FILE, or .emulators/endpoints.properties")
                    .append(" from scripts/emulators start) names ")
                    .append(key);
        } else {
            Properties p = load(file.get());
            String endpoint = p.getProperty(key);
            if (endpoint == null) {
                why.append(", and ").append(file.get()).append(" has no ").append(key);
            } else if (!answers(URI.create(endpoint))) {
                why.append(", and the ")
                        .append(service.fileKey())
                        .append(" server at ")
                        .append(endpoint)
                        .append(" does not answer");
            } else {
                boolean registry = service == Service.REGISTRY;
                String prefix = registry ? "registry" : service.fileKey();
                String user = registry ? "registry.username" : prefix + ".accessKey";
                String password = registry ? "registry.password" : prefix + ".secretKey";
                return Resolution.found(new Target(
                        service,
                        Target.Kind.LOCAL_EMULATOR,
                        URI.create(endpoint),
                        "us-east-1",
                        p.getProperty(user, "test"),
                        p.getProperty(password, "test")));
            }
        }
        if (service.inLocalStack() && dockerAvailable()) {
            LocalStackContainer ls = localStack();
            return Resolution.found(new Target(
                    service,
                    Target.Kind.LOCALSTACK_CONTAINER,
                    ls.getEndpoint(),
                    ls.getRegion(),
                    ls.getAccessKey(),
                    ls.getSecretKey()));
        }
        if (service.inLocalStack()) {
            why.append(", and no Docker engine for a LocalStack container");
        }
        return Resolution.none(why.toString());
    }

    /** The registry endpoints of the emulators file, {@code registry.1.endpoint} and {@code registry.2.endpoint}. */
    public static Optional<URI> registry(int n) {
        return emulatorsFile(System.getenv())
                .map(Targets::load)
                .map(p -> p.getProperty("registry." + n + ".endpoint"))
                .map(URI::create)
                .filter(Targets::answers);
    }

    /** The emulators' endpoints file, when one exists. */
    public static Optional<Path> emulatorsFile(Map<String, String> env) {
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

    /** Whether CI is running ({@code CI=true}): a missing server then fails instead of skipping. */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    static Properties load(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return p;
    }

    static boolean answers(URI endpoint) {
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : ("https".equals(endpoint.getScheme()) ? 443 : 80);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(endpoint.getHost(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean dockerAvailable() {
        return (Boolean) CACHE.computeIfAbsent("docker", k -> {
            try {
                return DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                return false;
            }
        });
    }

    private static synchronized LocalStackContainer localStack() {
        if (localStack == null) {
            LocalStackContainer c = new LocalStackContainer(LOCALSTACK_IMAGE).withServices("s3", "kinesis");
            c.start();
            localStack = c;
        }
        return localStack;
    }

    /** A found target, or the reason there is none. */
    public static final class Resolution {
        private final Target target;
        private final String reason;

        private Resolution(Target target, String reason) {
            this.target = target;
            this.reason = reason;
        }

        static Resolution found(Target t) {
            return new Resolution(t, null);
        }

        static Resolution none(String reason) {
            return new Resolution(null, reason);
        }

        public Optional<Target> target() {
            return Optional.ofNullable(target);
        }

        /** Why no target was found (empty when one was). */
        public String reason() {
            return reason == null ? "" : reason;
        }
    }
}
